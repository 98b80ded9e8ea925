import type { EntityManager } from '@mikro-orm/postgresql';
import { toRaw } from '../live-metrics/live-metrics-reads.js';
import { run } from '../live-metrics/live-metrics-sql.js';
import { emptyMetrics, metricValues, onlineNow } from '../live-metrics/metric-values.js';
import { SERIES } from './alert-metrics.js';
import type { AlertCondition } from './alert.entity.js';
import type { MinutePoint, RuleSpec, SessionSnapshot } from './evaluator.js';

/** What one session's evaluation needs: its snapshot, the rules that apply, and open alerts of rules that no longer do. */
export interface SessionBatch {
  organizationId: string;
  snapshot: SessionSnapshot;
  rules: RuleSpec[];
  /** Open alerts whose rule was disabled, deleted or no longer applies: they clear. */
  orphans: string[];
}

interface RuleRow {
  session_id: string;
  organization_id: string;
  currency: string;
  actual_start: Date | null;
  scheduled_start: Date;
  scheduled_end: Date;
  current_segment: string | null;
  current_segment_since: Date | null;
  rule_id: string | null;
  name: string;
  metric: string;
  condition: AlertCondition;
  threshold: number;
  window_seconds: number;
  product_id: string | null;
  expected_per_minute: number | null;
  cooldown_seconds: number;
}

const toDate = (value: Date | string | null) => (value == null ? null : value instanceof Date ? value : new Date(value));

/**
 * Reads everything the rules of a batch of LIVE sessions (`null`: every LIVE session) need, with
 * a fixed number of statements whatever the number of sessions and rules: sessions with their
 * applicable rules, the latest alert of each rule, the totals, and only when some rule needs
 * them the per-minute series, the targets and the current segment's product sales.
 */
export async function readSnapshots(em: EntityManager, sessionIds: string[] | null, now: Date): Promise<SessionBatch[]> {
  if (sessionIds && !sessionIds.length) return [];
  const ruleRows = await run<RuleRow>(
    em,
    `select s.id as session_id, s.organization_id, o.currency, s.actual_start, s.scheduled_start, s.scheduled_end,
            s.current_segment, s.current_segment_since,
            r.id as rule_id, r.name, r.metric, r.condition, r.threshold, r.window_seconds, r.product_id, r.expected_per_minute, r.cooldown_seconds
       from live_sessions s
       join organizations o on o.id = s.organization_id
       left join alert_rules r on r.organization_id = s.organization_id and r.enabled and (r.session_id = s.id or r.session_id is null)
      where s.status = 'LIVE' ${sessionIds ? 'and s.id in (?)' : ''}
        and (r.id is not null or exists (select 1 from alerts a where a.session_id = s.id and a.cleared_at is null))
      order by s.id, r.created_at, r.id`,
    sessionIds ? [sessionIds] : [],
  );
  if (!ruleRows.length) return [];

  const sessions = new Map<string, { row: RuleRow; rules: RuleSpec[] }>();
  for (const row of ruleRows) {
    const entry = sessions.get(row.session_id) ?? { row, rules: [] };
    sessions.set(row.session_id, entry);
    if (row.rule_id) {
      entry.rules.push({
        id: row.rule_id,
        name: row.name,
        metric: row.metric,
        condition: row.condition,
        threshold: Number(row.threshold),
        windowSeconds: row.window_seconds,
        product: row.product_id,
        expectedPerMinute: row.expected_per_minute == null ? null : Number(row.expected_per_minute),
        cooldownSeconds: row.cooldown_seconds,
      });
    }
  }
  const batchIds = [...sessions.keys()];
  const rules = [...sessions.values()].flatMap((entry) => entry.rules);
  const needs = (conditions: AlertCondition[]) => rules.some((rule) => conditions.includes(rule.condition));

  const [latest, totals, minutes, targets, sales] = await Promise.all([
    run<{ id: string; session_id: string; rule_id: string | null; fired_at: Date; cleared_at: Date | null }>(
      em,
      `select distinct on (session_id, rule_id) id, session_id, rule_id, fired_at, cleared_at
         from alerts where session_id in (?) order by session_id, rule_id, fired_at desc`,
      [batchIds],
    ),
    run<Record<string, unknown>>(em, 'select * from session_metrics where session_id in (?)', [batchIds]),
    needs(['DROP_PERCENT', 'RISE_PERCENT'])
      ? run<Record<string, unknown> & { session_id: string; minute: Date }>(
          em,
          `select session_id, minute, ${Object.values(SERIES).map((series) => series.column).join(', ')}
             from session_metric_minutes where session_id in (?) and minute >= ? order by session_id, minute`,
          [batchIds, new Date(now.getTime() - (2 * Math.max(...rules.map((rule) => rule.windowSeconds)) + 120) * 1000)],
        )
      : Promise.resolve([]),
    needs(['BELOW_PACE', 'PRODUCT_BELOW_EXPECTED'])
      ? run<{ session_id: string; metric: string; target: number }>(
          em,
          `select st.session_id, g.metric, max(st.target) as target
             from session_targets st join campaign_goals g on g.id = st.goal_id
            where st.session_id in (?) group by st.session_id, g.metric`,
          [batchIds],
        )
      : Promise.resolve([]),
    needs(['PRODUCT_BELOW_EXPECTED']) ? readSegmentSales(em, [...sessions.values()].map((entry) => entry.row), rules) : Promise.resolve(null),
  ]);

  return [...sessions.values()].map(({ row, rules: sessionRules }): SessionBatch => {
    const sessionId = row.session_id;
    const raw = totals.find((candidate) => candidate.session_id === sessionId);
    const metrics = raw ? toRaw(raw) : emptyMetrics(sessionId, row.organization_id);
    const actualStart = toDate(row.actual_start);
    const current: Record<string, number | undefined> = {};
    for (const [key, value] of Object.entries(metricValues(metrics, { now, actualStart, actualEnd: null }))) current[key] = value ?? undefined;
    current.ONLINE_VIEWERS = onlineNow(metrics, now);

    const open: Record<string, { alertId: string }> = {};
    const lastFiredAt: Record<string, Date> = {};
    const applicable = new Set(sessionRules.map((rule) => rule.id));
    const orphans: string[] = [];
    for (const alert of latest.filter((candidate) => candidate.session_id === sessionId)) {
      const isOpen = alert.cleared_at == null;
      if (!alert.rule_id || !applicable.has(alert.rule_id)) {
        if (isOpen) orphans.push(alert.id);
        continue;
      }
      lastFiredAt[alert.rule_id] = toDate(alert.fired_at)!;
      if (isOpen) open[alert.rule_id] = { alertId: alert.id };
    }

    const segment = sales?.segments.get(sessionId) ?? null;
    return {
      organizationId: row.organization_id,
      rules: sessionRules,
      orphans,
      snapshot: {
        sessionId,
        currency: row.currency,
        startedAt: actualStart,
        plannedSeconds: (toDate(row.scheduled_end)!.getTime() - toDate(row.scheduled_start)!.getTime()) / 1000,
        current,
        minutes: minutes
          .filter((minute) => minute.session_id === sessionId)
          .map((minute): MinutePoint => ({
            minute: toDate(minute.minute)!,
            values: Object.fromEntries(Object.entries(SERIES).map(([metric, { column }]) => [metric, Number(minute[column] ?? 0)])),
          })),
        targets: Object.fromEntries(targets.filter((target) => target.session_id === sessionId).map((target) => [target.metric, Number(target.target)])),
        segment,
        segmentProductSales: sales?.sales.get(sessionId) ?? {},
        productTitles: sales?.titles ?? {},
        open,
        lastFiredAt,
      },
    };
  });
}

