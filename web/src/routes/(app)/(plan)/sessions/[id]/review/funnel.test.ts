import { describe, expect, it } from 'vitest';
import { funnelOption, weakestStep } from './funnel.js';
import type { Review } from './review-query.js';

const step = (kind: Review['funnel'][number]['step'], count: number, rateFromPrevious: number | null): Review['funnel'][number] => ({
  step: kind,
  labelEn: kind,
  labelZh: kind,
  count,
  rateFromPrevious,
  rateOfViewers: null,
});

const steps = [step('ENTRIES', 1370, null), step('VIEWERS', 515, 0.376), step('PRODUCT_CLICK_VIEWERS', 391, 0.8), step('ORDERS_CREATED', 156, 0.399), step('BUYERS', 119, 0.763)];

describe('funnel', () => {
  it('finds the step that kept the smallest share of the one before it', () => {
    expect(weakestStep(steps)?.step).toBe('VIEWERS');
    expect(weakestStep([step('ENTRIES', 0, null), step('VIEWERS', 0, null)])).toBeNull();
  });

  it('draws a bar per step, first on top, labelled with count and step conversion', () => {
    const option = funnelOption(steps, { label: (entry) => entry.step, count: String, percent: (ratio) => `${Math.round(ratio * 100)}%` });
    expect((option.yAxis as { data: string[]; inverse: boolean }).data).toEqual(['ENTRIES', 'VIEWERS', 'PRODUCT_CLICK_VIEWERS', 'ORDERS_CREATED', 'BUYERS']);
    expect((option.yAxis as { inverse: boolean }).inverse).toBe(true);
    const bars = (option.series as { data: { value: number; label: { formatter: string } }[] }[])[0]!.data;
    expect(bars.map((bar) => bar.value)).toEqual([1370, 515, 391, 156, 119]);
    expect(bars[0]!.label.formatter).toBe('1370');
    expect(bars[3]!.label.formatter).toBe('156 · 40%');
  });
});
