import { describe, expect, it } from 'vitest';
import { pace } from './pacing.js';

const start = new Date('2030-01-07T20:00:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
const twoHours = 120 * 60_000;

describe('pace', () => {
  it('projects an accumulating metric linearly over the planned window', () => {
    const result = pace('GMV_PAID', 100_000, { GMV_PAID: 30_000 }, { start, plannedMs: twoHours, now: at(30), ended: false });
    expect(result).toEqual({ metric: 'GMV_PAID', target: 100_000, actual: 30_000, progress: 0.3, projected: 120_000, onPace: true });
  });

  it('keeps a rate at its current value', () => {
    const result = pace('CONVERSION_RATE', 0.05, { CONVERSION_RATE: 0.04 }, { start, plannedMs: twoHours, now: at(30), ended: false });
    expect(result.projected).toBe(0.04);
    expect(result.onPace).toBe(false);
  });

  it('uses the actual once the window is over or overrun', () => {
    expect(pace('PV', 1000, { PV: 900 }, { start, plannedMs: twoHours, now: at(150), ended: false }).projected).toBe(900);
    expect(pace('PV', 1000, { PV: 900 }, { start, plannedMs: twoHours, now: at(60), ended: true }).projected).toBe(900);
  });

  it('has no projection before the start and no actual for unmeasured metrics', () => {
    expect(pace('PV', 1000, { PV: 0 }, { start: null, plannedMs: twoHours, now: at(0), ended: false })).toMatchObject({ actual: 0, projected: null, onPace: null });
    expect(pace('AD_SPEND', 1000, { PV: 5 }, { start, plannedMs: twoHours, now: at(10), ended: false })).toMatchObject({ actual: null, progress: null, projected: null, onPace: null });
  });
});
