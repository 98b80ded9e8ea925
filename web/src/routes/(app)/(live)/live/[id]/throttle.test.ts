import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('throttle', () => {
  it('runs the first call at once and folds a burst into one run at the end of the interval', () => {
    const action = vi.fn();
    const throttled = throttle(action, 2000);
    throttled();
    expect(action).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(500);
    throttled();
    throttled();
    throttled();
    expect(action).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1499);
    expect(action).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(action).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(10_000);
    expect(action).toHaveBeenCalledTimes(2);
  });

  it('runs at once again when the last run is an interval ago', () => {
    const action = vi.fn();
    const throttled = throttle(action, 2000);
    throttled();
    vi.advanceTimersByTime(2500);
    throttled();
    expect(action).toHaveBeenCalledTimes(2);
  });

  it('drops the pending run when cancelled', () => {
    const action = vi.fn();
    const throttled = throttle(action, 2000);
    throttled();
    throttled();
    throttled.cancel();
    vi.advanceTimersByTime(5000);
    expect(action).toHaveBeenCalledTimes(1);
  });
});
