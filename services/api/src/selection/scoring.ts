/**
 * Pure scoring for the selection helpers: each factor scores 0-1 and explains itself in a sentence;
 * `combineFactors` weighs them into a 0-100 score. No I/O here, so every rule is unit-tested.
 */

export const RANKING_FACTORS = ['AUDIENCE_FIT', 'STYLE', 'FOLLOWERS', 'AVAILABILITY', 'COST', 'PAST_PERFORMANCE'] as const;
export type RankingFactor = (typeof RANKING_FACTORS)[number];

/** Base weights; they sum to 1. A skipped factor's weight is shared by the others in proportion. */
export const FACTOR_WEIGHTS: Readonly<Record<RankingFactor, number>> = {
  AUDIENCE_FIT: 0.3,
  STYLE: 0.15,
  FOLLOWERS: 0.2,
  AVAILABILITY: 0.15,
  COST: 0.1,
  PAST_PERFORMANCE: 0.1,
};

/** An unavailable host stays in the ranking with its total multiplied by this. */
export const UNAVAILABLE_PENALTY = 0.5;

/** Followers at which the log-scaled reach score reaches 1. @default 10 million */
export const FULL_REACH_FOLLOWERS = 10_000_000;

/** A factor's 0-1 score, or null when it cannot be judged (then it is skipped). */
export interface FactorScore {
  score: number | null;
  explanation: string;
}

export interface RankingReason extends FactorScore {
  factor: RankingFactor;
  /** The weight actually applied: 0 for a skipped factor. */
  weight: number;
}

const normalize = (tag: string) => tag.trim().toLowerCase();

/** The target tags (as spelled in the target) that the candidate also has, case-insensitively. */
export function matchingTags(candidate: readonly string[], target: readonly string[]): string[] {
  const have = new Set(candidate.map(normalize));
  return target.filter((tag) => have.has(normalize(tag)));
}

function tagFactor(candidate: readonly string[], target: readonly string[], noun: string, skipped: string): FactorScore {
  if (target.length === 0) return { score: null, explanation: skipped };
  const matched = matchingTags(candidate, target);
  if (matched.length === 0) return { score: 0, explanation: `None of the ${target.length} ${noun} match: ${target.join(', ')}` };
  return { score: matched.length / target.length, explanation: `${matched.length} of ${target.length} ${noun} match: ${matched.join(', ')}` };
}

/** Share of the target audience tags the host's audience covers. */
export function audienceFitFactor(hostAudienceTags: readonly string[], targetTags: readonly string[]): FactorScore {
  return tagFactor(hostAudienceTags, targetTags, 'target audience tags', 'No target audience tags to compare: audience fit is skipped.');
}

/** Share of the requested style tags the host has. */
export function styleFactor(hostStyleTags: readonly string[], wantedTags: readonly string[]): FactorScore {
  return tagFactor(hostStyleTags, wantedTags, 'requested style tags', 'No style requested: style is skipped.');
}

/** Reach on a log scale, so 10 000 followers are worth more than a tenth of 100 000. */
export function followersFactor(followers: number, where: string): FactorScore {
  const score = Math.min(1, Math.log10(1 + Math.max(0, followers)) / Math.log10(1 + FULL_REACH_FOLLOWERS));
  return { score, explanation: `${followers.toLocaleString('en-US')} followers ${where} (log scale; ${FULL_REACH_FOLLOWERS.toLocaleString('en-US')} score 1)` };
}

/** For a session: inside the host's weekly windows and not on another overlapping session. */
export function sessionAvailabilityFactor(options: { when: string; withinWindows: boolean; hasWindows: boolean; conflictingSessions: readonly string[] }): FactorScore {
  const problems: string[] = [];
  if (!options.hasWindows) problems.push('no weekly availability is recorded');
  else if (!options.withinWindows) problems.push(`${options.when} is outside the weekly availability`);
  if (options.conflictingSessions.length > 0) problems.push(`already on overlapping session ${options.conflictingSessions.map((title) => `“${title}”`).join(', ')}`);
  if (problems.length === 0) return { score: 1, explanation: `Available ${options.when} and on no overlapping session` };
  const sentence = problems.join('; ');
  return { score: 0, explanation: `Unavailable: ${sentence}; the total score is multiplied by ${UNAVAILABLE_PENALTY}` };
}

/** For a campaign: share of the weekdays the campaign spans on which the host has windows. */
export function campaignAvailabilityFactor(hostWeekdays: ReadonlySet<number>, campaignWeekdays: ReadonlySet<number>): FactorScore {
  const covered = [...campaignWeekdays].filter((weekday) => hostWeekdays.has(weekday)).length;
  const score = campaignWeekdays.size === 0 ? 0 : covered / campaignWeekdays.size;
  const explanation = `Has availability on ${covered} of the ${campaignWeekdays.size} weekdays the campaign spans`;
  return { score, explanation: score > 0 ? explanation : `Unavailable: ${explanation}; the total score is multiplied by ${UNAVAILABLE_PENALTY}` };
}

export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat('zh-CN', { style: 'currency', currency }).format(amount / 100);
}

export interface CostContext {
  cheapestAmount: number;
  dearestAmount: number;
  currency: string;
  /** A campaign's budget per planned hour on air; null when there is no budget or nothing is planned yet. */
  hourlyBudgetAmount?: number | null;
  /** Why there is no hourly budget, for the explanation. */
  budgetNote?: string;
}

