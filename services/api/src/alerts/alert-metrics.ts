import { LIVE_METRIC_KEYS } from '../live-metrics/metric-values.js';
import { isMetricKey, metricDefinition, type MetricUnit } from '../metrics/metric-dictionary.js';
import type { AlertCondition } from './alert.entity.js';

/**
 * What alert rules can watch: the dictionary metrics the live engine computes during a session,
 * plus live counters that are not dictionary metrics (a gauge of viewers online now, units sold).
 */
export const LIVE_COUNTERS = {
  ONLINE_VIEWERS: { nameZh: '在线人数', nameEn: 'Online viewers', unit: 'COUNT' },
  UNITS_PAID: { nameZh: '成交件数', nameEn: 'Units paid', unit: 'COUNT' },
} as const satisfies Record<string, { nameZh: string; nameEn: string; unit: MetricUnit }>;
export type LiveCounter = keyof typeof LIVE_COUNTERS;

/**
 * The metrics with a per-minute series (change conditions need one), each with its
 * `session_metric_minutes` column and how it reads: a GAUGE is a level at that minute (viewers
 * online), a FLOW is what happened within the minute (comments, paid orders).
 */
export const SERIES: Readonly<Record<string, { kind: 'GAUGE' | 'FLOW'; column: string }>> = {
  ONLINE_VIEWERS: { kind: 'GAUGE', column: 'online_max' },
  PV: { kind: 'FLOW', column: 'pv' },
  COMMENTS: { kind: 'FLOW', column: 'comments' },
  LIKES: { kind: 'FLOW', column: 'likes' },
  SHARES: { kind: 'FLOW', column: 'shares' },
  NEW_FOLLOWERS: { kind: 'FLOW', column: 'follows' },
  ORDERS: { kind: 'FLOW', column: 'orders_paid' },
  GMV_CREATED: { kind: 'FLOW', column: 'gmv_created' },
  GMV_PAID: { kind: 'FLOW', column: 'gmv_paid' },
  REFUNDS: { kind: 'FLOW', column: 'refund_amount' },
};

/** Metrics a PRODUCT_BELOW_EXPECTED rule can rate per minute. */
export const PRODUCT_METRICS: readonly string[] = ['GMV_PAID', 'ORDERS', 'UNITS_PAID'];

export interface AlertMetric {
  key: string;
  nameZh: string;
  nameEn: string;
  unit: MetricUnit;
  /** Whether the session value accumulates (a count or an amount), so a target is paced linearly. */
  accumulates: boolean;
}

export function alertMetric(key: string): AlertMetric | null {
  if (key in LIVE_COUNTERS) {
    const counter = LIVE_COUNTERS[key as LiveCounter];
    return { key, ...counter, accumulates: key !== 'ONLINE_VIEWERS' };
  }
  if (!isMetricKey(key) || !LIVE_METRIC_KEYS.has(key)) return null;
  const definition = metricDefinition(key);
  return {
    key,
    nameZh: definition.nameZh,
    nameEn: definition.nameEn,
    unit: definition.unit,
    accumulates: definition.additive && definition.numerator === null,
  };
}

/** Why `metric` cannot be watched with `condition`, or null when it can. */
export function metricConditionIssue(metric: string, condition: AlertCondition): string | null {
  const definition = alertMetric(metric);
  if (!definition) return `is not a metric alerts can watch; use a live metric of the dictionary or ${Object.keys(LIVE_COUNTERS).join(', ')}`;
  if ((condition === 'DROP_PERCENT' || condition === 'RISE_PERCENT') && !SERIES[metric]) {
    return `has no per-minute series for ${condition}; use one of ${Object.keys(SERIES).join(', ')}`;
  }
  if (condition === 'PRODUCT_BELOW_EXPECTED' && !PRODUCT_METRICS.includes(metric)) {
    return `cannot be rated per product; use one of ${PRODUCT_METRICS.join(', ')}`;
  }
  if (condition === 'BELOW_PACE' && metric in LIVE_COUNTERS) return 'has no session target to pace against';
  return null;
}
