import type { MetricDefinition } from '../metrics/metric-dictionary.js';

/** Whether the parts of a goal (session targets or child goals) add up to the goal's target. */
export interface Allocation {
  target: number;
  /** Sum of the parts; null for non-additive metrics, whose parts are not summed. */
  allocated: number | null;
  /** target − allocated: positive is unallocated, negative over-allocated; null for non-additive metrics. */
  difference: number | null;
  addsUp: boolean | null;
  message: string;
}

/** Relative tolerance for sums of fractional values, whose float sums drift in the last bits. */
const RELATIVE_TOLERANCE = 1e-9;

/**
 * Compares the parts with the whole. Whole numbers (counts, money in minor units, seconds) are
 * compared exactly; fractional values within a relative tolerance.
 * `partsLabel` names the parts in the message, e.g. "Session targets".
 */
export function checkAllocation(
  definition: MetricDefinition,
  target: number,
  parts: readonly number[],
  partsLabel: string,
  currency: string,
): Allocation {
  const format = (value: number) => formatMetricValue(definition, value, currency);
  if (!definition.additive) {
    const range = parts.length
      ? `; they range from ${format(Math.min(...parts))} to ${format(Math.max(...parts))} against a goal of ${format(target)}`
      : '';
    return {
      target,
      allocated: null,
      difference: null,
      addsUp: null,
      message: `${definition.nameEn} is not additive across sessions, so ${partsLabel.toLowerCase()} are not summed${range}`,
    };
  }
  const allocated = parts.reduce((sum, part) => sum + part, 0);
  const exact = Number.isInteger(target) && parts.every(Number.isInteger);
  const addsUp = exact ? allocated === target : Math.abs(target - allocated) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(target));
  const difference = addsUp ? 0 : target - allocated;
  let message: string;
  if (addsUp) message = `${partsLabel} add up to ${format(target)}`;
  else if (parts.length === 0) message = `No ${partsLabel.toLowerCase()} yet: ${format(target)} unallocated`;
  else {
    const gap = difference > 0 ? `${format(difference)} unallocated` : `${format(-difference)} over-allocated`;
    message = `${partsLabel} sum to ${format(allocated)} of ${format(target)}: ${gap}`;
  }
  return { target, allocated, difference, addsUp, message };
}

/** A metric value for people: money from minor units, rates as percentages. */
export function formatMetricValue(definition: MetricDefinition, value: number, currency: string): string {
  switch (definition.unit) {
    case 'MONEY': {
      const digits = new Intl.NumberFormat('zh-CN', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
      const major = value / 10 ** digits;
      const fraction = Number.isInteger(major) ? 0 : digits;
      return new Intl.NumberFormat('zh-CN', { style: 'currency', currency, minimumFractionDigits: fraction, maximumFractionDigits: fraction }).format(major);
    }
    case 'RATE':
      return new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 2 }).format(value);
    case 'RATIO':
      return `${new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(value)}x`;
    case 'SECONDS':
      return `${new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 }).format(value)} s`;
    case 'COUNT':
      return new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(value);
  }
}
