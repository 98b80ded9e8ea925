import type { MetricUnit } from '../metrics/metric-dictionary.js';
import { alertMetric, SERIES } from './alert-metrics.js';
import type { AlertCondition } from './alert.entity.js';
import { majorUnits } from '../shared/money.js';

/** The parts of a rule the evaluator reads. */
export interface RuleSpec {
  id: string;
  name: string;
  metric: string;
  condition: AlertCondition;
  threshold: number;
  windowSeconds: number;
  product: string | null;
  expectedPerMinute: number | null;
  cooldownSeconds: number;
}

/** One minute of a session's series: gauges are the level at that minute, flows what happened in it. */
export interface MinutePoint {
  minute: Date;
  values: Readonly<Record<string, number | undefined>>;
}

/** Everything the rules of one session are evaluated against, read in batches by the service. */
export interface SessionSnapshot {
  sessionId: string;
  currency: string;
  /** When the session went LIVE; rules wait for it. */
  startedAt: Date | null;
  /** Scheduled length, the base of linear pacing. */
  plannedSeconds: number;
  /** Session values now; a missing key is unknown (e.g. a rate whose denominator is 0). */
  current: Readonly<Record<string, number | undefined>>;
  /** Per-minute series, ascending, covering at least the longest window of the rules (twice it for flows). */
  minutes: readonly MinutePoint[];
  /** Session targets by metric. */
  targets: Readonly<Record<string, number | undefined>>;
  /** The segment on air. */
  segment: { id: string; startedAt: Date; plannedSeconds: number; productIds: readonly string[] } | null;
  /** Sales of each product since the segment on air started, by product metric. */
  segmentProductSales: Readonly<Record<string, Readonly<Record<string, number | undefined>> | undefined>>;
  productTitles: Readonly<Record<string, string | undefined>>;
  /** The open alert of each rule. */
  open: Readonly<Record<string, { alertId: string } | undefined>>;
  /** When each rule last fired on this session (cooldown). */
  lastFiredAt: Readonly<Record<string, Date | undefined>>;
}

export type AlertDecision =
  | { kind: 'FIRE'; rule: RuleSpec; value: number; threshold: number; messageZh: string; messageEn: string }
  | { kind: 'CLEAR'; rule: RuleSpec; alertId: string };

/** What a rule sees now: the observed value, the limit it is compared with, and whether it is breached. */
interface Observation {
  value: number;
  limit: number;
  breached: boolean;
  /** Wording of the breach, zh and en. */
  describe: () => [string, string];
}

/**
 * Decides which rules fire and which open alerts clear. A rule fires once when its condition
 * becomes true (no second alert while one is open) and not again within `cooldownSeconds` of its
 * previous firing; its alert clears when the condition is false or cannot be evaluated any more
 * (no data, the product's segment ended). Pure: `now` is an argument.
 */
export function evaluateRules(rules: readonly RuleSpec[], snapshot: SessionSnapshot, now: Date): AlertDecision[] {
  const decisions: AlertDecision[] = [];
  for (const rule of rules) {
    const observation = snapshot.startedAt && snapshot.startedAt <= now ? observe(rule, snapshot, now) : null;
    const open = snapshot.open[rule.id];
    if (open) {
      if (!observation?.breached) decisions.push({ kind: 'CLEAR', rule, alertId: open.alertId });
      continue;
    }
    if (!observation?.breached) continue;
    const last = snapshot.lastFiredAt[rule.id];
    if (last && now.getTime() - last.getTime() < rule.cooldownSeconds * 1000) continue;
    const [messageZh, messageEn] = observation.describe();
    decisions.push({ kind: 'FIRE', rule, value: observation.value, threshold: observation.limit, messageZh, messageEn });
  }
  return decisions;
}

