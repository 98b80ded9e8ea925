import type { ReviewPhase } from './review-phase.js';
import type { MetricDefinition, MetricUnit, Review } from './review-query.js';

/** The numbers an operator reads first in a 复盘, in this order. */
export const HEADLINE_METRICS = ['GMV_PAID', 'PCU', 'UV', 'CONVERSION_RATE', 'GPM', 'UV_VALUE', 'AOV', 'BUYERS'] as const;

/** Metrics where coming in under the target is the good outcome. */
const LOWER_IS_BETTER = new Set(['REFUNDS', 'AD_SPEND']);

/**
 * ahead: at or past the target; close: within 10% of it; behind: further off; unknown: no target
 * or nothing measured.
 */
export type Standing = 'ahead' | 'close' | 'behind' | 'unknown';

/** value / target, or null when either is missing or the target is not positive. */
export function targetShare(value: number | null | undefined, target: number | null | undefined): number | null {
  if (value === null || value === undefined || target === null || target === undefined || !(target > 0)) return null;
  return value / target;
}

/**
 * Where a metric stands against its target. While the show runs, the projection to the planned
 * end is what counts (the actual is always behind early on); afterwards, the actual.
 */
export function standing(metric: string, target: { target: number; actual: number | null; projected: number | null }, phase: ReviewPhase): Standing {
  const basis = phase === 'LIVE' ? (target.projected ?? target.actual) : target.actual;
  const share = targetShare(basis, target.target);
  if (share === null) return 'unknown';
  if (LOWER_IS_BETTER.has(metric)) return share <= 1 ? 'ahead' : share <= 1.1 ? 'close' : 'behind';
  return share >= 1 ? 'ahead' : share >= 0.9 ? 'close' : 'behind';
}

export interface MetricCard {
  metric: string;
  unit: MetricUnit;
  nameEn: string;
  nameZh: string;
  value: number | null;
  /** The session target on this metric (its share of a campaign goal), if there is one. */
  target: { goalTitle: string; target: number; share: number | null; projected: number | null; projectedShare: number | null; standing: Standing } | null;
}

/**
 * Cards for the headline metrics, each with its target when the session has one, followed by a
 * card for every other target (a session can carry targets on any metric, or two on one metric).
 */
export function metricCards(review: Pick<Review, 'totals' | 'targets'>, definitions: readonly MetricDefinition[], phase: ReviewPhase): MetricCard[] {
  const byKey = new Map(definitions.map((definition) => [definition.key as string, definition]));
  const values = new Map(review.totals.map((total) => [total.metric as string, total.value]));
  const unused = [...review.targets];
  const card = (metric: string, target: (typeof unused)[number] | undefined): MetricCard | null => {
    const definition = byKey.get(metric);
    if (!definition) return null;
    const value = target ? target.actual : (values.get(metric) ?? null);
    return {
      metric,
      unit: definition.unit,
      nameEn: definition.nameEn,
      nameZh: definition.nameZh,
      value,
      target: target
        ? {
            goalTitle: target.goalTitle,
            target: target.target,
            share: target.achievement ?? targetShare(target.actual, target.target),
            projected: target.projected,
            projectedShare: targetShare(target.projected, target.target),
            standing: standing(metric, target, phase),
          }
        : null,
    };
  };
  const cards: MetricCard[] = [];
  for (const metric of HEADLINE_METRICS) {
    const index = unused.findIndex((target) => target.metric === metric);
    const [target] = index >= 0 ? unused.splice(index, 1) : [];
    const made = card(metric, target);
    if (made && (made.value !== null || values.has(metric) || target)) cards.push(made);
  }
  for (const target of unused) {
    const made = card(target.metric, target);
    if (made) cards.push(made);
  }
  return cards;
}
