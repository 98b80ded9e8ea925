import type { EntityManager } from '@mikro-orm/postgresql';
import { HIGH_VOLUME_EVENTS } from '../events/domain-events.js';
import { loadMinutes, loadProducts, loadSegments, loadSessionMetrics, sessionClock, type MinuteRow } from '../live-metrics/live-metrics-reads.js';
import { run } from '../live-metrics/live-metrics-sql.js';
import { metricValues, type MetricValues, type RawSessionMetrics } from '../live-metrics/metric-values.js';
import { pace, type Pace } from '../live-metrics/pacing.js';
import { LiveSession } from '../sessions/session.entity.js';
import type { Actor, Scope } from '../shared/actor.js';
import { findInOrganization } from '../shared/lookup.js';
import { annotationLabel, type AnnotationContext } from './annotations.js';

/** How many earlier sessions of the same host and of the same campaign the review compares with. */
export const COMPARISON_SESSIONS = 5;

export const FUNNEL_STEPS = ['ENTRIES', 'VIEWERS', 'PRODUCT_IMPRESSION_VIEWERS', 'PRODUCT_CLICK_VIEWERS', 'ORDERS_CREATED', 'BUYERS'] as const;
export type FunnelStepKind = (typeof FUNNEL_STEPS)[number];

const FUNNEL_LABELS: Record<FunnelStepKind, [string, string]> = {
  ENTRIES: ['进入直播间（人次）', 'Entries (PV)'],
  VIEWERS: ['观看人数', 'Unique viewers (UV)'],
  PRODUCT_IMPRESSION_VIEWERS: ['商品曝光人数', 'Product-impression viewers'],
  PRODUCT_CLICK_VIEWERS: ['商品点击人数', 'Product-clicking viewers'],
  ORDERS_CREATED: ['下单数', 'Orders created'],
  BUYERS: ['成交人数', 'Paying buyers'],
};

export interface FunnelStep {
  step: FunnelStepKind;
  labelZh: string;
  labelEn: string;
  count: number;
  /** count / the previous step's count; null for the first step or when the previous is 0. */
  rateFromPrevious: number | null;
  /** count / UV; null when UV is 0. */
  rateOfViewers: number | null;
}

export interface ReviewTarget extends Pace {
  goalId: string;
  goalTitle: string;
}

export interface ReviewSegment {
  segmentId: string;
  position: number;
  kind: string;
  title: string;
  plannedStart: Date;
  plannedEnd: Date;
  plannedDurationSeconds: number;
  actualStart: Date | null;
  actualEnd: Date | null;
  actualDurationSeconds: number | null;
  pv: number;
  comments: number;
  clicks: number;
  paidOrders: number;
  gmvPaid: number;
  /** Paid GMV per actual minute on air; null when it never aired. */
  gmvPaidPerMinute: number | null;
}

export interface ReviewProduct {
  productId: string;
  title: string;
  sku: string;
  /** Place in the lineup; null for products sold without being on it. */
  lineupPosition: number | null;
  impressions: number;
  clicks: number;
  /** clicks / impressions (events, not viewers); null without impressions. */
  ctr: number | null;
  addToCarts: number;
  orders: number;
  units: number;
  gmvPaid: number;
  refunds: number;
  /** Share of the session's paid GMV; null when the session sold nothing. */
  gmvShare: number | null;
}

export interface ReviewAnnotation {
  name: string;
  at: Date;
  labelZh: string;
  labelEn: string;
  payload: Record<string, unknown>;
}

export interface ComparedSession {
  sessionId: string;
  gmvPaid: number;
  uv: number;
  conversionRate: number | null;
  gpm: number | null;
}

export interface ComparisonFigures {
  gmvPaid: number | null;
  uv: number | null;
  conversionRate: number | null;
  gpm: number | null;
}

export interface ComparisonGroup {
  sessions: ComparedSession[];
  /** Average of the earlier sessions (null when there are none, or none has the figure). */
  average: ComparisonFigures;
  /** (this session − average) / average, e.g. 0.25 = 25% above; null without an average or when it is 0. */
  delta: ComparisonFigures;
}

export interface SessionReview {
  session: LiveSession;
  currency: string;
  timeZone: string;
  generatedAt: Date;
  values: MetricValues;
  raw: RawSessionMetrics;
  targets: ReviewTarget[];
  funnel: FunnelStep[];
  segments: ReviewSegment[];
  products: ReviewProduct[];
  series: MinuteRow[];
  annotations: ReviewAnnotation[];
  comparison: { host: ComparisonGroup; campaign: ComparisonGroup };
}

