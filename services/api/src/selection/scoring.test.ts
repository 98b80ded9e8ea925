import { describe, expect, it } from 'vitest';
import {
  FACTOR_WEIGHTS,
  PRODUCT_WEIGHTS,
  RANKING_FACTORS,
  UNAVAILABLE_PENALTY,
  audienceFitFactor,
  campaignAvailabilityFactor,
  combineFactors,
  compareRankings,
  costFactor,
  followersFactor,
  matchingTags,
  pastPerformanceFactor,
  scoreProduct,
  sessionAvailabilityFactor,
  styleFactor,
  type FactorScore,
  type RankingFactor,
} from './scoring.js';

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const all = (score: number | null): Record<RankingFactor, FactorScore> =>
  Object.fromEntries(RANKING_FACTORS.map((factor) => [factor, { score, explanation: factor }])) as Record<RankingFactor, FactorScore>;

describe('weights', () => {
  it('sum to 1 for hosts and for products', () => {
    expect(sum(Object.values(FACTOR_WEIGHTS))).toBeCloseTo(1, 10);
    expect(sum(Object.values(PRODUCT_WEIGHTS))).toBeCloseTo(1, 10);
  });
});

describe('audience fit', () => {
  it('scores the share of target tags the host covers and names the matches', () => {
    const fit = audienceFitFactor(['学生党', '年轻女性', '敏感肌', '宠物'], ['年轻女性', '学生党', '敏感肌', '宝妈']);
    expect(fit.score).toBe(0.75);
    expect(fit.explanation).toBe('3 of 4 target audience tags match: 年轻女性, 学生党, 敏感肌');
  });

  it('matches tags case-insensitively and ignores surrounding spaces', () => {
    expect(matchingTags([' Gen Z '], ['gen z', 'Office'])).toEqual(['gen z']);
  });

  it('scores 0 without a match and is skipped without target tags', () => {
    expect(audienceFitFactor(['宠物'], ['宝妈'])).toEqual({ score: 0, explanation: 'None of the 1 target audience tags match: 宝妈' });
    expect(audienceFitFactor(['宠物'], []).score).toBeNull();
  });
});

describe('style', () => {
  it('scores the share of requested styles and is skipped when none is requested', () => {
    expect(styleFactor(['幽默', '专业测评'], ['专业测评', '亲和']).score).toBe(0.5);
    expect(styleFactor(['幽默'], []).score).toBeNull();
  });
});

describe('followers', () => {
  it('grows on a log scale and caps at 1', () => {
    const ten = followersFactor(10_000, 'on DOUYIN').score!;
    const hundred = followersFactor(100_000, 'on DOUYIN').score!;
    expect(ten).toBeGreaterThan(0.5);
    expect(hundred - ten).toBeCloseTo(1 / Math.log10(10_000_001), 3);
    expect(followersFactor(0, 'on DOUYIN').score).toBe(0);
    expect(followersFactor(50_000_000, 'on DOUYIN').score).toBe(1);
    expect(followersFactor(120_000, 'on DOUYIN').explanation).toMatch(/^120,000 followers on DOUYIN/);
  });
});

describe('availability', () => {
  it('is full for a free host inside their windows', () => {
    expect(sessionAvailabilityFactor({ when: 'Mon 20:00–Mon 22:00', withinWindows: true, hasWindows: true, conflictingSessions: [] }))
      .toEqual({ score: 1, explanation: 'Available Mon 20:00–Mon 22:00 and on no overlapping session' });
  });

  it('is zero outside the windows, without windows, or with an overlapping session, and says why', () => {
    const outside = sessionAvailabilityFactor({ when: 'Mon 20:00–Mon 22:00', withinWindows: false, hasWindows: true, conflictingSessions: ['双11预热'] });
    expect(outside.score).toBe(0);
    expect(outside.explanation).toContain('Mon 20:00–Mon 22:00 is outside the weekly availability');
    expect(outside.explanation).toContain('already on overlapping session “双11预热”');
    const none = sessionAvailabilityFactor({ when: 'x', withinWindows: false, hasWindows: false, conflictingSessions: [] });
    expect(none).toMatchObject({ score: 0, explanation: expect.stringContaining('no weekly availability is recorded') });
  });

  it('scores a campaign by the share of its weekdays the host can do', () => {
    expect(campaignAvailabilityFactor(new Set([1, 5, 6]), new Set([5, 6, 7, 1])).score).toBe(0.75);
    expect(campaignAvailabilityFactor(new Set([2]), new Set([5, 6])).score).toBe(0);
  });
});

