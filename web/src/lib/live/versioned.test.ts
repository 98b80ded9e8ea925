import { describe, expect, it } from 'vitest';
import { acceptSnapshot, acceptTick } from './versioned.js';

const metrics = (version: number, onlineNow = version * 10) => ({ version, onlineNow });

describe('metric tick merging', () => {
  it('takes the first tick when nothing is held', () => {
    expect(acceptTick(null, metrics(1))).toEqual(metrics(1));
  });

  it('keeps only ticks with a higher version than the one held', () => {
    let held = acceptTick(null, metrics(5));
    held = acceptTick(held, metrics(4, 999));
    expect(held).toEqual(metrics(5));
    held = acceptTick(held, metrics(5, 999));
    expect(held?.onlineNow).toBe(50);
    held = acceptTick(held, metrics(7));
    expect(held).toEqual(metrics(7));
  });

  it('out-of-order and duplicated ticks end on the newest', () => {
    const arrivals = [3, 1, 4, 4, 2, 6, 5].map((version) => metrics(version));
    const held = arrivals.reduce<ReturnType<typeof metrics> | null>((current, tick) => acceptTick(current, tick), null);
    expect(held?.version).toBe(6);
  });

  it('a null tick (session deleted) leaves what is held', () => {
    expect(acceptTick(metrics(2), null)).toEqual(metrics(2));
  });

  it('a resync answer of the same version replaces the held one (fresher time-based fields), an older one does not', () => {
    expect(acceptSnapshot(metrics(3, 30), metrics(3, 31))?.onlineNow).toBe(31);
    expect(acceptSnapshot(metrics(4), metrics(3))?.version).toBe(4);
    expect(acceptSnapshot(null, metrics(0))?.version).toBe(0);
  });
});
