import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import {
  ADDRESS_STATUSES,
  CONTACT_STATUSES,
  DRAW_MODES,
  EARLIER_WINNER_SCOPES,
  GIVEAWAY_STATUSES,
  INELIGIBLE_REASONS,
  PUBLIC_VALUE_SOURCES,
  UNCLAIMED_POLICIES,
  WINNER_STATUSES,
} from './enums.js';
import type { DrawProof } from './fair-draw/index.js';
import { uuidv7 } from '@broadcart/plugin-sdk';

/*
 * The lottery's tables reference core rows (organizations, sessions, segments, campaigns,
 * viewers, members) by uuid without foreign keys: the core never references them back, and a
 * plugin's tables must be removable without touching the core's. Every row carries its
 * organization, and every read filters on it.
 */

const idColumn = () => p.uuid().primary().onCreate(() => uuidv7());
const timestampColumns = () => ({
  createdAt: p.datetime().onCreate(() => new Date()),
  updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
});
/** Hex SHA-256 digests and 32-byte seeds. */
const hex64 = () => p.string().length(64);

/** One giveaway (抽奖 / 福袋) of a live session, optionally tied to one of its segments. */
export const LotteryGiveaway = defineEntity({
  name: 'LotteryGiveaway',
  tableName: 'lottery_giveaways',
  indexes: [
    { name: 'lottery_giveaways_session_index', properties: ['organizationId', 'sessionId', 'status'] },
    // The close timer scans open giveaways by deadline.
    { name: 'lottery_giveaways_closing_index', properties: ['status', 'closesAt'] },
  ],
  properties: {
    id: idColumn(),
    organizationId: p.uuid(),
    sessionId: p.uuid(),
    segmentId: p.uuid().nullable(),
    /** Opens (from DRAFT) when its segment goes on air; needs a segment. */
    openWithSegment: p.boolean().default(false),
    /** The session's campaign, read at creation and again at close (earlier-winner exclusion). */
    campaignId: p.uuid().nullable().index('lottery_giveaways_campaign_index'),
    title: p.string().length(200),
    status: p.enum(GIVEAWAY_STATUSES).nativeEnumName('lottery_giveaway_status').default('DRAFT'),
    mode: p.enum(DRAW_MODES).nativeEnumName('lottery_draw_mode'),
    winnerCount: p.integer(),
    /** The keyword (口令) as the operator typed it; null: any comment enters. */
    keyword: p.string().length(100).nullable(),
    /** `normalizeKeyword(keyword)`: what comments are matched against. */
    keywordNormalized: p.string().length(400).nullable(),
    requireFollower: p.boolean().default(false),
    requireFanClub: p.boolean().default(false),
    minWatchMinutes: p.integer().nullable(),
    requirePurchase: p.boolean().default(false),
    regions: p.array().default([]),
    excludeStaff: p.boolean().default(true),
    excludeBlocked: p.boolean().default(true),
    excludeEarlierWinners: p.enum(EARLIER_WINNER_SCOPES).nativeEnumName('lottery_earlier_winner_scope').default('NONE'),
    weightFanClubMember: p.integer().default(2),
    weightFollower: p.integer().default(1),
    /** Null: closed by hand. */
    entryDurationSeconds: p.integer().nullable(),
    /** When it opened (null while DRAFT). */
    opensAt: p.datetime().nullable(),
    /** opensAt + entryDurationSeconds, or when it was closed by hand. */
    closesAt: p.datetime().nullable(),
    /** When the entrant list was frozen. */
    closedAt: p.datetime().nullable(),
    claimWindowSeconds: p.integer(),
    unclaimedPolicy: p.enum(UNCLAIMED_POLICIES).nativeEnumName('lottery_unclaimed_policy').default('REDRAW'),
    publicValueSource: p.enum(PUBLIC_VALUE_SOURCES).nativeEnumName('lottery_public_value_source'),
    /** The commitment published at creation: SHA-256 of the first draw's server seed. */
    seedCommitment: hex64(),
    /** Secret until it is used: the server seed of the next draw (the first, then each redraw's). */
    nextServerSeed: hex64(),
    /** SHA-256 of nextServerSeed (published: at creation as seedCommitment, later in each draw). */
    nextSeedCommitment: hex64(),
    entrantCount: p.integer().default(0),
    eligibleCount: p.integer().nullable(),
    /** `{ [reason]: count }` of the entrants left out at close. */
    ineligibleCounts: p.json<Record<string, number>>().nullable(),
    listHash: hex64().nullable(),
    /**
     * Set when a winner's rank fell vacant under the REDRAW policy (and moved on each further
     * vacancy); cleared by the redraw. A beacon redraw uses the first round after it.
     */
    redrawRequestedAt: p.datetime().nullable(),
    /** Grows with every change, entrant counts included. */
    version: p.integer().default(1),
    createdBy: p.uuid().nullable(),
    ...timestampColumns(),
  },
});
export type LotteryGiveaway = InferEntity<typeof LotteryGiveaway>;

