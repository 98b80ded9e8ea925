import { beforeAll, describe, expect, it } from 'vitest';
import { locale } from '$lib/i18n/locale.svelte.js';
import { formatMetric } from './metric-format.js';

beforeAll(() => locale.set('en'));

describe('metric values by unit', () => {
  it('money is minor units, compact only from ten thousand up', () => {
    expect(formatMetric(1_877_800, 'MONEY', 'CNY')).toBe('CN¥18,778.00');
    expect(formatMetric(1_877_800, 'MONEY', 'CNY', { compact: true })).toBe('CN¥18.8K');
    expect(formatMetric(3646.2, 'MONEY', 'CNY', { compact: true })).toBe('CN¥36.46');
  });

  it('rates are fractions, ratios multiples, seconds durations', () => {
    expect(formatMetric(0.23107, 'RATE', 'CNY')).toBe('23.1%');
    expect(formatMetric(3.2, 'RATIO', 'CNY')).toBe('3.2×');
    expect(formatMetric(496.15, 'SECONDS', 'CNY')).toBe('8:16');
  });

  it('counts keep one decimal for averages and show a dash for nothing measured', () => {
    expect(formatMetric(515, 'COUNT', 'CNY')).toBe('515');
    expect(formatMetric(23.27, 'COUNT', 'CNY')).toBe('23.3');
    expect(formatMetric(206_249, 'COUNT', 'CNY', { compact: true })).toBe('206.2K');
    expect(formatMetric(null, 'RATE', 'CNY')).toBe('—');
  });
});
