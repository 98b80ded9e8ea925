import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from './coalescer.js';

describe('Coalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the first touch at once and the touches of an interval once at its end', () => {
    const runs: [string, number][] = [];
    const coalescer = new Coalescer(250, (key) => runs.push([key, Date.now()]));
    const start = Date.now();
    coalescer.touch('a');
    for (let step = 0; step < 20; step += 1) {
      vi.advanceTimersByTime(10);
      coalescer.touch('a');
    }
    expect(runs).toEqual([['a', start]]);
    vi.advanceTimersByTime(250);
    expect(runs).toEqual([['a', start], ['a', start + 250]]);
    vi.advanceTimersByTime(1000);
    expect(runs).toHaveLength(2);
  });

  it('never runs a key more than once per interval, and keys do not wait for each other', () => {
    const runs: [string, number][] = [];
    const coalescer = new Coalescer(250, (key) => runs.push([key, Date.now()]));
    for (let step = 0; step < 100; step += 1) {
      coalescer.touch('a');
      coalescer.touch(step % 2 ? 'b' : 'c');
      vi.advanceTimersByTime(20);
    }
    vi.advanceTimersByTime(250);
    for (const key of ['a', 'b', 'c']) {
      const times = runs.filter(([candidate]) => candidate === key).map(([, at]) => at);
      for (let index = 1; index < times.length; index += 1) expect(times[index]! - times[index - 1]!).toBeGreaterThanOrEqual(250);
      expect(times.length).toBeGreaterThanOrEqual(8);
    }
  });

  it('cancels pending runs on close', () => {
    const runs: string[] = [];
    const coalescer = new Coalescer(250, (key) => runs.push(key));
    coalescer.touch('a');
    coalescer.touch('a');
    coalescer.close();
    vi.advanceTimersByTime(1000);
    expect(runs).toEqual(['a']);
  });
});