/** A prize of a giveaway; `quantity` units of it go to consecutive ranks, in `position` order. */
export const LotteryPrize = defineEntity({
  name: 'LotteryPrize',
  tableName: 'lottery_prizes',
  uniques: [{ name: 'lottery_prizes_position_unique', properties: ['giveawayId', 'position'] }],
  properties: {
    id: idColumn(),
    organizationId: p.uuid(),
    giveawayId: p.uuid(),
    position: p.integer(),
    name: p.string().length(200),
    quantity: p.integer(),
    /** Minor units. */
    valueAmount: p.bigint('number').default(0),
    currency: p.string().length(3),
  },
});
export type LotteryPrize = InferEntity<typeof LotteryPrize>;

/**
 * One viewer's entry: at most one per giveaway and viewer (the primary key), inserted by the
 * comment handler with `on conflict do nothing`. Eligibility, weight and reason are filled at close.
 */
export const LotteryEntry = defineEntity({
  name: 'LotteryEntry',
  tableName: 'lottery_entries',
  properties: {
    giveawayId: p.uuid().primary(),
    viewerId: p.uuid().primary(),
    organizationId: p.uuid(),
    /** When the entering comment was posted. */
    enteredAt: p.datetime(),
    /** The entering comment's seq in the session's event log. */
    commentSeq: p.bigint('number').nullable(),
    eligible: p.boolean().nullable(),
    weight: p.integer().nullable(),
    ineligibleReason: p.enum(INELIGIBLE_REASONS).nativeEnumName('lottery_ineligible_reason').nullable(),
  },
});
export type LotteryEntry = InferEntity<typeof LotteryEntry>;

/** One draw of a giveaway: round 1 is the first, 2+ are redraws of vacated ranks. */
export const LotteryDraw = defineEntity({
  name: 'LotteryDraw',
  tableName: 'lottery_draws',
  uniques: [{ name: 'lottery_draws_round_unique', properties: ['giveawayId', 'round'] }],
  properties: {
    id: idColumn(),
    organizationId: p.uuid(),
    giveawayId: p.uuid(),
    round: p.integer(),
    algorithm: p.string().length(40),
    mode: p.enum(DRAW_MODES).nativeEnumName('lottery_draw_mode'),
    seedCommitment: hex64(),
    serverSeed: hex64(),
    publicValueSource: p.enum(PUBLIC_VALUE_SOURCES).nativeEnumName('lottery_public_value_source'),
    publicValue: p.text(),
    /** BEACON: the round whose randomness is the public value. */
    beaconRound: p.bigint('number').nullable(),
    listHash: hex64(),
    entrantCount: p.integer(),
    /** Ranks this draw was asked to fill. */
    winnerCount: p.integer(),
    nextSeedCommitment: hex64(),
    /** The proof object, exactly as the verifier takes it. */
    proof: p.json<DrawProof>(),
    drawnAt: p.datetime(),
    /** The member who drew; null for the timer's redraws. */
    drawnBy: p.uuid().nullable(),
  },
});
export type LotteryDraw = InferEntity<typeof LotteryDraw>;

/** A viewer who won a rank (and its prize) in a draw. */
export const LotteryWinner = defineEntity({
  name: 'LotteryWinner',
  tableName: 'lottery_winners',
  indexes: [
    // Earlier-winner exclusion looks winners up by session and by campaign.
    { name: 'lottery_winners_session_index', properties: ['organizationId', 'sessionId', 'viewerId'] },
    { name: 'lottery_winners_campaign_index', properties: ['organizationId', 'campaignId', 'viewerId'] },
    // The claim timer.
    { name: 'lottery_winners_deadline_index', properties: ['status', 'claimDeadline'] },
  ],
  uniques: [
    // A viewer wins at most once per giveaway (a redraw excludes every earlier winner).
    { name: 'lottery_winners_viewer_unique', properties: ['giveawayId', 'viewerId'] },
    { name: 'lottery_winners_rank_unique', properties: ['giveawayId', 'rank'], where: 'replaced_in_round is null' },
  ],
  properties: {
    id: idColumn(),
    organizationId: p.uuid(),
    giveawayId: p.uuid(),
    drawId: p.uuid().index('lottery_winners_draw_index'),
    sessionId: p.uuid(),
    campaignId: p.uuid().nullable(),
    viewerId: p.uuid(),
    /** The giveaway rank held, which decides the prize. */
    rank: p.integer(),
    /** The rank in the draw's own proof (equals `rank` in round 1). */
    drawRank: p.integer(),
    round: p.integer(),
    prizeId: p.uuid().nullable(),
    status: p.enum(WINNER_STATUSES).nativeEnumName('lottery_winner_status').default('PENDING_CLAIM'),
    claimDeadline: p.datetime(),
    contactStatus: p.enum(CONTACT_STATUSES).nativeEnumName('lottery_contact_status').default('NONE'),
    addressStatus: p.enum(ADDRESS_STATUSES).nativeEnumName('lottery_address_status').default('NONE'),
    claimedAt: p.datetime().nullable(),
    /** The redraw round that gave this winner's vacated rank to someone else (null: still current). */
    replacedInRound: p.integer().nullable(),
    ...timestampColumns(),
  },
});
export type LotteryWinner = InferEntity<typeof LotteryWinner>;

export const lotteryEntities = [LotteryGiveaway, LotteryPrize, LotteryEntry, LotteryDraw, LotteryWinner] as const;
