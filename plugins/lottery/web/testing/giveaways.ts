import type { ControlGiveaway, OverlayGiveaway } from '../types.js';

// Readable defaults for tests; each test overrides what it is about.

export function overlayGiveaway(overrides: Partial<OverlayGiveaway> = {}): OverlayGiveaway {
  return {
    id: 'TG90dGVyeUdpdmVhd2F5OjE=',
    status: 'OPEN',
    version: 1,
    createdAt: '2025-06-01T11:55:00.000Z',
    updatedAt: '2025-06-01T11:55:00.000Z',
    title: 'Summer giveaway',
    closesAt: '2025-06-01T12:05:00.000Z',
    entrantCount: 0,
    prizes: [{ id: 'prize-1', name: 'Tea set', quantity: 2, value: { amount: 19_900, currency: 'CNY' } }],
    conditions: { keyword: '我要茶具' },
    draws: [],
    winners: [],
    ...overrides,
  };
}

export function controlGiveaway(overrides: Partial<ControlGiveaway> = {}): ControlGiveaway {
  return {
    id: 'TG90dGVyeUdpdmVhd2F5OjI=',
    status: 'DRAFT',
    version: 1,
    createdAt: '2025-06-01T11:55:00.000Z',
    updatedAt: '2025-06-01T11:55:00.000Z',
    title: 'Summer giveaway',
    mode: 'UNIFORM',
    winnerCount: 2,
    closesAt: null,
    entryDurationSeconds: 300,
    publicValueSource: 'BEACON',
    seedCommitment: 'c0ffee'.repeat(10) + 'c0ff',
    entrantCount: 0,
    eligibleCount: null,
    listHash: null,
    prizes: [{ id: 'prize-1', name: 'Tea set', quantity: 2, value: { amount: 19_900, currency: 'CNY' } }],
    conditions: { keyword: '我要茶具', requireFollower: false, requireFanClub: false, minWatchMinutes: null, requirePurchase: false },
    draws: [],
    winners: [],
    ...overrides,
  };
}

/** The query answer of a session holding `giveaways`. */
export function page<G>(giveaways: G[]): { lotteryGiveaways: { edges: { node: G }[] } } {
  return { lotteryGiveaways: { edges: giveaways.map((node) => ({ node })) } };
}

/** A subscription notice about `giveaway`. */
export function notice<G extends { version: number }>(giveaway: G, reason = 'ENTRANTS'): { lotteryGiveawayUpdated: { reason: string; version: number; giveaway: G } } {
  return { lotteryGiveawayUpdated: { reason, version: giveaway.version, giveaway } };
}
