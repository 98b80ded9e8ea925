import type { EntityManager } from '@mikro-orm/postgresql';
import type { Campaign } from '../campaigns/campaign.entity.js';
import type { Actor } from '../shared/actor.js';
import type { LiveSession } from '../sessions/session.entity.js';
import { MINUTE_COUNTERS, PRODUCT_COUNTERS, SEGMENT_COUNTERS, SESSION_COUNTERS, type MinuteCounter, type ProductCounter, type SegmentCounter } from './aggregate.js';
import { run, snake } from './live-metrics-sql.js';
import { readRows } from '../db/read-rows.js';
import { emptyMetrics, metricValues, withDerived, type MetricClock, type MetricValues, type RawSessionMetrics } from './metric-values.js';
import { pace, type Pace } from './pacing.js';

/*
 * Reads of the live-metrics read model: one statement per batch of sessions (or campaigns), no
 * ORM hydration. Every read is scoped to the caller's organization.
 */

const num = (value: unknown) => (value == null ? 0 : Number(value));
const date = (value: unknown) => (value == null ? null : value instanceof Date ? value : new Date(value as string));
const counts = <K extends string>(keys: readonly K[], row: Record<string, unknown>) =>
  Object.fromEntries(keys.map((key) => [key, num(row[snake(key)])])) as Record<K, number>;

/** A `session_metrics` row as numbers (alerts read rows of many organizations at once with it). */
export function toRaw(row: Record<string, unknown>): RawSessionMetrics {
  return {
    ...emptyMetrics(row.session_id as string, row.organization_id as string),
    ...counts(SESSION_COUNTERS, row),
    version: num(row.version),
    online: num(row.online),
    onlineSample: row.online_sample == null ? null : num(row.online_sample),
    onlineSampleAt: date(row.online_sample_at),
    peakOnline: num(row.peak_online),
    updatedAt: date(row.updated_at),
  };
}

/** The clock a session's numbers are read with. */
export const sessionClock = (session: Pick<LiveSession, 'actualStart' | 'actualEnd'>, now = new Date()): MetricClock => ({
  now,
  actualStart: session.actualStart ?? null,
  actualEnd: session.actualEnd ?? null,
});

/** Totals per session id, zeros for sessions nothing was ingested for. */
export async function loadSessionMetrics(em: EntityManager, actor: Actor, sessionIds: readonly string[]): Promise<RawSessionMetrics[]> {
  if (!sessionIds.length) return [];
  const rows = await readRows(em, 'select * from session_metrics where session_id = any($1) and organization_id = $2', [sessionIds, actor.organizationId]);
  const byId = new Map(rows.map((row) => [row.session_id as string, toRaw(row)]));
  return sessionIds.map((id) => byId.get(id) ?? emptyMetrics(id, actor.organizationId));
}

export interface MinuteRow extends Record<MinuteCounter, number> {
  sessionId: string;
  minute: Date;
  onlineMax: number;
}

/** Per-minute rows of the sessions within [from, to), by minute. */
export async function loadMinutes(em: EntityManager, actor: Actor, sessionIds: readonly string[], from: Date | null, to: Date | null): Promise<MinuteRow[]> {
  if (!sessionIds.length) return [];
  const rows = await readRows(
    em,
    `select * from session_metric_minutes
      where session_id = any($1) and organization_id = $2 and minute >= coalesce($3::timestamptz, '-infinity') and minute < coalesce($4::timestamptz, 'infinity')
      order by session_id, minute`,
    [sessionIds, actor.organizationId, from, to],
  );
  return rows.map((row) => ({ sessionId: row.session_id as string, minute: date(row.minute)!, onlineMax: num(row.online_max), ...counts(MINUTE_COUNTERS, row) }));
}

export interface ProductRow extends Record<ProductCounter, number> {
  sessionId: string;
  productId: string;
  /** The session's paid GMV, for the product's share of it. */
  sessionGmvPaid: number;
}

/** Per-product rows of the sessions, best-selling first. */
export async function loadProducts(em: EntityManager, actor: Actor, sessionIds: readonly string[]): Promise<ProductRow[]> {
  if (!sessionIds.length) return [];
  const rows = await readRows(
    em,
    `select p.*, m.gmv_paid as session_gmv_paid
       from session_product_metrics p join session_metrics m on m.session_id = p.session_id
      where p.session_id = any($1) and p.organization_id = $2
      order by p.session_id, p.gmv_paid desc, p.clicks desc, p.product_id`,
    [sessionIds, actor.organizationId],
  );
  return rows.map((row) => ({
    sessionId: row.session_id as string, productId: row.product_id as string, sessionGmvPaid: num(row.session_gmv_paid), ...counts(PRODUCT_COUNTERS, row),
  }));
}

