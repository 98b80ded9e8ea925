import { describe, expect, it } from 'vitest';
import { bestFigures, comparedFigures, currentFigures, deltaTone, relativeDelta } from './comparison.js';

describe('comparison with earlier sessions', () => {
  it('delta is relative to the base: 25% above, 50% below, none without a base', () => {
    expect(relativeDelta(125, 100)).toBeCloseTo(0.25);
    expect(relativeDelta(50, 100)).toBeCloseTo(-0.5);
    expect(relativeDelta(50, 0)).toBeNull();
    expect(relativeDelta(null, 100)).toBeNull();
    expect(relativeDelta(100, null)).toBeNull();
  });

  it('colours only changes beyond half a percent', () => {
    expect(deltaTone(0.2)).toBe('up');
    expect(deltaTone(-0.2)).toBe('down');
    expect(deltaTone(0.004)).toBe('level');
    expect(deltaTone(null)).toBe('none');
  });

  it('takes the best of each figure from whichever session did best on it', () => {
    const best = bestFigures([
      { gmvPaid: 100, uv: 900, conversionRate: null, gpm: 10 },
      { gmvPaid: 300, uv: 200, conversionRate: 0.1, gpm: null },
    ]);
    expect(best).toEqual({ gmvPaid: 300, uv: 900, conversionRate: 0.1, gpm: 10 });
    expect(bestFigures([])).toEqual({ gmvPaid: null, uv: null, conversionRate: null, gpm: null });
  });

  it('reads this session from its totals and earlier ones from their money objects', () => {
    expect(currentFigures([{ metric: 'GMV_PAID', value: 5 }, { metric: 'UV', value: 2 }, { metric: 'GPM', value: null }])).toEqual({ gmvPaid: 5, uv: 2, conversionRate: null, gpm: null });
    expect(
      comparedFigures({
        session: { id: 's', title: 'x', scheduledStart: '2026-01-01T00:00:00Z', actualStart: null },
        gmvPaid: { amount: 700, currency: 'CNY' },
        uv: 10,
        conversionRate: 0.2,
        gpm: null,
      }),
    ).toEqual({ gmvPaid: 700, uv: 10, conversionRate: 0.2, gpm: null });
  });
});