/** Cheaper relative to the other candidates; over the campaign's hourly budget scores 0. */
export function costFactor(costPerHourAmount: number, context: CostContext): FactorScore {
  const money = (amount: number) => formatMoney(amount, context.currency);
  const { cheapestAmount, dearestAmount, hourlyBudgetAmount } = context;
  if (hourlyBudgetAmount != null && costPerHourAmount > hourlyBudgetAmount) {
    return { score: 0, explanation: `${money(costPerHourAmount)}/h is over the campaign's hourly budget of ${money(hourlyBudgetAmount)}` };
  }
  const score = dearestAmount === cheapestAmount ? 1 : (dearestAmount - costPerHourAmount) / (dearestAmount - cheapestAmount);
  const budget = hourlyBudgetAmount != null ? `, within the hourly budget of ${money(hourlyBudgetAmount)}` : context.budgetNote ? `; ${context.budgetNote}` : '';
  return { score, explanation: `${money(costPerHourAmount)}/h; candidates cost ${money(cheapestAmount)} to ${money(dearestAmount)}/h${budget}` };
}

/**
 * GMV per hour and conversion rate of the host's past sessions. Broadcart records no live data
 * yet (a later issue adds it), so this returns a null score and the factor is skipped.
 */
export function pastPerformanceFactor(): FactorScore {
  return { score: null, explanation: 'No live data recorded yet: past performance is skipped and its weight shared by the other factors.' };
}

/** Weighs the factors into a 0-100 score (one decimal), spreading skipped factors' weight over the rest. */
export function combineFactors(factors: Readonly<Record<RankingFactor, FactorScore>>, available: boolean): { score: number; reasons: RankingReason[] } {
  const applied = RANKING_FACTORS.filter((factor) => factors[factor].score !== null);
  const appliedWeight = applied.reduce((sum, factor) => sum + FACTOR_WEIGHTS[factor], 0);
  const reasons = RANKING_FACTORS.map((factor) => ({
    factor,
    ...factors[factor],
    weight: factors[factor].score === null || appliedWeight === 0 ? 0 : FACTOR_WEIGHTS[factor] / appliedWeight,
  }));
  const total = reasons.reduce((sum, reason) => sum + reason.weight * (reason.score ?? 0), 0) * (available ? 1 : UNAVAILABLE_PENALTY);
  return { score: Math.round(total * 1000) / 10, reasons };
}

/** Best first; ties go to the available host, then by name, then by id, so the order never depends on load order. */
export function compareRankings(
  a: { score: number; available: boolean; name: string; id: string },
  b: { score: number; available: boolean; name: string; id: string },
): number {
  return b.score - a.score || Number(b.available) - Number(a.available) || compareText(a.name, b.name) || compareText(a.id, b.id);
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Product suggestion weights; they sum to 1. Without target tags, audience fit is skipped. */
export const PRODUCT_WEIGHTS = { audienceFit: 0.55, discount: 0.25, freeStock: 0.2 } as const;

/** Discount depth (off the list price) at which the discount score reaches 1. @default 50% */
export const FULL_DISCOUNT_DEPTH = 0.5;

export interface ProductFacts {
  audienceTags: readonly string[];
  priceAmount: number;
  listPriceAmount: number;
  stock: number;
  /** Units reserved by session lineups in the campaign's window. */
  reservedInWindow: number;
}

/** Scores a product for a campaign audience: tag overlap, discount depth, and stock not yet reserved. */
export function scoreProduct(product: ProductFacts, targetTags: readonly string[], currency: string): { score: number; reasons: string[] } {
  const audience = tagFactor(product.audienceTags, targetTags, 'target audience tags', 'The campaign has no target audience tags: audience fit is skipped');
  const depth = product.listPriceAmount > 0 ? Math.max(0, (product.listPriceAmount - product.priceAmount) / product.listPriceAmount) : 0;
  const discount = Math.min(1, depth / FULL_DISCOUNT_DEPTH);
  const reservedShare = product.stock > 0 ? Math.min(1, product.reservedInWindow / product.stock) : 1;
  const freeStock = 1 - reservedShare;

  const weights = audience.score === null
    ? { audienceFit: 0, discount: PRODUCT_WEIGHTS.discount / (1 - PRODUCT_WEIGHTS.audienceFit), freeStock: PRODUCT_WEIGHTS.freeStock / (1 - PRODUCT_WEIGHTS.audienceFit) }
    : PRODUCT_WEIGHTS;
  const total = weights.audienceFit * (audience.score ?? 0) + weights.discount * discount + weights.freeStock * freeStock;

  const money = (amount: number) => formatMoney(amount, currency);
  const percent = (share: number) => `${Math.round(share * 100)}%`;
  return {
    score: Math.round(total * 1000) / 10,
    reasons: [
      audience.explanation,
      depth > 0
        ? `${percent(depth)} below list price (${money(product.priceAmount)} instead of ${money(product.listPriceAmount)})`
        : `No discount: sells at its list price of ${money(product.listPriceAmount)}`,
      product.reservedInWindow > 0
        ? `${product.stock} in stock, ${product.reservedInWindow} (${percent(reservedShare)}) already reserved by sessions in the campaign window`
        : `${product.stock} in stock, none reserved by sessions in the campaign window`,
    ],
  };
}
