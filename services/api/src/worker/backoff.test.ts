import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.js';

const exact = { baseMs: 1000, maxMs: 60_000, jitter: 0 };

describe('retryDelayMs', () => {
  it('doubles the delay after each failed attempt', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, exact))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than the cap, even after very many attempts', () => {
    expect(retryDelayMs(7, exact)).toBe(60_000);
    expect(retryDelayMs(500, exact)).toBe(60_000);
  });

  it('spreads the delay by the jitter fraction either way', () => {
    const options = { ...exact, jitter: 0.2 };
    expect(retryDelayMs(2, options, 0)).toBe(1600);
    expect(retryDelayMs(2, options, 0.5)).toBe(2000);
    expect(retryDelayMs(2, options, 0.999999)).toBe(2400);
  });
});
