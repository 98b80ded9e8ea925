import { parseMoneyInput } from '$lib/i18n/format.js';
import { defineMessages } from '$lib/i18n/messages.js';
import { moneyInputValue } from '$lib/forms/form-values.js';
import type { MetricUnit } from '$lib/metrics/metric-format.js';

/**
 * Goal values in the unit of their metric, as the API stores them (minor units for MONEY, a
 * fraction for RATE, seconds for SECONDS), as operators type them: yuan, percent, minutes.
 * For reading, values go through `formatMetric`.
 */

/** What decides how a metric's values are typed and shown. */
export interface MetricShape {
  unit: MetricUnit;
  /** Null for raw counts, whose values the API takes only as whole numbers (fen, seconds, people). */
  numerator: string | null;
}

const t = defineMessages({ minutesUnit: 'min' }, { minutesUnit: '分钟' });

/** Rounds away float noise (0.07 * 100 = 7.000000000000001) before showing a value in an input. */
function clean(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** The text an input shows for a value (what `readMetricInput` reads back). */
export function metricInputValue(shape: MetricShape, value: number, currency: string): string {
  switch (shape.unit) {
    case 'MONEY':
      return moneyInputValue(Math.round(value), currency);
    case 'RATE':
      return clean(value * 100);
    case 'SECONDS':
      return clean(value / 60);
    default:
      return clean(value);
  }
}

/** What the operator types a value in, shown beside the input: ¥, %, min, ×. */
export function inputUnit(shape: MetricShape, currency: string): string {
  switch (shape.unit) {
    case 'MONEY':
      return currency === 'CNY' ? '¥' : currency;
    case 'RATE':
      return '%';
    case 'SECONDS':
      return t('minutesUnit');
    case 'RATIO':
      return '×';
    case 'COUNT':
      return '';
  }
}

/** Why a typed value was refused; the form words it. */
export type ValueProblem = 'required' | 'number' | 'percent' | 'whole';

/**
 * Reads a typed value into the metric's unit: yuan → minor units, percent → fraction, minutes →
 * seconds. Raw counts must come out whole (minutes are rounded to whole seconds).
 */
export function readMetricInput(shape: MetricShape, text: string, currency: string): { ok: true; value: number } | { ok: false; problem: ValueProblem } {
  const typed = text.replace(/[,\s，]/g, '').replace(/[%％×x倍]$/i, '');
  if (!typed) return { ok: false, problem: 'required' };
  if (shape.unit === 'MONEY') {
    const amount = parseMoneyInput(typed, currency);
    return amount === null ? { ok: false, problem: 'number' } : { ok: true, value: amount };
  }
  if (!/^\d+(\.\d+)?$/.test(typed)) return { ok: false, problem: 'number' };
  const number = Number(typed);
  const whole = shape.numerator === null;
  switch (shape.unit) {
    case 'RATE':
      return number > 100 ? { ok: false, problem: 'percent' } : { ok: true, value: Number((number / 100).toPrecision(12)) };
    case 'SECONDS': {
      const seconds = number * 60;
      return { ok: true, value: whole ? Math.round(seconds) : Number(seconds.toPrecision(12)) };
    }
    default:
      return whole && !Number.isInteger(number) ? { ok: false, problem: 'whole' } : { ok: true, value: number };
  }
}
