import type { ViewerFacts } from '@broadcart/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { entrantWeight, evaluateEntrant, type EntrantFacts, type EntryRules } from './eligibility.js';

const open: EntryRules = {
  requireFollower: false,
  requireFanClub: false,
  minWatchMinutes: null,
  requirePurchase: false,
  regions: [],
  excludeStaff: false,
  excludeBlocked: false,
  excludeEarlierWinners: 'NONE',
};

const facts = (overrides: Partial<ViewerFacts> = {}): ViewerFacts => ({
  viewerId: 'v1',
  follower: false,
  fanClubMember: false,
  blocked: false,
  region: null,
  watchedSeconds: 0,
  purchasedInSession: false,
  ...overrides,
});

const entrant = (overrides: Partial<ViewerFacts> = {}, extra: Partial<EntrantFacts> = {}): EntrantFacts => ({ facts: facts(overrides), staff: false, earlierWinner: false, ...extra });

describe('conditions', () => {
  it('lets anyone in when nothing is required', () => {
    expect(evaluateEntrant(open, entrant())).toEqual({ eligible: true });
    expect(evaluateEntrant(open, { facts: undefined, staff: false, earlierWinner: false })).toEqual({ eligible: true });
  });

  it('requires following', () => {
    const rules = { ...open, requireFollower: true };
    expect(evaluateEntrant(rules, entrant())).toEqual({ eligible: false, reason: 'NOT_FOLLOWER' });
    expect(evaluateEntrant(rules, entrant({ follower: true }))).toEqual({ eligible: true });
  });

  it('requires fan-club membership', () => {
    const rules = { ...open, requireFanClub: true };
    expect(evaluateEntrant(rules, entrant({ follower: true }))).toEqual({ eligible: false, reason: 'NOT_FAN_CLUB_MEMBER' });
    expect(evaluateEntrant(rules, entrant({ fanClubMember: true }))).toEqual({ eligible: true });
  });

  it('requires watching at least N minutes, counting the boundary in', () => {
    const rules = { ...open, minWatchMinutes: 5 };
    expect(evaluateEntrant(rules, entrant({ watchedSeconds: 299 }))).toEqual({ eligible: false, reason: 'WATCH_TIME_TOO_SHORT' });
    expect(evaluateEntrant(rules, entrant({ watchedSeconds: 300 }))).toEqual({ eligible: true });
  });

  it('requires a purchase in the session', () => {
    const rules = { ...open, requirePurchase: true };
    expect(evaluateEntrant(rules, entrant())).toEqual({ eligible: false, reason: 'NO_PURCHASE' });
    expect(evaluateEntrant(rules, entrant({ purchasedInSession: true }))).toEqual({ eligible: true });
  });

  it('matches regions case-insensitively and refuses viewers without one', () => {
    const rules = { ...open, regions: ['Zhejiang', '上海'] };
    expect(evaluateEntrant(rules, entrant({ region: 'zhejiang ' }))).toEqual({ eligible: true });
    expect(evaluateEntrant(rules, entrant({ region: '上海' }))).toEqual({ eligible: true });
    expect(evaluateEntrant(rules, entrant({ region: 'Beijing' }))).toEqual({ eligible: false, reason: 'REGION' });
    expect(evaluateEntrant(rules, entrant({ region: null }))).toEqual({ eligible: false, reason: 'REGION' });
  });

  it('treats a viewer the core knows nothing about as meeting no condition', () => {
    const unknown = { facts: undefined, staff: false, earlierWinner: false };
    expect(evaluateEntrant({ ...open, requireFollower: true }, unknown)).toEqual({ eligible: false, reason: 'NOT_FOLLOWER' });
    expect(evaluateEntrant({ ...open, minWatchMinutes: 1 }, unknown)).toEqual({ eligible: false, reason: 'WATCH_TIME_TOO_SHORT' });
  });
});

describe('exclusions', () => {
  it('leaves out staff, blocked viewers and earlier winners only when asked', () => {
    expect(evaluateEntrant(open, entrant({ blocked: true }, { staff: true, earlierWinner: true }))).toEqual({ eligible: true });
    expect(evaluateEntrant({ ...open, excludeStaff: true }, entrant({}, { staff: true }))).toEqual({ eligible: false, reason: 'STAFF' });
    expect(evaluateEntrant({ ...open, excludeBlocked: true }, entrant({ blocked: true }))).toEqual({ eligible: false, reason: 'BLOCKED' });
    expect(evaluateEntrant({ ...open, excludeEarlierWinners: 'SESSION' }, entrant({}, { earlierWinner: true }))).toEqual({ eligible: false, reason: 'EARLIER_WINNER' });
    expect(evaluateEntrant({ ...open, excludeEarlierWinners: 'CAMPAIGN' }, entrant({}, { earlierWinner: true }))).toEqual({ eligible: false, reason: 'EARLIER_WINNER' });
  });

  it('reports the first reason: exclusions before conditions', () => {
    const strict: EntryRules = { ...open, requireFollower: true, requirePurchase: true, excludeStaff: true, excludeBlocked: true, excludeEarlierWinners: 'SESSION' };
    expect(evaluateEntrant(strict, entrant({ blocked: true }, { staff: true, earlierWinner: true }))).toEqual({ eligible: false, reason: 'STAFF' });
    expect(evaluateEntrant(strict, entrant({ blocked: true }, { earlierWinner: true }))).toEqual({ eligible: false, reason: 'BLOCKED' });
    expect(evaluateEntrant(strict, entrant({}, { earlierWinner: true }))).toEqual({ eligible: false, reason: 'EARLIER_WINNER' });
    expect(evaluateEntrant(strict, entrant())).toEqual({ eligible: false, reason: 'NOT_FOLLOWER' });
    expect(evaluateEntrant(strict, entrant({ follower: true }))).toEqual({ eligible: false, reason: 'NO_PURCHASE' });
  });
});

describe('weights', () => {
  const weights = { fanClubMember: 3, follower: 2 };

  it('is 1 for everyone in a uniform draw', () => {
    expect(entrantWeight('UNIFORM', weights, facts({ fanClubMember: true, follower: true }))).toBe(1);
  });

  it('multiplies the multipliers that apply', () => {
    expect(entrantWeight('WEIGHTED', weights, facts())).toBe(1);
    expect(entrantWeight('WEIGHTED', weights, undefined)).toBe(1);
    expect(entrantWeight('WEIGHTED', weights, facts({ follower: true }))).toBe(2);
    expect(entrantWeight('WEIGHTED', weights, facts({ fanClubMember: true }))).toBe(3);
    expect(entrantWeight('WEIGHTED', weights, facts({ fanClubMember: true, follower: true }))).toBe(6);
  });

  it('caps the product at 100', () => {
    expect(entrantWeight('WEIGHTED', { fanClubMember: 20, follower: 10 }, facts({ fanClubMember: true, follower: true }))).toBe(100);
  });
});