const ratio = (numerator: number | null | undefined, denominator: number | null | undefined) =>
  numerator == null || !denominator ? null : numerator / denominator;

/**
 * 复盘: a session's numbers after (or during) the show, read with a fixed number of statements
 * whatever its length, lineup or run-of-show.
 */
export class ReviewService {
  async sessionReview({ em, actor }: Scope, sessionId: string, now = new Date()): Promise<SessionReview> {
    const session = await findInOrganization(em, LiveSession, actor, sessionId);
    const ids = [session.id];
    const [[raw], targets, minutes, productRows, segmentMetrics, segments, products, events, comparison] = await Promise.all([
      loadSessionMetrics(em, actor, ids),
      run<{ goal_id: string; title: string; metric: string; target: number }>(
        em,
        `select st.goal_id, g.title, g.metric, st.target from session_targets st join campaign_goals g on g.id = st.goal_id
          where st.session_id = ? and st.organization_id = ? order by g.position, g.created_at, g.id`,
        [session.id, actor.organizationId],
      ),
      loadMinutes(em, actor, ids, null, null),
      loadProducts(em, actor, ids),
      loadSegments(em, actor, ids),
      run<{ id: string; position: number; kind: string; title: string; planned_offset_seconds: number; planned_duration_seconds: number; actual_start: Date | null; actual_end: Date | null }>(
        em,
        `select id, position, kind, title, planned_offset_seconds, planned_duration_seconds, actual_start, actual_end
           from segments where session_id = ? and organization_id = ? order by position, id`,
        [session.id, actor.organizationId],
      ),
      run<{ id: string; title: string; sku: string; position: number | null }>(
        em,
        `select p.id, p.title, p.sku, li.position
           from products p left join lineup_items li on li.product_id = p.id and li.session_id = ?
          where p.organization_id = ?
            and (li.id is not null or p.id in (select product_id from session_product_metrics where session_id = ?))`,
        [session.id, actor.organizationId, session.id],
      ),
      run<{ name: string; occurred_at: Date; payload: Record<string, unknown> | string; message_zh: string | null; message_en: string | null }>(
        em,
        `select e.name, e.occurred_at, e.payload, a.message_zh, a.message_en
           from domain_events e left join alerts a on e.name like 'alert.%' and a.id::text = e.payload->>'alertId'
          where e.session_id = ? and e.organization_id = ? and e.name not in (?)
          order by e.occurred_at, e.seq`,
        [session.id, actor.organizationId, [...HIGH_VOLUME_EVENTS]],
      ),
      this.comparison(em, actor, session, now),
    ]);
    const clock = sessionClock(session, now);
    const values = metricValues(raw!, clock);
    const window = {
      start: session.actualStart ?? null,
      plannedMs: session.scheduledEnd.getTime() - session.scheduledStart.getTime(),
      now: session.actualEnd ?? now,
      ended: session.actualEnd != null,
    };

    const annotationContext: AnnotationContext = { segmentTitles: new Map(segments.map((segment) => [segment.id, segment.title])) };
    const gmvPaid = values.GMV_PAID ?? 0;
    const productTitles = new Map(products.map((product) => [product.id, product]));
    const productIds = [
      ...products.filter((product) => product.position != null).sort((a, b) => a.position! - b.position!).map((product) => product.id),
      ...productRows.map((row) => row.productId).filter((id) => productTitles.get(id)?.position == null),
    ];

    return {
      session,
      currency: actor.currency,
      timeZone: actor.timeZone,
      generatedAt: now,
      values,
      raw: raw!,
      targets: targets.map((row) => ({ ...pace(row.metric, Number(row.target), values, window), goalId: row.goal_id, goalTitle: row.title })),
      funnel: funnel(values, raw!),
      segments: segments.map((segment) => {
        const metrics = segmentMetrics.find((row) => row.segmentId === segment.id);
        const plannedStart = new Date(session.scheduledStart.getTime() + segment.planned_offset_seconds * 1000);
        const actualStart = toDate(segment.actual_start);
        const actualEnd = toDate(segment.actual_end) ?? (actualStart && session.currentSegment === segment.id ? now : null);
        const actualDurationSeconds = actualStart && actualEnd ? Math.max(0, Math.round((actualEnd.getTime() - actualStart.getTime()) / 1000)) : null;
        const segmentGmv = metrics?.gmvPaid ?? 0;
        return {
          segmentId: segment.id,
          position: segment.position,
          kind: segment.kind,
          title: segment.title,
          plannedStart,
          plannedEnd: new Date(plannedStart.getTime() + segment.planned_duration_seconds * 1000),
          plannedDurationSeconds: segment.planned_duration_seconds,
          actualStart,
          actualEnd: toDate(segment.actual_end),
          actualDurationSeconds,
          pv: metrics?.pv ?? 0,
          comments: metrics?.comments ?? 0,
          clicks: metrics?.clicks ?? 0,
          paidOrders: metrics?.ordersPaid ?? 0,
          gmvPaid: segmentGmv,
          gmvPaidPerMinute: actualDurationSeconds ? segmentGmv / (actualDurationSeconds / 60) : null,
        };
      }),
      products: productIds.map((productId) => {
        const row = productRows.find((candidate) => candidate.productId === productId);
        const product = productTitles.get(productId);
        return {
          productId,
          title: product?.title ?? '',
          sku: product?.sku ?? '',
          lineupPosition: product?.position ?? null,
          impressions: row?.impressions ?? 0,
          clicks: row?.clicks ?? 0,
          ctr: ratio(row?.clicks, row?.impressions),
          addToCarts: row?.addToCarts ?? 0,
          orders: row?.orders ?? 0,
          units: row?.units ?? 0,
          gmvPaid: row?.gmvPaid ?? 0,
          refunds: row?.refundAmount ?? 0,
          gmvShare: ratio(row?.gmvPaid ?? 0, gmvPaid),
        };
      }),
      series: fillMinutes(minutes, session, now),
      annotations: events.map((event) => {
        const payload = typeof event.payload === 'string' ? (JSON.parse(event.payload) as Record<string, unknown>) : event.payload;
        const [labelZh, labelEn] = annotationLabel(event.name, payload, annotationContext, event.message_zh, event.message_en);
        return { name: event.name, at: toDate(event.occurred_at)!, labelZh, labelEn, payload };
      }),
      comparison: {
        host: compare(comparison.filter((row) => row.sameHost).slice(0, COMPARISON_SESSIONS), values),
        campaign: compare(comparison.filter((row) => row.sameCampaign).slice(0, COMPARISON_SESSIONS), values),
      },
    };
  }

