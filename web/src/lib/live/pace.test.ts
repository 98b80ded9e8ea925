import { describe, expect, it } from 'vitest';
import { paceView, type PaceInput } from './pace.js';

const gmv = (actual: number | null, target = 1_000_000): PaceInput => ({ target, actual, projected: null, onPace: null, additive: true, numerator: null });
const halfway = { elapsedSeconds: 1800, plannedSeconds: 3600, started: true };

describe('goal pace', () => {
  it('expects an accumulating metric to have grown with the elapsed share of the show', () => {
    const ahead = paceView(gmv(600_000), halfway);
    expect(ahead.expectedFraction).toBe(0.5);
    expect(ahead.fill).toBe(0.6);
    expect(ahead.status).toBe('ahead');
    expect(paceView(gmv(400_000), halfway).status).toBe('behind');
  });

  it('fills the bar at a met target and keeps the real ratio', () => {
    const view = paceView(gmv(1_300_000), { ...halfway, elapsedSeconds: 60 });
    expect(view.fill).toBe(1);
    expect(view.ratio).toBeCloseTo(1.3);
    expect(view.status).toBe('ahead');
  });

  it('has no expected-by-now marker before the start or for rates, which follow onPace', () => {
    expect(paceView(gmv(0), { elapsedSeconds: 0, plannedSeconds: 3600, started: false }).expectedFraction).toBeNull();
    const rate: PaceInput = { target: 0.05, actual: 0.03, projected: 0.03, onPace: false, additive: false, numerator: 'BUYERS' };
    const view = paceView(rate, halfway);
    expect(view.expectedFraction).toBeNull();
    expect(view.status).toBe('behind');
    expect(paceView({ ...rate, actual: 0.06, onPace: true }, halfway).status).toBe('ahead');
  });

  it('is unknown for a metric the live engine does not measure', () => {
    const view = paceView({ target: 50_000, actual: null, projected: null, onPace: null, additive: true, numerator: null }, halfway);
    expect(view).toEqual({ fill: 0, ratio: null, expectedFraction: 0.5, status: 'unknown' });
  });
});
