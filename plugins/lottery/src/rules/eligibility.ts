import type { ViewerFacts } from '@broadcart/plugin-sdk';
import type { EarlierWinnerScope, GiveawayDrawMode, IneligibleReason } from '../enums.js';
import { normalizeText } from './keyword.js';

/** The participation conditions and exclusions of a giveaway, as evaluated at close. */
export interface EntryRules {
  requireFollower: boolean;
  requireFanClub: boolean;
  /** Null: no minimum. */
  minWatchMinutes: number | null;
  requirePurchase: boolean;
  /** Empty: any region (also none). Otherwise the viewer's region must be one of these. */
  regions: readonly string[];
  excludeStaff: boolean;
  excludeBlocked: boolean;
  excludeEarlierWinners: EarlierWinnerScope;
}

/** What is known about one entrant at close. */
export interface EntrantFacts {
  /** From `core.audience.viewerFacts`; missing when the core knows nothing of the viewer. */
  facts: ViewerFacts | undefined;
  /** One of the organization's own accounts. */
  staff: boolean;
  /** Won an earlier giveaway within the scope of `excludeEarlierWinners`. */
  earlierWinner: boolean;
}

export type Eligibility = { eligible: true } | { eligible: false; reason: IneligibleReason };

/** Multipliers of a WEIGHTED draw; an entrant's weight is the product of those that apply. */
export interface EntryWeights {
  fanClubMember: number;
  follower: number;
}

export const MAX_WEIGHT = 100;

/** Regions compare like keywords: NFKC, lower case, white space collapsed. */
export function normalizeRegion(region: string): string {
  return normalizeText(region);
}

/**
 * Whether an entrant takes part in the draw, and if not the first reason, in the order of
 * INELIGIBLE_REASONS: exclusions before conditions. A viewer the core has no facts about
 * (`facts` missing) counts as a non-follower outside any region who watched nothing.
 */
export function evaluateEntrant(rules: EntryRules, entrant: EntrantFacts): Eligibility {
  const facts = entrant.facts;
  if (rules.excludeStaff && entrant.staff) return { eligible: false, reason: 'STAFF' };
  if (rules.excludeBlocked && facts?.blocked) return { eligible: false, reason: 'BLOCKED' };
  if (rules.excludeEarlierWinners !== 'NONE' && entrant.earlierWinner) return { eligible: false, reason: 'EARLIER_WINNER' };
  if (rules.requireFollower && !facts?.follower) return { eligible: false, reason: 'NOT_FOLLOWER' };
  if (rules.requireFanClub && !facts?.fanClubMember) return { eligible: false, reason: 'NOT_FAN_CLUB_MEMBER' };
  if (rules.minWatchMinutes != null && rules.minWatchMinutes > 0 && (facts?.watchedSeconds ?? 0) < rules.minWatchMinutes * 60) {
    return { eligible: false, reason: 'WATCH_TIME_TOO_SHORT' };
  }
  if (rules.requirePurchase && !facts?.purchasedInSession) return { eligible: false, reason: 'NO_PURCHASE' };
  if (rules.regions.length > 0) {
    const region = facts?.region == null ? null : normalizeRegion(facts.region);
    if (region === null || !rules.regions.some((allowed) => normalizeRegion(allowed) === region)) return { eligible: false, reason: 'REGION' };
  }
  return { eligible: true };
}

/**
 * An eligible entrant's weight: 1 in a UNIFORM draw; in a WEIGHTED one the product of the
 * multipliers that apply (fan-club member, follower), capped at MAX_WEIGHT.
 */
export function entrantWeight(mode: GiveawayDrawMode, weights: EntryWeights, facts: ViewerFacts | undefined): number {
  if (mode === 'UNIFORM') return 1;
  let weight = 1;
  if (facts?.fanClubMember) weight *= weights.fanClubMember;
  if (facts?.follower) weight *= weights.follower;
  return Math.min(weight, MAX_WEIGHT);
}