  /**
   * Earlier ENDED or REVIEWED sessions with the same MAIN host or in the same campaign, newest
   * first, at most COMPARISON_SESSIONS of each, with their numbers: two statements.
   */
  private async comparison(em: EntityManager, actor: Actor, session: LiveSession, now: Date) {
    const rows = await run<{ id: string; actual_start: Date | null; actual_end: Date | null; same_host: boolean; same_campaign: boolean }>(
      em,
      `with me as (
         select coalesce(s.actual_start, s.scheduled_start) as at, s.campaign_id,
                (select host_id from session_hosts where session_id = s.id and role = 'MAIN') as host_id
           from live_sessions s where s.id = ?
       ), earlier as (
         select s.id, s.actual_start, s.actual_end, coalesce(s.actual_start, s.scheduled_start) as at,
                coalesce(sh.host_id = me.host_id, false) as same_host, coalesce(s.campaign_id = me.campaign_id, false) as same_campaign
           from live_sessions s cross join me
           left join session_hosts sh on sh.session_id = s.id and sh.role = 'MAIN'
          where s.organization_id = ? and s.id <> ? and s.status in ('ENDED', 'REVIEWED')
            and coalesce(s.actual_start, s.scheduled_start) < me.at
            and (sh.host_id = me.host_id or s.campaign_id = me.campaign_id)
       ), ranked as (
         select *, row_number() over (partition by same_host order by at desc, id) as host_rank,
                   row_number() over (partition by same_campaign order by at desc, id) as campaign_rank
           from earlier
       )
       select id, actual_start, actual_end, same_host and host_rank <= ? as same_host, same_campaign and campaign_rank <= ? as same_campaign
         from ranked where (same_host and host_rank <= ?) or (same_campaign and campaign_rank <= ?)
        order by at desc, id`,
      [session.id, actor.organizationId, session.id, COMPARISON_SESSIONS, COMPARISON_SESSIONS, COMPARISON_SESSIONS, COMPARISON_SESSIONS],
    );
    const metrics = await loadSessionMetrics(em, actor, rows.map((row) => row.id));
    return rows.map((row, index) => {
      const values = metricValues(metrics[index]!, { now, actualStart: toDate(row.actual_start), actualEnd: toDate(row.actual_end) });
      return {
        sameHost: row.same_host,
        sameCampaign: row.same_campaign,
        figures: { sessionId: row.id, gmvPaid: values.GMV_PAID ?? 0, uv: values.UV ?? 0, conversionRate: values.CONVERSION_RATE ?? null, gpm: values.GPM ?? null },
      };
    });
  }
}