function observe(rule: RuleSpec, snapshot: SessionSnapshot, now: Date): Observation | null {
  const metric = alertMetric(rule.metric);
  if (!metric) return null;
  const show = (value: number) => formatValue(metric.unit, value, snapshot.currency);
  const label = `「${rule.name}」`;
  switch (rule.condition) {
    case 'ABOVE':
    case 'BELOW': {
      const value = snapshot.current[rule.metric];
      if (value === undefined) return null;
      const above = rule.condition === 'ABOVE';
      return {
        value,
        limit: rule.threshold,
        breached: above ? value > rule.threshold : value < rule.threshold,
        describe: () => [
          `${label}${metric.nameZh} ${show(value)}，${above ? '高于' : '低于'}阈值 ${show(rule.threshold)}`,
          `${rule.name}: ${metric.nameEn} is ${show(value)}, ${above ? 'above' : 'below'} ${show(rule.threshold)}`,
        ],
      };
    }
    case 'DROP_PERCENT':
    case 'RISE_PERCENT': {
      const change = changePercent(rule, snapshot, now);
      if (change === null) return null;
      const drop = rule.condition === 'DROP_PERCENT';
      const value = drop ? -change : change;
      const minutes = Math.round(rule.windowSeconds / 60);
      return {
        value,
        limit: rule.threshold,
        breached: value >= rule.threshold,
        describe: () => [
          `${label}${metric.nameZh}${minutes}分钟内${drop ? '下降' : '上升'} ${value.toFixed(1)}%（阈值 ${rule.threshold}%）`,
          `${rule.name}: ${metric.nameEn} ${drop ? 'dropped' : 'rose'} ${value.toFixed(1)}% in ${minutes} min (threshold ${rule.threshold}%)`,
        ],
      };
    }
    case 'BELOW_PACE': {
      const target = snapshot.targets[rule.metric];
      const value = snapshot.current[rule.metric];
      const elapsed = (now.getTime() - snapshot.startedAt!.getTime()) / 1000;
      if (target === undefined || value === undefined || elapsed < rule.windowSeconds) return null;
      // Counts and amounts accrue over the show; rates and averages should sit at their target all along.
      const expected = metric.accumulates ? target * Math.min(1, elapsed / Math.max(1, snapshot.plannedSeconds)) : target;
      const limit = rule.threshold * expected;
      return {
        value,
        limit,
        breached: value < limit,
        describe: () => [
          `${label}${metric.nameZh} ${show(value)}，低于目标进度 ${show(limit)}（目标 ${show(target)}）`,
          `${rule.name}: ${metric.nameEn} is ${show(value)}, behind the target pace of ${show(limit)} (target ${show(target)})`,
        ],
      };
    }
    case 'PRODUCT_BELOW_EXPECTED': {
      const segment = snapshot.segment;
      if (!rule.product || !segment || !segment.productIds.includes(rule.product)) return null;
      const elapsed = (now.getTime() - segment.startedAt.getTime()) / 1000;
      if (elapsed <= 0 || elapsed < rule.windowSeconds) return null;
      const expected = rule.expectedPerMinute ?? targetShare(rule.metric, snapshot, segment.productIds.length);
      if (expected === null) return null;
      const value = (snapshot.segmentProductSales[rule.product]?.[rule.metric] ?? 0) / (elapsed / 60);
      const limit = rule.threshold * expected;
      const title = snapshot.productTitles[rule.product] ?? rule.product;
      return {
        value,
        limit,
        breached: value < limit,
        describe: () => [
          `${label}商品「${title}」本环节每分钟${metric.nameZh} ${show(value)}，低于预期 ${show(limit)}`,
          `${rule.name}: “${title}” sells ${show(value)} ${metric.nameEn} per minute in its segment, below the expected ${show(limit)}`,
        ],
      };
    }
  }
}

/**
 * The product's share of the session target per minute: the target spread evenly over the planned
 * show, split evenly among the products the segment features. Null without a target.
 */
function targetShare(metric: string, snapshot: SessionSnapshot, products: number): number | null {
  const target = snapshot.targets[metric];
  if (target === undefined || snapshot.plannedSeconds <= 0) return null;
  return target / (snapshot.plannedSeconds / 60) / Math.max(1, products);
}

/**
 * Percent change of the metric over the rule's window. A gauge compares its level now with its level
 * one window ago; a flow compares the last window of complete minutes with the window before it
 * (the running minute is partial and would read as a drop). Null until there is enough history or
 * when the earlier value is 0.
 */
function changePercent(rule: RuleSpec, snapshot: SessionSnapshot, now: Date): number | null {
  const kind = SERIES[rule.metric]?.kind;
  const windowMs = rule.windowSeconds * 1000;
  const started = snapshot.startedAt!.getTime();
  let before: number | undefined;
  let after: number | undefined;
  if (kind === 'GAUGE') {
    const then = now.getTime() - windowMs;
    if (then < floorMinute(started)) return null;
    after = snapshot.current[rule.metric];
    before = levelAt(snapshot.minutes, rule.metric, then);
  } else if (kind === 'FLOW') {
    const minutes = Math.max(1, Math.round(rule.windowSeconds / 60));
    const end = floorMinute(now.getTime());
    const middle = end - minutes * 60_000;
    const start = middle - minutes * 60_000;
    if (start < floorMinute(started)) return null;
    after = sumBetween(snapshot.minutes, rule.metric, middle, end);
    before = sumBetween(snapshot.minutes, rule.metric, start, middle);
  }
  if (before === undefined || after === undefined || before <= 0) return null;
  return ((after - before) / before) * 100;
}

const floorMinute = (ms: number) => Math.floor(ms / 60_000) * 60_000;

/** The level of a gauge at `at`: the point of that minute, or the latest one before it. */
function levelAt(minutes: readonly MinutePoint[], metric: string, at: number): number | undefined {
  let level: number | undefined;
  for (const point of minutes) {
    if (point.minute.getTime() > at) break;
    level = point.values[metric] ?? level;
  }
  return level;
}

/** A flow summed over the minutes starting in [from, to); minutes without a point count as 0. */
function sumBetween(minutes: readonly MinutePoint[], metric: string, from: number, to: number): number {
  let sum = 0;
  for (const point of minutes) {
    const at = point.minute.getTime();
    if (at >= from && at < to) sum += point.values[metric] ?? 0;
  }
  return sum;
}

/** A value in its unit for a message: money in major units with the currency, rates in percent. */
export function formatValue(unit: MetricUnit, value: number, currency: string): string {
  switch (unit) {
    case 'MONEY':
      return `${currency} ${majorUnits(value, currency)}`;
    case 'RATE':
      return `${(value * 100).toFixed(2)}%`;
    case 'SECONDS':
      return `${Math.round(value)}s`;
    case 'RATIO':
      return value.toFixed(2);
    default:
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
  }
}