export interface SegmentRow extends Record<SegmentCounter, number> {
  sessionId: string;
  segmentId: string;
  position: number | null;
}

/** Per-segment rows of the sessions, in run-of-show order (segments deleted since last). */
export async function loadSegments(em: EntityManager, actor: Actor, sessionIds: readonly string[]): Promise<SegmentRow[]> {
  if (!sessionIds.length) return [];
  const rows = await readRows(
    em,
    `select sm.*, s.position
       from session_segment_metrics sm left join segments s on s.id = sm.segment_id
      where sm.session_id = any($1) and sm.organization_id = $2
      order by sm.session_id, s.position nulls last, sm.segment_id`,
    [sessionIds, actor.organizationId],
  );
  return rows.map((row) => ({
    sessionId: row.session_id as string, segmentId: row.segment_id as string, position: row.position == null ? null : num(row.position), ...counts(SEGMENT_COUNTERS, row),
  }));
}

export interface GoalPace extends Pace {
  goalId: string;
  /** The session target paced, for session pacing. */
  sessionTargetId: string | null;
}

/** Each session's targets (session share of a campaign goal) against its live numbers. */
export async function sessionPacing(em: EntityManager, actor: Actor, sessions: readonly LiveSession[], now = new Date()): Promise<GoalPace[][]> {
  if (!sessions.length) return [];
  const ids = sessions.map((session) => session.id);
  const [targets, metrics] = await Promise.all([
    run<{ id: string; session_id: string; goal_id: string; target: number; metric: string }>(
      em,
      `select st.id, st.session_id, st.goal_id, st.target, g.metric
         from session_targets st join campaign_goals g on g.id = st.goal_id
        where st.session_id in (?) and st.organization_id = ?
        order by g.position, g.created_at, g.id`,
      [ids, actor.organizationId],
    ),
    loadSessionMetrics(em, actor, ids),
  ]);
  return sessions.map((session, index) => {
    const clock = sessionClock(session, now);
    const values = metricValues(metrics[index]!, clock);
    const window = {
      start: session.actualStart ?? null,
      plannedMs: session.scheduledEnd.getTime() - session.scheduledStart.getTime(),
      now: session.actualEnd ?? now,
      ended: session.actualEnd != null,
    };
    return targets
      .filter((row) => row.session_id === session.id)
      .map((row) => ({ ...pace(row.metric, Number(row.target), values, window), goalId: row.goal_id, sessionTargetId: row.id }));
  });
}

/**
 * Each campaign goal against the campaign's sessions: flows summed over the sessions, PCU their
 * highest peak, buyers and repeat buyers deduplicated over the campaign's paid orders, derived
 * metrics from those sums. Projected over the campaign's dates.
 */