describe('cost', () => {
  const range = { cheapestAmount: 10_000, dearestAmount: 50_000, currency: 'CNY' };

  it('scores the cheapest candidate 1 and the dearest 0', () => {
    expect(costFactor(10_000, range).score).toBe(1);
    expect(costFactor(30_000, range).score).toBe(0.5);
    expect(costFactor(50_000, range).score).toBe(0);
    expect(costFactor(30_000, range).explanation).toBe('¥300.00/h; candidates cost ¥100.00 to ¥500.00/h');
  });

  it('gives 1 to everyone when all candidates cost the same', () => {
    expect(costFactor(5, { cheapestAmount: 5, dearestAmount: 5, currency: 'CNY' }).score).toBe(1);
  });

  it('scores 0 over the campaign hourly budget even for a relatively cheap host', () => {
    const over = costFactor(20_000, { ...range, hourlyBudgetAmount: 15_000 });
    expect(over).toEqual({ score: 0, explanation: '¥200.00/h is over the campaign\'s hourly budget of ¥150.00' });
    expect(costFactor(10_000, { ...range, hourlyBudgetAmount: 15_000 }).score).toBe(1);
  });
});

describe('past performance', () => {
  it('is skipped until live data exists, and says so', () => {
    const past = pastPerformanceFactor();
    expect(past.score).toBeNull();
    expect(past.explanation).toMatch(/No live data/);
  });
});

describe('combineFactors', () => {
  it('weighs every factor by its base weight when all are judged', () => {
    const factors = { ...all(0), AUDIENCE_FIT: { score: 1, explanation: '' } };
    const { score, reasons } = combineFactors(factors, true);
    expect(score).toBe(FACTOR_WEIGHTS.AUDIENCE_FIT * 100);
    expect(reasons.map((reason) => reason.factor)).toEqual([...RANKING_FACTORS]);
    expect(sum(reasons.map((reason) => reason.weight))).toBeCloseTo(1, 10);
  });

  it('shares a skipped factor’s weight among the others so weights still sum to 1', () => {
    const factors = { ...all(1), PAST_PERFORMANCE: pastPerformanceFactor() };
    const { score, reasons } = combineFactors(factors, true);
    expect(score).toBe(100);
    const past = reasons.find((reason) => reason.factor === 'PAST_PERFORMANCE')!;
    expect(past).toMatchObject({ score: null, weight: 0 });
    const audience = reasons.find((reason) => reason.factor === 'AUDIENCE_FIT')!;
    expect(audience.weight).toBeCloseTo(FACTOR_WEIGHTS.AUDIENCE_FIT / (1 - FACTOR_WEIGHTS.PAST_PERFORMANCE), 10);
    expect(sum(reasons.map((reason) => reason.weight))).toBeCloseTo(1, 10);
  });

  it('penalises an unavailable host', () => {
    expect(combineFactors(all(1), false).score).toBe(100 * UNAVAILABLE_PENALTY);
  });

  it('scores 0 when nothing can be judged', () => {
    const { score, reasons } = combineFactors(all(null), true);
    expect(score).toBe(0);
    expect(reasons.every((reason) => reason.weight === 0)).toBe(true);
  });
});

describe('compareRankings', () => {
  it('orders by score, then available first, then name, then id, whatever the input order', () => {
    const rankings = [
      { score: 50, available: false, name: 'A', id: '1' },
      { score: 80, available: true, name: 'Z', id: '2' },
      { score: 50, available: true, name: 'B', id: '4' },
      { score: 50, available: true, name: 'B', id: '3' },
      { score: 50, available: true, name: 'A', id: '5' },
    ];
    const expected = ['2', '5', '3', '4', '1'];
    expect([...rankings].sort(compareRankings).map((ranking) => ranking.id)).toEqual(expected);
    expect([...rankings].reverse().sort(compareRankings).map((ranking) => ranking.id)).toEqual(expected);
  });
});

describe('scoreProduct', () => {
  const product = { audienceTags: ['年轻女性', '敏感肌'], priceAmount: 8_900, listPriceAmount: 12_900, stock: 500, reservedInWindow: 0 };

  it('rewards audience overlap, discount depth and free stock, with a reason for each', () => {
    const { score, reasons } = scoreProduct(product, ['年轻女性', '学生党'], 'CNY');
    const discount = (12_900 - 8_900) / 12_900 / 0.5;
    expect(score).toBeCloseTo(100 * (0.55 * 0.5 + 0.25 * discount + 0.2), 0);
    expect(reasons).toEqual([
      '1 of 2 target audience tags match: 年轻女性',
      '31% below list price (¥89.00 instead of ¥129.00)',
      '500 in stock, none reserved by sessions in the campaign window',
    ]);
  });

  it('penalises stock already reserved by sessions in the campaign window', () => {
    const free = scoreProduct(product, ['年轻女性'], 'CNY');
    const reserved = scoreProduct({ ...product, reservedInWindow: 400 }, ['年轻女性'], 'CNY');
    expect(free.score - reserved.score).toBeCloseTo(100 * 0.2 * 0.8, 0);
    expect(reserved.reasons[2]).toBe('500 in stock, 400 (80%) already reserved by sessions in the campaign window');
  });

  it('caps the discount score at 50% off and skips audience fit without target tags', () => {
    const deep = scoreProduct({ ...product, audienceTags: [], priceAmount: 1_000, listPriceAmount: 10_000 }, [], 'CNY');
    expect(deep.score).toBe(100);
    expect(deep.reasons[0]).toMatch(/no target audience tags/);
  });
});
