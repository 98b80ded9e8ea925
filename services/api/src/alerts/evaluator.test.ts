import { describe, expect, it } from 'vitest';
import { evaluateRules, formatValue, type MinutePoint, type RuleSpec, type SessionSnapshot } from './evaluator.js';
import { metricConditionIssue } from './alert-metrics.js';

const START = new Date('2030-01-07T12:00:00Z');
const at = (minutes: number, seconds = 0) => new Date(START.getTime() + minutes * 60_000 + seconds * 1000);

function rule(overrides: Partial<RuleSpec>): RuleSpec {
  return {
    id: 'rule-1',
    name: '测试',
    metric: 'ONLINE_VIEWERS',
    condition: 'ABOVE',
    threshold: 100,
    windowSeconds: 300,
    product: null,
    expectedPerMinute: null,
    cooldownSeconds: 300,
    ...overrides,
  };
}

function snapshot(overrides: Partial<SessionSnapshot>): SessionSnapshot {
  return {
    sessionId: 'session-1',
    currency: 'CNY',
    startedAt: START,
    plannedSeconds: 7200,
    current: {},
    minutes: [],
    targets: {},
    segment: null,
    segmentProductSales: {},
    productTitles: {},
    open: {},
    lastFiredAt: {},
    ...overrides,
  };
}

const series = (metric: string, values: number[]): MinutePoint[] => values.map((value, index) => ({ minute: at(index), values: { [metric]: value } }));

describe('evaluateRules', () => {
  it('fires an absolute threshold once it is crossed and clears when it is not', () => {
    const above = rule({ condition: 'ABOVE', threshold: 100 });
    expect(evaluateRules([above], snapshot({ current: { ONLINE_VIEWERS: 100 } }), at(1))).toEqual([]);
    const [fired] = evaluateRules([above], snapshot({ current: { ONLINE_VIEWERS: 101 } }), at(1));
    expect(fired).toMatchObject({ kind: 'FIRE', value: 101, threshold: 100 });
    expect(fired!.kind === 'FIRE' && fired!.messageZh).toContain('高于阈值 100');
    expect(fired!.kind === 'FIRE' && fired!.messageEn).toContain('above 100');
    const open = { 'rule-1': { alertId: 'alert-1' } };
    expect(evaluateRules([above], snapshot({ current: { ONLINE_VIEWERS: 150 }, open }), at(2))).toEqual([]);
    expect(evaluateRules([above], snapshot({ current: { ONLINE_VIEWERS: 90 }, open }), at(3))).toEqual([{ kind: 'CLEAR', rule: above, alertId: 'alert-1' }]);
  });

  it('does not fire again within the cooldown after the previous firing', () => {
    const below = rule({ condition: 'BELOW', threshold: 50, cooldownSeconds: 300 });
    const low = { current: { ONLINE_VIEWERS: 10 }, lastFiredAt: { 'rule-1': at(10) } };
    expect(evaluateRules([below], snapshot(low), at(14, 59))).toEqual([]);
    expect(evaluateRules([below], snapshot(low), at(15))).toHaveLength(1);
  });

  it('waits for the session to go live', () => {
    expect(evaluateRules([rule({ condition: 'BELOW' })], snapshot({ startedAt: null, current: { ONLINE_VIEWERS: 0 } }), at(1))).toEqual([]);
  });

  it('fires when online viewers drop 30% within 5 minutes and clears when they recover', () => {
    const drop = rule({ condition: 'DROP_PERCENT', threshold: 30, windowSeconds: 300 });
    const minutes = series('ONLINE_VIEWERS', [800, 1000, 1000, 1000, 1000, 900, 800, 690]);
    // At 07:30 the level 5 minutes earlier (02:30) is 1000; now 690 is a 31% drop.
    const [fired] = evaluateRules([drop], snapshot({ minutes, current: { ONLINE_VIEWERS: 690 } }), at(7, 30));
    expect(fired).toMatchObject({ kind: 'FIRE', threshold: 30 });
    expect(fired!.kind === 'FIRE' && fired!.value).toBeCloseTo(31, 5);
    expect(fired!.kind === 'FIRE' && fired!.messageZh).toContain('5分钟内下降 31.0%');
    expect(evaluateRules([drop], snapshot({ minutes, current: { ONLINE_VIEWERS: 710 } }), at(7, 30))).toEqual([]);
    const recovered = evaluateRules([drop], snapshot({ minutes, current: { ONLINE_VIEWERS: 950 }, open: { 'rule-1': { alertId: 'a' } } }), at(7, 45));
    expect(recovered).toEqual([{ kind: 'CLEAR', rule: drop, alertId: 'a' }]);
  });

  it('needs a full window of history before judging a change', () => {
    const drop = rule({ condition: 'DROP_PERCENT', threshold: 30, windowSeconds: 300 });
    expect(evaluateRules([drop], snapshot({ minutes: series('ONLINE_VIEWERS', [1000, 900]), current: { ONLINE_VIEWERS: 10 } }), at(2))).toEqual([]);
  });

  it('compares a flow over complete minutes with the window before', () => {
    const rise = rule({ metric: 'COMMENTS', condition: 'RISE_PERCENT', threshold: 50, windowSeconds: 120 });
    // Minutes 0-1 hold 10 comments, minutes 2-3 hold 16; the running minute 4 (100) is ignored.
    const minutes = series('COMMENTS', [5, 5, 8, 8, 100]);
    const [fired] = evaluateRules([rise], snapshot({ minutes }), at(4, 30));
    expect(fired).toMatchObject({ kind: 'FIRE' });
    expect(fired!.kind === 'FIRE' && fired!.value).toBeCloseTo(60, 5);
    const drop = rule({ metric: 'COMMENTS', condition: 'DROP_PERCENT', threshold: 50, windowSeconds: 120 });
    // Minute 3 has no point: it counts as nothing happening, 8 against 10 is a 20% drop.
    const sparse: MinutePoint[] = series('COMMENTS', [5, 5, 8]);
    expect(evaluateRules([drop], snapshot({ minutes: sparse }), at(4, 30))).toEqual([]);
  });

  it('paces an amount linearly against the session target and a rate against the target itself', () => {
    const gmv = rule({ metric: 'GMV_PAID', condition: 'BELOW_PACE', threshold: 0.8, windowSeconds: 0 });
    const targets = { GMV_PAID: 1_200_000, CONVERSION_RATE: 0.02 };
    // A quarter into a 2-hour show the pace is 300,000; 80% of it is 240,000.
    const [behind] = evaluateRules([gmv], snapshot({ targets, current: { GMV_PAID: 200_000 } }), at(30));
    expect(behind).toMatchObject({ kind: 'FIRE', value: 200_000, threshold: 240_000 });
    expect(behind!.kind === 'FIRE' && behind!.messageZh).toContain('CNY 2000.00');
    expect(evaluateRules([gmv], snapshot({ targets, current: { GMV_PAID: 250_000 } }), at(30))).toEqual([]);

    const conversion = rule({ metric: 'CONVERSION_RATE', condition: 'BELOW_PACE', threshold: 1, windowSeconds: 600 });
    expect(evaluateRules([conversion], snapshot({ targets, current: { CONVERSION_RATE: 0.01 } }), at(5))).toEqual([]);
    expect(evaluateRules([conversion], snapshot({ targets, current: { CONVERSION_RATE: 0.01 } }), at(15))).toMatchObject([
      { kind: 'FIRE', value: 0.01, threshold: 0.02 },
    ]);
    expect(evaluateRules([conversion], snapshot({ current: { CONVERSION_RATE: 0.01 } }), at(15))).toEqual([]);
  });

  it('rates a product during its own segment against its share of the target or a given rate', () => {
    const segment = { id: 'seg', startedAt: at(10), plannedSeconds: 600, productIds: ['p1', 'p2'] };
    const product = rule({ metric: 'GMV_PAID', condition: 'PRODUCT_BELOW_EXPECTED', product: 'p1', threshold: 0.5, windowSeconds: 120 });
    // Target 1,200,000 over 120 minutes is 10,000 a minute, 5,000 for each of the two products.
    const base = { segment, targets: { GMV_PAID: 1_200_000 }, productTitles: { p1: '面霜' } };
    const slow = snapshot({ ...base, segmentProductSales: { p1: { GMV_PAID: 8_000 } } });
    const [fired] = evaluateRules([product], slow, at(14));
    expect(fired).toMatchObject({ kind: 'FIRE', value: 2_000, threshold: 2_500 });
    expect(fired!.kind === 'FIRE' && fired!.messageZh).toContain('面霜');
    expect(evaluateRules([product], snapshot({ ...base, segmentProductSales: { p1: { GMV_PAID: 12_000 } } }), at(14))).toEqual([]);
    // Not before the grace window, and a given rate wins over the target share.
    expect(evaluateRules([product], slow, at(11))).toEqual([]);
    expect(evaluateRules([{ ...product, expectedPerMinute: 3_000 }], slow, at(14))).toEqual([]);
    // Once another segment is on air the product's alert clears.
    const other = { ...segment, id: 'seg-2', productIds: ['p2'] };
    expect(evaluateRules([product], snapshot({ ...base, segment: other, open: { 'rule-1': { alertId: 'a' } } }), at(25))).toEqual([
      { kind: 'CLEAR', rule: product, alertId: 'a' },
    ]);
  });
});

