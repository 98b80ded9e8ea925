import { describe, expect, it } from 'vitest';
import type { MetricDefinition, Review } from './review-query.js';
import { metricCards, standing, targetShare } from './targets.js';

const definitions: MetricDefinition[] = [
  { key: 'GMV_PAID', nameEn: 'GMV paid', nameZh: '成交金额', unit: 'MONEY' },
  { key: 'PCU', nameEn: 'Peak concurrent viewers (PCU)', nameZh: '峰值在线', unit: 'COUNT' },
  { key: 'UV', nameEn: 'Unique viewers (UV)', nameZh: '观看人数', unit: 'COUNT' },
  { key: 'CONVERSION_RATE', nameEn: 'Viewer conversion rate', nameZh: '看播成交转化率', unit: 'RATE' },
  { key: 'NEW_FOLLOWERS', nameEn: 'New followers', nameZh: '新增粉丝', unit: 'COUNT' },
  { key: 'REFUNDS', nameEn: 'Refunds', nameZh: '退款金额', unit: 'MONEY' },
];

const target = (metric: string, values: { target: number; actual: number | null; projected?: number | null; achievement?: number | null }) => ({
  goalTitle: `${metric} goal`,
  metric,
  target: values.target,
  actual: values.actual,
  achievement: values.achievement ?? (values.actual === null ? null : values.actual / values.target),
  projected: values.projected ?? values.actual,
  goal: { id: `goal-${metric}` },
});

describe('targets', () => {
  it('share of target is value / target, and nothing without a positive target', () => {
    expect(targetShare(50, 200)).toBe(0.25);
    expect(targetShare(300, 200)).toBe(1.5);
    expect(targetShare(null, 200)).toBeNull();
    expect(targetShare(10, 0)).toBeNull();
    expect(targetShare(10, -5)).toBeNull();
  });

  it('after the show the actual decides: met, within 10%, or behind', () => {
    expect(standing('GMV_PAID', { target: 100, actual: 100, projected: 100 }, 'DONE')).toBe('ahead');
    expect(standing('GMV_PAID', { target: 100, actual: 92, projected: 92 }, 'DONE')).toBe('close');
    expect(standing('GMV_PAID', { target: 100, actual: 40, projected: 400 }, 'DONE')).toBe('behind');
    expect(standing('GMV_PAID', { target: 100, actual: null, projected: null }, 'DONE')).toBe('unknown');
  });

  it('while live the projection decides, so an early actual is not called behind', () => {
    expect(standing('GMV_PAID', { target: 100, actual: 20, projected: 120 }, 'LIVE')).toBe('ahead');
    expect(standing('GMV_PAID', { target: 100, actual: 20, projected: 50 }, 'LIVE')).toBe('behind');
    expect(standing('GMV_PAID', { target: 100, actual: 95, projected: null }, 'LIVE')).toBe('close');
  });

  it('refunds under their ceiling are good news', () => {
    expect(standing('REFUNDS', { target: 100, actual: 80, projected: 80 }, 'DONE')).toBe('ahead');
    expect(standing('REFUNDS', { target: 100, actual: 105, projected: 105 }, 'DONE')).toBe('close');
    expect(standing('REFUNDS', { target: 100, actual: 150, projected: 150 }, 'DONE')).toBe('behind');
  });

  it('puts headline metrics first with their targets, then cards for the other targets', () => {
    const review: Pick<Review, 'totals' | 'targets'> = {
      totals: [
        { metric: 'UV', value: 500 },
        { metric: 'PCU', value: 30 },
        { metric: 'GMV_PAID', value: 1_877_800 },
        { metric: 'CONVERSION_RATE', value: null },
        { metric: 'NEW_FOLLOWERS', value: 40 },
      ],
      targets: [target('NEW_FOLLOWERS', { target: 50, actual: 40 }), target('GMV_PAID', { target: 4_000_000, actual: 1_877_800 }), target('GMV_PAID', { target: 1_000_000, actual: 1_877_800 })],
    };
    const cards = metricCards(review, definitions, 'DONE');
    expect(cards.map((card) => card.metric)).toEqual(['GMV_PAID', 'PCU', 'UV', 'CONVERSION_RATE', 'NEW_FOLLOWERS', 'GMV_PAID']);
    expect(cards[0]!.target).toMatchObject({ target: 4_000_000, standing: 'behind' });
    expect(cards[0]!.target!.share).toBeCloseTo(0.46945);
    expect(cards[1]!.target).toBeNull();
    expect(cards[3]!.value).toBeNull();
    expect(cards[4]!.target).toMatchObject({ standing: 'behind', share: 0.8 });
    expect(cards[5]!.target).toMatchObject({ target: 1_000_000, standing: 'ahead' });
  });

  it('skips headline metrics the live engine does not measure', () => {
    const cards = metricCards({ totals: [{ metric: 'UV', value: 1 }], targets: [] }, definitions, 'DONE');
    expect(cards.map((card) => card.metric)).toEqual(['UV']);
  });
});
