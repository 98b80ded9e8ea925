import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { locale } from '$lib/i18n/locale.svelte.js';
import { allocate, allocationMessage, allocationOf, evenSplit } from './goal-sum.js';

const before = locale.current;
beforeEach(() => void (locale.current = 'en'));
afterEach(() => void (locale.current = before));
const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('en')}`;

describe('goal sums', () => {
  it('judges whole-unit splits exactly: under, over, exact and empty', () => {
    expect(allocate(100_000_000, [40_000_000, 40_000_000], true)).toEqual({ state: 'under', target: 100_000_000, allocated: 80_000_000, difference: 20_000_000 });
    expect(allocate(100_000_000, [60_000_000, 40_000_001], true)).toMatchObject({ state: 'over', difference: -1 });
    expect(allocate(100_000_000, [60_000_000, 40_000_000], true)).toMatchObject({ state: 'adds-up', difference: 0 });
    expect(allocate(30_000, [], true)).toEqual({ state: 'empty', target: 30_000, allocated: 0, difference: 30_000 });
  });

  it('allows float drift for fractional parts, but not a real gap', () => {
    expect(allocate(0.3, [0.1, 0.2], true).state).toBe('adds-up');
    expect(allocate(1.5, [0.5, 0.5, 0.49], true).state).toBe('under');
  });

  it('does not sum rates and other non-additive metrics', () => {
    expect(allocate(0.03, [0.03, 0.05], false)).toEqual({ state: 'not-summed', target: 0.03, allocated: null, difference: null });
  });

  it('reads the API verdict into the same shape', () => {
    expect(allocationOf({ addsUp: false, allocated: 80, difference: 20, target: 100 }, 2).state).toBe('under');
    expect(allocationOf({ addsUp: false, allocated: 120, difference: -20, target: 100 }, 2).state).toBe('over');
    expect(allocationOf({ addsUp: false, allocated: 0, difference: 100, target: 100 }, 0).state).toBe('empty');
    expect(allocationOf({ addsUp: true, allocated: 100, difference: 0, target: 100 }, 3).state).toBe('adds-up');
    expect(allocationOf({ addsUp: null, allocated: null, difference: null, target: 0.08 }, 3).state).toBe('not-summed');
  });

  it('splits evenly into parts that add up to the target', () => {
    expect(evenSplit(100, 3, true)).toEqual([34, 33, 33]);
    expect(evenSplit(150_000_000, 4, true)).toEqual([37_500_000, 37_500_000, 37_500_000, 37_500_000]);
    const fractional = evenSplit(1, 3, false);
    expect(allocate(1, fractional, true).state).toBe('adds-up');
    expect(evenSplit(10, 0, true)).toEqual([]);
    for (const [target, count] of [[7, 4], [1_000_001, 7], [5, 9]] as const) {
      const parts = evenSplit(target, count, true);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(target);
      expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
    }
  });

  it('words the verdict for sub-goals and for sessions', () => {
    expect(allocationMessage(allocate(100_000_000, [50_000_000, 30_000_000], true), 'children', yuan)).toBe('Sub-goals sum to ¥800,000 of ¥1,000,000: ¥200,000 unassigned');
    expect(allocationMessage(allocate(100_000_000, [70_000_000, 50_000_000], true), 'sessions', yuan)).toBe('Session targets sum to ¥1,200,000 of ¥1,000,000: ¥200,000 over');
    expect(allocationMessage(allocate(100, [], true), 'sessions', String)).toBe('Not split onto sessions yet: 100 unallocated');
    locale.current = 'zh-CN';
    expect(allocationMessage(allocate(100_000_000, [50_000_000, 30_000_000], true), 'children', yuan)).toBe('子目标合计 ¥800,000 / ¥1,000,000，还有 ¥200,000 未分配');
  });
});