describe('metricConditionIssue', () => {
  it('accepts live metrics and refuses the rest with a reason', () => {
    expect(metricConditionIssue('ONLINE_VIEWERS', 'DROP_PERCENT')).toBeNull();
    expect(metricConditionIssue('CONVERSION_RATE', 'BELOW_PACE')).toBeNull();
    expect(metricConditionIssue('NOPE', 'ABOVE')).toMatch(/not a metric/);
    // A dictionary metric the live engine does not measure during a show.
    expect(metricConditionIssue('AD_SPEND', 'ABOVE')).toMatch(/not a metric alerts can watch/);
    expect(metricConditionIssue('GMV_PAID', 'ABOVE')).toBeNull();
    expect(metricConditionIssue('PAY_ROI', 'ABOVE')).toMatch(/not a metric/);
    expect(metricConditionIssue('CONVERSION_RATE', 'DROP_PERCENT')).toMatch(/no per-minute series/);
    expect(metricConditionIssue('UV', 'PRODUCT_BELOW_EXPECTED')).toMatch(/cannot be rated per product/);
  });
});

describe('formatValue', () => {
  it('shows money in major units and rates in percent', () => {
    expect(formatValue('MONEY', 12345, 'CNY')).toBe('CNY 123.45');
    expect(formatValue('MONEY', 12345, 'JPY')).toBe('JPY 12345');
    expect(formatValue('RATE', 0.0125, 'CNY')).toBe('1.25%');
    expect(formatValue('COUNT', 7, 'CNY')).toBe('7');
  });
});
