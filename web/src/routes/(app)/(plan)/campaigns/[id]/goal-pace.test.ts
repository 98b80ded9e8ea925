import { describe, expect, it } from 'vitest';
import { goalPaces } from './goal-pace.js';

const campaign = {
  startsAt: '2026-12-01T00:00:00Z',
  endsAt: '2026-12-11T00:00:00Z',
  allGoals: [
    { id: 'gmv', metricDefinition: { additive: true, numerator: null } },
    { id: 'cr', metricDefinition: { additive: false, numerator: 'BUYERS' } },
  ],
  goalPacing: [
    { goal: { id: 'gmv' }, actual: 40, target: 100, progress: 0.4, projected: 80, onPace: false },
    { goal: { id: 'cr' }, actual: 0.04, target: 0.03, progress: 1.33, projected: 0.04, onPace: true },
    { goal: { id: 'deleted' }, actual: 1, target: 1, progress: 1, projected: 1, onPace: true },
  ],
};

describe('goal pace over the campaign window', () => {
  it('expects accumulating goals to keep up with the share of the window passed', () => {
    const early = goalPaces(campaign, new Date('2026-12-03T00:00:00Z')).get('gmv')!;
    expect(early.view.expectedFraction).toBeCloseTo(0.2);
    expect(early.view.status).toBe('ahead');
    const late = goalPaces(campaign, new Date('2026-12-06T00:00:00Z')).get('gmv')!;
    expect(late.view.status).toBe('behind');
    expect(late.view.fill).toBeCloseTo(0.4);
  });

  it('follows the API for rates and caps the bar at a met target', () => {
    const rate = goalPaces(campaign, new Date('2026-12-06T00:00:00Z')).get('cr')!;
    expect(rate.view.expectedFraction).toBeNull();
    expect(rate.view.status).toBe('ahead');
    expect(rate.view.fill).toBe(1);
  });

  it('has no expected mark before the window opens and skips goals it does not know', () => {
    const paces = goalPaces(campaign, new Date('2026-11-20T00:00:00Z'));
    expect(paces.get('gmv')!.view.expectedFraction).toBeNull();
    expect(paces.has('deleted')).toBe(false);
  });
});