export async function campaignPacing(em: EntityManager, actor: Actor, campaigns: readonly Campaign[], now = new Date()): Promise<GoalPace[][]> {
  if (!campaigns.length) return [];
  const ids = campaigns.map((campaign) => campaign.id);
  const [goals, sessionRows, buyerRows] = await Promise.all([
    run<{ id: string; campaign_id: string; target: number; metric: string }>(
      em,
      `select id, campaign_id, target, metric from campaign_goals where campaign_id in (?) and organization_id = ?
        order by position, created_at, id`,
      [ids, actor.organizationId],
    ),
    run(
      em,
      `select s.campaign_id, s.actual_start, s.actual_end, m.*
         from live_sessions s join session_metrics m on m.session_id = s.id
        where s.campaign_id in (?) and s.organization_id = ?`,
      [ids, actor.organizationId],
    ),
    run<{ campaign_id: string; buyers: string; repeat_buyers: string }>(
      em,
      `select campaign_id, count(*) as buyers, count(*) filter (where paid_orders >= 2) as repeat_buyers
         from (select s.campaign_id, o.viewer_id, count(*) as paid_orders
                 from orders o join live_sessions s on s.id = o.session_id
                where s.campaign_id in (?) and o.organization_id = ? and o.paid_at is not null and o.viewer_id is not null
                group by s.campaign_id, o.viewer_id) as per_buyer
        group by campaign_id`,
      [ids, actor.organizationId],
    ),
  ]);
  return campaigns.map((campaign) => {
    const total = emptyMetrics(campaign.id, actor.organizationId);
    let watchSeconds = 0;
    let liveSeconds = 0;
    for (const row of sessionRows.filter((candidate) => candidate.campaign_id === campaign.id)) {
      const raw = toRaw(row);
      const values = metricValues(raw, { now, actualStart: date(row.actual_start), actualEnd: date(row.actual_end) });
      for (const key of SESSION_COUNTERS) total[key] += raw[key];
      total.peakOnline = Math.max(total.peakOnline, raw.peakOnline);
      watchSeconds += values.WATCH_SECONDS ?? 0;
      liveSeconds += values.LIVE_SECONDS ?? 0;
    }
    const buyers = buyerRows.find((row) => row.campaign_id === campaign.id);
    const values: MetricValues = {
      ...metricValues({ ...total, buyers: num(buyers?.buyers) }, { now, actualStart: null, actualEnd: null }),
      WATCH_SECONDS: watchSeconds,
      LIVE_SECONDS: liveSeconds,
      REPEAT_BUYERS: num(buyers?.repeat_buyers),
    };
    // Derived again: campaign watch time, live time and repeat buyers are known only now.
    const full = withDerived(values);
    const window = {
      start: campaign.startsAt.getTime() <= now.getTime() ? campaign.startsAt : null,
      plannedMs: campaign.endsAt.getTime() - campaign.startsAt.getTime(),
      now: campaign.endsAt.getTime() < now.getTime() ? campaign.endsAt : now,
      ended: campaign.endsAt.getTime() <= now.getTime(),
    };
    return goals
      .filter((goal) => goal.campaign_id === campaign.id)
      .map((goal) => ({ ...pace(goal.metric, Number(goal.target), full, window), goalId: goal.id, sessionTargetId: null }));
  });
}

export interface BuyerRetention {
  from: Date;
  to: Date;
  buyers: number;
  repeatBuyers: number;
  repurchaseRate: number | null;
  followerGrowth: number;
  sessions: { sessionId: string; newFollowers: number }[];
}

/**
 * Buyers recognised across the organization's sessions: viewers with a paid order in [from, to)
 * (in the campaign's sessions when given), those with at least two (repeat buyers), and the
 * follows that happened in the window (by minute), per session with activity in it.
 */
export async function buyerRetention(em: EntityManager, actor: Actor, from: Date, to: Date, campaignId: string | null): Promise<BuyerRetention> {
  const [buyers, sessions] = await Promise.all([
    run<{ buyers: string; repeat_buyers: string }>(
      em,
      `select count(*) as buyers, count(*) filter (where paid_orders >= 2) as repeat_buyers
         from (select o.viewer_id, count(*) as paid_orders
                 from orders o join live_sessions s on s.id = o.session_id
                where o.organization_id = ? and o.viewer_id is not null and o.paid_at >= ? and o.paid_at < ?
                  and (?::uuid is null or s.campaign_id = ?::uuid)
                group by o.viewer_id) as per_buyer`,
      [actor.organizationId, from, to, campaignId, campaignId],
    ),
    run<{ id: string; follows: string }>(
      em,
      `select s.id, sum(mm.follows) as follows
         from session_metric_minutes mm join live_sessions s on s.id = mm.session_id
        where mm.organization_id = ? and mm.minute >= date_trunc('minute', ?::timestamptz) and mm.minute < ?
          and (?::uuid is null or s.campaign_id = ?::uuid)
        group by s.id, s.scheduled_start
        order by s.scheduled_start, s.id`,
      [actor.organizationId, from, to, campaignId, campaignId],
    ),
  ]);
  const buyerCount = num(buyers[0]?.buyers);
  const repeatBuyers = num(buyers[0]?.repeat_buyers);
  const perSession = sessions.map((row) => ({ sessionId: row.id, newFollowers: num(row.follows) }));
  return {
    from,
    to,
    buyers: buyerCount,
    repeatBuyers,
    repurchaseRate: buyerCount ? repeatBuyers / buyerCount : null,
    followerGrowth: perSession.reduce((sum, row) => sum + row.newFollowers, 0),
    sessions: perSession,
  };
}
