import { describe, expect, it } from 'vitest';
import { metricDefinition, type MetricDefinition } from '../metrics/metric-dictionary.js';
import { checkAllocation, formatMetricValue } from './target-allocation.js';

const gmv = metricDefinition('GMV_PAID');
const uv = metricDefinition('UV');

describe('checkAllocation', () => {
  it('reports unallocated money exactly, in major units', () => {
    expect(checkAllocation(gmv, 20_000_000, [10_000_000, 8_000_000], 'Session targets', 'CNY')).toEqual({
      target: 20_000_000,
      allocated: 18_000_000,
      difference: 2_000_000,
      addsUp: false,
      message: 'Session targets sum to ¥180,000 of ¥200,000: ¥20,000 unallocated',
    });
  });

  it('treats a single fen as a difference', () => {
    const result = checkAllocation(gmv, 100, [33, 33, 33], 'Session targets', 'CNY');
    expect(result).toMatchObject({ addsUp: false, difference: 1 });
    expect(result.message).toBe('Session targets sum to ¥0.99 of ¥1: ¥0.01 unallocated');
  });

  it('reports over-allocation of counts', () => {
    const result = checkAllocation(uv, 1500, [1000, 800], 'Child goals', 'CNY');
    expect(result).toMatchObject({ allocated: 1800, difference: -300, addsUp: false });
    expect(result.message).toBe('Child goals sum to 1,800 of 1,500: 300 over-allocated');
  });

  it('confirms parts that add up', () => {
    expect(checkAllocation(uv, 1500, [1000, 500], 'Session targets', 'CNY')).toMatchObject({
      addsUp: true, difference: 0, message: 'Session targets add up to 1,500',
    });
  });

  it('says when nothing is allocated yet', () => {
    expect(checkAllocation(gmv, 5000, [], 'Session targets', 'CNY')).toMatchObject({
      allocated: 0, addsUp: false, message: 'No session targets yet: ¥50 unallocated',
    });
    expect(checkAllocation(gmv, 0, [], 'Session targets', 'CNY').addsUp).toBe(true);
  });

  it('tolerates float drift in fractional sums but not real gaps', () => {
    const fractional: MetricDefinition = { ...uv, unit: 'RATIO' };
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(checkAllocation(fractional, 0.3, [0.1, 0.2], 'Session targets', 'CNY')).toMatchObject({ addsUp: true, difference: 0 });
    expect(checkAllocation(fractional, 0.3, [0.1, 0.19], 'Session targets', 'CNY').addsUp).toBe(false);
  });

  it('does not sum non-additive metrics and says why', () => {
    const result = checkAllocation(metricDefinition('CONVERSION_RATE'), 0.05, [0.03, 0.06], 'Session targets', 'CNY');
    expect(result).toMatchObject({ allocated: null, difference: null, addsUp: null });
    expect(result.message).toBe('Viewer conversion rate is not additive across sessions, so session targets are not summed; they range from 3% to 6% against a goal of 5%');
  });
});

describe('formatMetricValue', () => {
  it('formats each unit', () => {
    expect(formatMetricValue(gmv, 1999, 'CNY')).toBe('¥19.99');
    expect(formatMetricValue(gmv, 1999, 'JPY')).toBe('JP¥1,999');
    expect(formatMetricValue(metricDefinition('PAY_ROI'), 3.25, 'CNY')).toBe('3.25x');
    expect(formatMetricValue(metricDefinition('LIVE_SECONDS'), 7200, 'CNY')).toBe('7,200 s');
    expect(formatMetricValue(metricDefinition('FOLLOW_RATE'), 0.0125, 'CNY')).toBe('1.25%');
  });
});