const toDate = (value: Date | string | null | undefined) => (value == null ? null : value instanceof Date ? value : new Date(value));

function funnel(values: MetricValues, raw: RawSessionMetrics): FunnelStep[] {
  const counts: Record<FunnelStepKind, number> = {
    ENTRIES: values.PV ?? 0,
    VIEWERS: values.UV ?? 0,
    PRODUCT_IMPRESSION_VIEWERS: values.PRODUCT_IMPRESSION_VIEWERS ?? 0,
    PRODUCT_CLICK_VIEWERS: values.PRODUCT_CLICK_VIEWERS ?? 0,
    ORDERS_CREATED: raw.ordersCreated,
    BUYERS: values.BUYERS ?? 0,
  };
  return FUNNEL_STEPS.map((step, index) => ({
    step,
    labelZh: FUNNEL_LABELS[step][0],
    labelEn: FUNNEL_LABELS[step][1],
    count: counts[step],
    rateFromPrevious: index === 0 ? null : ratio(counts[step], counts[FUNNEL_STEPS[index - 1]!]),
    rateOfViewers: ratio(counts[step], counts.VIEWERS),
  }));
}

/** Every minute from the show's start to its end (or the last minute with data), empty minutes as zeros. */
function fillMinutes(rows: MinuteRow[], session: LiveSession, now: Date): MinuteRow[] {
  const floor = (date: Date) => Math.floor(date.getTime() / 60_000) * 60_000;
  const first = [session.actualStart, rows[0]?.minute].filter((date): date is Date => date != null).map(floor);
  const last = [session.actualEnd ?? (session.actualStart ? now : null), rows.at(-1)?.minute].filter((date): date is Date => date != null).map(floor);
  if (!first.length || !last.length) return rows;
  const byMinute = new Map(rows.map((row) => [row.minute.getTime(), row]));
  const empty = rows[0] ? Object.fromEntries(Object.keys(rows[0]).map((key) => [key, 0])) : {};
  const filled: MinuteRow[] = [];
  // A session runs at most a day; the cap guards against a clock far off.
  for (let at = Math.min(...first), end = Math.max(...last), count = 0; at <= end && count < 24 * 60 + 1; at += 60_000, count += 1) {
    // Viewers online is a level: a minute without events keeps the previous minute's.
    const previous = filled.at(-1)?.onlineMax ?? 0;
    filled.push(byMinute.get(at) ?? ({ ...empty, sessionId: session.id, minute: new Date(at), onlineMax: previous } as MinuteRow));
  }
  return filled;
}

function compare(rows: { figures: ComparedSession }[], current: MetricValues): ComparisonGroup {
  const sessions = rows.map((row) => row.figures);
  const average = (pick: (session: ComparedSession) => number | null): number | null => {
    const known = sessions.map(pick).filter((value): value is number => value != null);
    return known.length ? known.reduce((sum, value) => sum + value, 0) / known.length : null;
  };
  const averages: ComparisonFigures = {
    gmvPaid: average((session) => session.gmvPaid),
    uv: average((session) => session.uv),
    conversionRate: average((session) => session.conversionRate),
    gpm: average((session) => session.gpm),
  };
  const delta = (value: number | null | undefined, base: number | null) => (value == null || !base ? null : (value - base) / base);
  return {
    sessions,
    average: averages,
    delta: {
      gmvPaid: delta(current.GMV_PAID, averages.gmvPaid),
      uv: delta(current.UV, averages.uv),
      conversionRate: delta(current.CONVERSION_RATE, averages.conversionRate),
      gpm: delta(current.GPM, averages.gpm),
    },
  };
}
