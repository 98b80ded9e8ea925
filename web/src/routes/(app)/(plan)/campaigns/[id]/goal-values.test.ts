import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { locale } from '$lib/i18n/locale.svelte.js';
import { inputUnit, metricInputValue, readMetricInput, type MetricShape } from './goal-values.js';

const money: MetricShape = { unit: 'MONEY', numerator: null };
const aov: MetricShape = { unit: 'MONEY', numerator: 'GMV_PAID' };
const rate: MetricShape = { unit: 'RATE', numerator: 'BUYERS' };
const count: MetricShape = { unit: 'COUNT', numerator: null };
const acv: MetricShape = { unit: 'COUNT', numerator: 'WATCH_SECONDS' };
const watch: MetricShape = { unit: 'SECONDS', numerator: null };
const roi: MetricShape = { unit: 'RATIO', numerator: 'ATTRIBUTED_GMV_PAID' };

const before = locale.current;
beforeEach(() => void (locale.current = 'en'));
afterEach(() => void (locale.current = before));

describe('goal values', () => {
  it('reads what operators type into the unit the API stores', () => {
    expect(readMetricInput(money, '1,500,000', 'CNY')).toEqual({ ok: true, value: 150_000_000 });
    expect(readMetricInput(money, '¥89.9', 'CNY')).toEqual({ ok: true, value: 8990 });
    expect(readMetricInput(rate, '3%', 'CNY')).toEqual({ ok: true, value: 0.03 });
    expect(readMetricInput(rate, '7', 'CNY')).toEqual({ ok: true, value: 0.07 });
    expect(readMetricInput(watch, '90', 'CNY')).toEqual({ ok: true, value: 5400 });
    expect(readMetricInput(watch, '0.51', 'CNY')).toEqual({ ok: true, value: 31 });
    expect(readMetricInput(count, '200 000', 'CNY')).toEqual({ ok: true, value: 200_000 });
    expect(readMetricInput(roi, '3.2x', 'CNY')).toEqual({ ok: true, value: 3.2 });
  });

  it('refuses values the API would refuse, saying why', () => {
    expect(readMetricInput(count, ' ', 'CNY')).toEqual({ ok: false, problem: 'required' });
    expect(readMetricInput(count, '12.5', 'CNY')).toEqual({ ok: false, problem: 'whole' });
    expect(readMetricInput(acv, '12.5', 'CNY')).toEqual({ ok: true, value: 12.5 });
    expect(readMetricInput(rate, '120', 'CNY')).toEqual({ ok: false, problem: 'percent' });
    expect(readMetricInput(count, '-3', 'CNY')).toEqual({ ok: false, problem: 'number' });
    expect(readMetricInput(money, '1.234', 'CNY')).toEqual({ ok: false, problem: 'number' });
    expect(readMetricInput(aov, 'abc', 'CNY')).toEqual({ ok: false, problem: 'number' });
  });

  it('shows stored values back in the inputs without float noise', () => {
    expect(metricInputValue(rate, 0.07, 'CNY')).toBe('7');
    expect(metricInputValue(rate, 0.035, 'CNY')).toBe('3.5');
    expect(metricInputValue(money, 150_000_050, 'CNY')).toBe('1500000.50');
    expect(metricInputValue(watch, 5400, 'CNY')).toBe('90');
    for (const [shape, value] of [[rate, 0.0123], [money, 8990], [watch, 3600], [count, 31]] as const) {
      expect(readMetricInput(shape, metricInputValue(shape, value, 'CNY'), 'CNY')).toEqual({ ok: true, value });
    }
  });

  it('names the unit each input is typed in', () => {
    expect(inputUnit(money, 'CNY')).toBe('¥');
    expect(inputUnit(rate, 'CNY')).toBe('%');
    expect(inputUnit(watch, 'CNY')).toBe('min');
    expect(inputUnit(money, 'USD')).toBe('USD');
  });
});