/**
 * The segment on air in each session and the sales of each product since it went on air (order
 * lines of orders paid since then), with the titles of the rules' products. Two statements.
 */
async function readSegmentSales(em: EntityManager, sessions: RuleRow[], rules: RuleSpec[]) {
  const onAir = sessions.filter((session) => session.current_segment);
  const segmentRows = onAir.length
    ? await run<{ id: string; session_id: string; planned_duration_seconds: number; product_ids: string[]; actual_start: Date | null }>(
        em,
        'select id, session_id, planned_duration_seconds, product_ids, actual_start from segments where id in (?)',
        [onAir.map((session) => session.current_segment!)],
      )
    : [];
  const segments = new Map<string, NonNullable<SessionSnapshot['segment']>>();
  for (const row of segmentRows) {
    const session = onAir.find((candidate) => candidate.session_id === row.session_id)!;
    const startedAt = toDate(session.current_segment_since) ?? toDate(row.actual_start);
    if (startedAt) segments.set(row.session_id, { id: row.id, startedAt, plannedSeconds: row.planned_duration_seconds, productIds: row.product_ids });
  }
  const productIds = [...new Set(rules.flatMap((rule) => (rule.product ? [rule.product] : [])))];
  const windows = [...segments.entries()].map(([sessionId, segment]) => ({ session_id: sessionId, since: segment.startedAt.toISOString() }));
  const [lines, products] = await Promise.all([
    windows.length
      ? run<{ session_id: string; product: string; orders: number; units: number; gmv: number }>(
          em,
          `select w.session_id, i.product, count(distinct o.id) as orders, sum(i.quantity) as units, sum(i.quantity * i."unitPrice") as gmv
             from jsonb_to_recordset(?::jsonb) as w(session_id uuid, since timestamptz)
             join orders o on o.session_id = w.session_id and o.paid_at >= w.since
             cross join lateral jsonb_to_recordset(o.items) as i(product text, quantity bigint, "unitPrice" bigint)
            group by w.session_id, i.product`,
          [JSON.stringify(windows)],
        )
      : Promise.resolve([]),
    productIds.length
      ? run<{ id: string; title: string }>(em, 'select id, title from products where id in (?)', [productIds])
      : Promise.resolve([]),
  ]);
  const sales = new Map<string, Record<string, Record<string, number>>>();
  for (const line of lines) {
    const bySession = sales.get(line.session_id) ?? {};
    bySession[line.product] = { ORDERS: Number(line.orders), UNITS_PAID: Number(line.units), GMV_PAID: Number(line.gmv) };
    sales.set(line.session_id, bySession);
  }
  return { segments, sales, titles: Object.fromEntries(products.map((product) => [product.id, product.title])) };
}
