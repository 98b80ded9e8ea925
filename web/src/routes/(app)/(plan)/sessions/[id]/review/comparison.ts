import type { ComparisonGroup, Review } from './review-query.js';

/** The four figures the API compares sessions on; money in minor units. */
export const FIGURE_KEYS = ['gmvPaid', 'uv', 'conversionRate', 'gpm'] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];
export type Figures = Record<FigureKey, number | null>;

/** This session's figures, from the review's totals (the same metrics the API averages). */
export function currentFigures(totals: Review['totals']): Figures {
  const value = (metric: string) => totals.find((total) => total.metric === metric)?.value ?? null;
  return { gmvPaid: value('GMV_PAID'), uv: value('UV'), conversionRate: value('CONVERSION_RATE'), gpm: value('GPM') };
}

export function comparedFigures(compared: ComparisonGroup['sessions'][number]): Figures {
  return { gmvPaid: compared.gmvPaid.amount, uv: compared.uv, conversionRate: compared.conversionRate, gpm: compared.gpm?.amount ?? null };
}

/** The best of the earlier sessions on each figure, each from whichever session did best on it. */
export function bestFigures(sessions: readonly Figures[]): Figures {
  const best = (key: FigureKey) => {
    const known = sessions.map((figures) => figures[key]).filter((value): value is number => value !== null);
    return known.length ? Math.max(...known) : null;
  };
  return { gmvPaid: best('gmvPaid'), uv: best('uv'), conversionRate: best('conversionRate'), gpm: best('gpm') };
}

/** (value − base) / base: 0.25 is 25% above. Null without both numbers or when the base is 0. */
export function relativeDelta(value: number | null | undefined, base: number | null | undefined): number | null {
  if (value === null || value === undefined || base === null || base === undefined || base === 0) return null;
  return (value - base) / Math.abs(base);
}

/** Within half a percent counts as level, so rounding noise is not coloured as a gain or a loss. */
export function deltaTone(delta: number | null): 'up' | 'down' | 'level' | 'none' {
  if (delta === null) return 'none';
  if (delta > 0.005) return 'up';
  if (delta < -0.005) return 'down';
  return 'level';
}
