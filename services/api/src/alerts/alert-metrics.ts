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
 * How a metric's per-minute series reads: a GAUGE is a level at that minute (viewers online), a
 * FLOW is what happened within the minute (comments, paid orders). Change conditions need one.
 */
export const SERIES_KINDS: Readonly<Record<string, 'GAUGE' | 'FLOW'>> = {
  ONLINE_VIEWERS: 'GAUGE',
  PV: 'FLOW',
  COMMENTS: 'FLOW',
  LIKES: 'FLOW',
  SHARES: 'FLOW',
  NEW_FOLLOWERS: 'FLOW',
  ORDERS: 'FLOW',
  GMV_CREATED: 'FLOW',
  GMV_PAID: 'FLOW',
  REFUNDS: 'FLOW',
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
  if ((condition === 'DROP_PERCENT' || condition === 'RISE_PERCENT') && !SERIES_KINDS[metric]) {
    return `has no per-minute series for ${condition}; use one of ${Object.keys(SERIES_KINDS).join(', ')}`;
  }
  if (condition === 'PRODUCT_BELOW_EXPECTED' && !PRODUCT_METRICS.includes(metric)) {
    return `cannot be rated per product; use one of ${PRODUCT_METRICS.join(', ')}`;
  }
  if (condition === 'BELOW_PACE' && metric in LIVE_COUNTERS) return 'has no session target to pace against';
  return null;
}
