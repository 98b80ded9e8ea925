import { describe, expect, it } from 'vitest';
import { funnelOption, funnelView, weakestStep } from './funnel.js';
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

  it('keeps people steps in the funnel and moves entries and orders beside it, so no step exceeds the one before', () => {
    // As in a demo show: viewers seen only by a comment or an order have no entry, so UV > PV.
    const api = [
      step('ENTRIES', 42, null),
      step('VIEWERS', 47, 47 / 42),
      step('PRODUCT_IMPRESSION_VIEWERS', 30, 30 / 47),
      step('PRODUCT_CLICK_VIEWERS', 12, 12 / 30),
      step('ORDERS_CREATED', 9, 9 / 12),
      step('BUYERS', 6, 6 / 9),
    ];
    const view = funnelView(api);
    expect(view.people.map((entry) => entry.step)).toEqual(['VIEWERS', 'PRODUCT_IMPRESSION_VIEWERS', 'PRODUCT_CLICK_VIEWERS', 'BUYERS']);
    expect(view.people.map((entry) => entry.rateFromPrevious)).toEqual([null, 30 / 47, 12 / 30, 6 / 12]);
    expect(view.others.map((entry) => [entry.step, entry.count, entry.rateFromPrevious])).toEqual([
      ['ENTRIES', 42, null],
      ['ORDERS_CREATED', 9, null],
    ]);
    expect(weakestStep(view.people)?.step).toBe('PRODUCT_CLICK_VIEWERS');
  });

  it('has no step conversion after a step nobody reached', () => {
    const view = funnelView([step('VIEWERS', 5, null), step('PRODUCT_IMPRESSION_VIEWERS', 0, 0), step('PRODUCT_CLICK_VIEWERS', 0, null), step('BUYERS', 0, null)]);
    expect(view.people.map((entry) => entry.rateFromPrevious)).toEqual([null, 0, null, null]);
    expect(view.others).toEqual([]);
  });
});
