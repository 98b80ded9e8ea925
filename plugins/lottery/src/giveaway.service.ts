import { LockMode, type EntityManager } from '@mikro-orm/core';
import { ConflictError, findConnection, NotFoundError, ValidationError, type Connection, type ConnectionArgs, type PluginActor, type PluginContext } from '@broadcart/plugin-sdk';
import { z } from 'zod';
import type { LotteryConfig } from './config.js';
import {
  ADDRESS_STATUSES,
  CONTACT_STATUSES,
  DRAW_MODES,
  EARLIER_WINNER_SCOPES,
  PUBLIC_VALUE_SOURCES,
  UNCLAIMED_POLICIES,
  WINNER_STATUSES,
  type GiveawayStatus,
} from './enums.js';
import { createServerSeed } from './fair-draw/index.js';
import { LotteryGiveaway, LotteryPrize, LotteryWinner } from './giveaway.entity.js';
import { globalId } from './global-ids.js';
import { normalizeKeyword } from './rules/keyword.js';
import { MAX_WEIGHT } from './rules/eligibility.js';
import { MAX_WINNER_COUNT, resolveWinnerCount } from './rules/prizes.js';
import { VACATING_STATUSES, winnerTransitionProblem } from './rules/winner-status.js';
import { freezeEntrants } from './close.js';

/** Who is asking, in which app: what every service function runs with. */
export interface LotteryScope {
  em: EntityManager;
  actor: PluginActor;
  plugin: PluginContext<LotteryConfig>;
}

/* ------------------------------------------------------------------------------------------------
 * Input validation
 * --------------------------------------------------------------------------------------------- */

const flag = z.boolean().nullish();

const prizeSchema = z.object({
  name: z.string().trim().min(1).max(200),
  quantity: z.number().int().min(1).max(MAX_WINNER_COUNT),
  valueAmount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY').nullish(),
});

const settingsSchema = z.object({
  title: z.string().trim().min(1).max(200),
  mode: z.enum(DRAW_MODES),
  winnerCount: z.number().int().nullish(),
  prizes: z.array(prizeSchema).max(50).nullish(),
  conditions: z
    .object({
      keyword: z.string().max(100).nullish(),
      requireFollower: flag,
      requireFanClub: flag,
      minWatchMinutes: z.number().int().min(1).max(1440).nullish(),
      requirePurchase: flag,
      regions: z.array(z.string().trim().min(1).max(100)).max(100).nullish(),
    })
    .nullish(),
  exclusions: z
    .object({
      excludeStaff: flag,
      excludeBlocked: flag,
      excludeEarlierWinners: z.enum(EARLIER_WINNER_SCOPES).nullish(),
    })
    .nullish(),
  weights: z
    .object({
      fanClubMember: z.number().int().min(1).max(MAX_WEIGHT).nullish(),
      follower: z.number().int().min(1).max(MAX_WEIGHT).nullish(),
    })
    .nullish(),
  entryDurationSeconds: z.number().int().min(10).max(86_400).nullish(),
  claimWindowSeconds: z.number().int().min(60).max(90 * 86_400).nullish(),
  unclaimedPolicy: z.enum(UNCLAIMED_POLICIES).nullish(),
  publicValueSource: z.enum(PUBLIC_VALUE_SOURCES).nullish(),
  openWithSegment: flag,
});

export type GiveawaySettings = z.input<typeof settingsSchema>;
export type CreateGiveawayInput = GiveawaySettings & { sessionId: string; segmentId?: string | null };
export type UpdateGiveawayInput = Partial<GiveawaySettings> & { segmentId?: string | null };

const winnerChangesSchema = z.object({
  status: z.enum(WINNER_STATUSES).nullish(),
  contactStatus: z.enum(CONTACT_STATUSES).nullish(),
  addressStatus: z.enum(ADDRESS_STATUSES).nullish(),
});
export type WinnerChanges = z.input<typeof winnerChangesSchema>;

/** Zod issues as a ValidationError whose paths start at the mutation's `input`. */
function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      path: ['input', ...issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))],
      message: issue.message,
    })),
  );
}

/** The winner count, or a ValidationError on `input.winnerCount`. */
function winnerCountOf(winnerCount: number | null | undefined, prizes: readonly { quantity: number }[]): number {
  const resolved = resolveWinnerCount(winnerCount, prizes);
  if (typeof resolved === 'string') throw ValidationError.field(['input', 'winnerCount'], resolved);
  return resolved;
}

/* ------------------------------------------------------------------------------------------------
 * Reads
 * --------------------------------------------------------------------------------------------- */

/** The caller's giveaway, optionally locked for update; another organization's id is unknown. */
export async function findGiveaway(em: EntityManager, organizationId: string, id: string, lock = false): Promise<LotteryGiveaway> {
  const giveaway = await em.findOne(LotteryGiveaway, { id, organizationId }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {});
  if (!giveaway) throw new NotFoundError('LotteryGiveaway', globalId('LotteryGiveaway', id));
  return giveaway;
}

export async function findPrizes(em: EntityManager, giveaway: LotteryGiveaway): Promise<LotteryPrize[]> {
  return em.find(LotteryPrize, { giveawayId: giveaway.id, organizationId: giveaway.organizationId }, { orderBy: { position: 'asc' } });
}

export interface GiveawayFilter {
  sessionId?: string | null;
  status?: readonly GiveawayStatus[] | null;
}

/** The organization's giveaways, newest first, as a Relay connection (the SDK's offset cursors, like the core's lists). */
export function listGiveaways({ em, actor }: Pick<LotteryScope, 'em' | 'actor'>, filter: GiveawayFilter, args: ConnectionArgs): Promise<Connection<LotteryGiveaway>> {
  const where = {
    organizationId: actor.organizationId,
    ...(filter.sessionId ? { sessionId: filter.sessionId } : {}),
    ...(filter.status?.length ? { status: { $in: [...filter.status] } } : {}),
  };
  return findConnection(em, LotteryGiveaway, where, { createdAt: 'desc' }, args);
}

/* ------------------------------------------------------------------------------------------------
 * Settings
 * --------------------------------------------------------------------------------------------- */

const ENDED_SESSION_STATUSES = new Set(['ENDED', 'REVIEWED', 'CANCELLED']);

/** The caller's session (NotFoundError otherwise); an ended session takes no giveaway. */
async function requireOpenSession(scope: LotteryScope, sessionId: string) {
  const session = await scope.plugin.core.audience.session(scope.em, scope.actor.organizationId, sessionId);
  if (!session) throw new NotFoundError('LiveSession', globalId('LiveSession', sessionId));
  if (ENDED_SESSION_STATUSES.has(session.status)) {
    throw new ConflictError(`the session is ${session.status}: giveaways take comments of sessions that have not ended`, [sessionId]);
  }
  return session;
}

/** Whether `segmentId` is a segment of `sessionId` in the organization (the core's audience access). */
async function requireSegment(scope: Pick<LotteryScope, 'plugin'>, em: EntityManager, organizationId: string, sessionId: string, segmentId: string): Promise<void> {
  const segment = await scope.plugin.core.audience.segment(em, organizationId, segmentId);
  if (segment?.session !== sessionId) throw ValidationError.field(['input', 'segmentId'], 'is not a segment of this session');
}

type ParsedSettings = z.output<typeof settingsSchema>;

/**
 * `openWithSegment` once the segment is `segmentId`: as requested; else kept when the giveaway
 * already had a segment, true when it gets one now (the default), false without one.
 */
function openWithSegmentOf(segmentId: string | null, requested: boolean | null | undefined, current: Pick<LotteryGiveaway, 'segmentId' | 'openWithSegment'> | null): boolean {
  if (requested === true && segmentId === null) throw ValidationError.field(['input', 'openWithSegment'], 'needs a segmentId: a giveaway opens with its segment');
  if (segmentId === null) return false;
  if (requested != null) return requested;
  return current?.segmentId != null ? current.openWithSegment : true;
}

/** Copies the given settings onto the giveaway (absent and null mean "unchanged", except where null clears). */
function applySettings(giveaway: LotteryGiveaway, settings: Partial<ParsedSettings>): void {
  if (settings.title != null) giveaway.title = settings.title;
  if (settings.mode != null) giveaway.mode = settings.mode;
  const conditions = settings.conditions;
  if (conditions) {
    if (conditions.keyword !== undefined) {
      giveaway.keywordNormalized = normalizeKeyword(conditions.keyword);
      giveaway.keyword = giveaway.keywordNormalized === null ? null : conditions.keyword!.trim();
    }
    if (conditions.requireFollower != null) giveaway.requireFollower = conditions.requireFollower;
    if (conditions.requireFanClub != null) giveaway.requireFanClub = conditions.requireFanClub;
    if (conditions.minWatchMinutes !== undefined) giveaway.minWatchMinutes = conditions.minWatchMinutes;
    if (conditions.requirePurchase != null) giveaway.requirePurchase = conditions.requirePurchase;
    if (conditions.regions != null) giveaway.regions = [...new Set(conditions.regions)];
  }
  const exclusions = settings.exclusions;
  if (exclusions) {
    if (exclusions.excludeStaff != null) giveaway.excludeStaff = exclusions.excludeStaff;
    if (exclusions.excludeBlocked != null) giveaway.excludeBlocked = exclusions.excludeBlocked;
    if (exclusions.excludeEarlierWinners != null) giveaway.excludeEarlierWinners = exclusions.excludeEarlierWinners;
  }
  if (settings.weights) {
    if (settings.weights.fanClubMember != null) giveaway.weightFanClubMember = settings.weights.fanClubMember;
    if (settings.weights.follower != null) giveaway.weightFollower = settings.weights.follower;
  }
  if (settings.entryDurationSeconds !== undefined) giveaway.entryDurationSeconds = settings.entryDurationSeconds;
  if (settings.claimWindowSeconds != null) giveaway.claimWindowSeconds = settings.claimWindowSeconds;
  if (settings.unclaimedPolicy != null) giveaway.unclaimedPolicy = settings.unclaimedPolicy;
}

function checkPublicValueSource(config: LotteryConfig, source: 'BEACON' | 'SALT'): void {
  if (source === 'BEACON' && !config.beacon) {
    throw ValidationError.field(['input', 'publicValueSource'], 'BEACON needs a beacon in the plugin configuration; use SALT');
  }
}

function replacePrizes(em: EntityManager, giveaway: LotteryGiveaway, prizes: NonNullable<ParsedSettings['prizes']>, currency: string): LotteryPrize[] {
  return prizes.map((prize, position) =>
    em.create(LotteryPrize, {
      organizationId: giveaway.organizationId,
      giveawayId: giveaway.id,
      position,
      name: prize.name,
      quantity: prize.quantity,
      valueAmount: prize.valueAmount,
      currency: prize.currency ?? currency,
    }),
  );
}

function bump(giveaway: LotteryGiveaway, now: Date): void {
  giveaway.version += 1;
  giveaway.updatedAt = now;
}

const fact = (giveaway: LotteryGiveaway) => ({
  organizationId: giveaway.organizationId,
  sessionId: giveaway.sessionId,
  giveawayId: giveaway.id,
  version: giveaway.version,
});

/* ------------------------------------------------------------------------------------------------
 * Mutations
 * --------------------------------------------------------------------------------------------- */

/** A DRAFT giveaway. Its server seed is drawn now and its commitment shown from now on. */
export async function createGiveaway(scope: LotteryScope, input: CreateGiveawayInput): Promise<LotteryGiveaway> {
  const { actor, plugin } = scope;
  const settings = parse(settingsSchema, input);
  const openWithSegment = openWithSegmentOf(input.segmentId ?? null, settings.openWithSegment, null);
  const session = await requireOpenSession(scope, input.sessionId);
  if (input.segmentId) await requireSegment(scope, scope.em, actor.organizationId, session.id, input.segmentId);
  const prizes = settings.prizes ?? [];
  const winnerCount = winnerCountOf(settings.winnerCount, prizes);
  const source = settings.publicValueSource ?? (plugin.config.beacon ? 'BEACON' : 'SALT');
  checkPublicValueSource(plugin.config, source);
  const { serverSeed, seedCommitment } = createServerSeed();
  const now = plugin.now();

  const giveaway = await scope.em.transactional(async (tx) => {
    const giveaway = tx.create(LotteryGiveaway, {
      organizationId: actor.organizationId,
      sessionId: session.id,
      segmentId: input.segmentId ?? null,
      openWithSegment,
      campaignId: session.campaign ?? null,
      title: settings.title,
      mode: settings.mode,
      winnerCount,
      claimWindowSeconds: plugin.config.defaultClaimWindowSeconds,
      publicValueSource: source,
      seedCommitment,
      nextServerSeed: serverSeed.toString('hex'),
      nextSeedCommitment: seedCommitment,
      createdBy: actor.memberId,
      createdAt: now,
      updatedAt: now,
    });
    applySettings(giveaway, settings);
    replacePrizes(tx, giveaway, prizes, actor.currency);
    await tx.flush();
    await plugin.emit(tx, 'lottery.created', fact(giveaway), { actorId: actor.memberId });
    return giveaway;
  });
  return giveaway;
}

/** Changes a DRAFT giveaway: only the fields given; `prizes` replaces the list. */
export async function updateGiveaway(scope: LotteryScope, id: string, input: UpdateGiveawayInput): Promise<LotteryGiveaway> {
  const { actor, plugin } = scope;
  const settings = parse(settingsSchema.partial(), input);
  if (settings.publicValueSource != null) checkPublicValueSource(plugin.config, settings.publicValueSource);
  const notDraft = (giveaway: LotteryGiveaway) => new ConflictError(`the giveaway is ${giveaway.status}: only a DRAFT can be changed`, [globalId('LotteryGiveaway', id)]);
  // Refused before locking too: comment batches skip a giveaway locked `for update`, so even a
  // refused change would drop the entries of an OPEN giveaway that arrive meanwhile.
  const current = await findGiveaway(scope.em, actor.organizationId, id);
  if (current.status !== 'DRAFT') throw notDraft(current);
  return scope.em.transactional(async (tx) => {
    const giveaway = await findGiveaway(tx, actor.organizationId, id, true);
    if (giveaway.status !== 'DRAFT') throw notDraft(giveaway);
    if (input.segmentId) await requireSegment(scope, tx, actor.organizationId, giveaway.sessionId, input.segmentId);
    const segmentAfter = input.segmentId === undefined ? (giveaway.segmentId ?? null) : input.segmentId;
    giveaway.openWithSegment = openWithSegmentOf(segmentAfter, settings.openWithSegment, giveaway);
    giveaway.segmentId = segmentAfter;
    const existing = await findPrizes(tx, giveaway);
    const prizes = settings.prizes ?? existing;
    let requested = settings.winnerCount ?? (settings.prizes != null ? null : giveaway.winnerCount);
    if (prizes.length === 0 && requested == null) requested = giveaway.winnerCount;
    giveaway.winnerCount = winnerCountOf(requested, prizes);
    if (settings.prizes != null) {
      existing.forEach((prize) => tx.remove(prize));
      // Positions are unique per giveaway: the old rows go before the new ones arrive.
      await tx.flush();
      replacePrizes(tx, giveaway, settings.prizes, actor.currency);
    }
    if (settings.publicValueSource != null) giveaway.publicValueSource = settings.publicValueSource;
    applySettings(giveaway, settings);
    bump(giveaway, plugin.now());
    await tx.flush();
    await plugin.emit(tx, 'lottery.updated', fact(giveaway), { actorId: actor.memberId });
    return giveaway;
  });
}

/**
 * Opens a DRAFT giveaway (locked by the caller, its session checked) with entries from `at`; with
 * an entry duration the close timer closes them at `closesAt`.
 */
export async function openLocked(tx: EntityManager, plugin: PluginContext<LotteryConfig>, giveaway: LotteryGiveaway, at: Date, actorId: string | null): Promise<void> {
  giveaway.status = 'OPEN';
  giveaway.opensAt = at;
  giveaway.closesAt = giveaway.entryDurationSeconds == null ? null : new Date(at.getTime() + giveaway.entryDurationSeconds * 1000);
  bump(giveaway, plugin.now());
  await tx.flush();
  await plugin.emit(tx, 'lottery.opened', { ...fact(giveaway), opensAt: at, closesAt: giveaway.closesAt }, { actorId });
}

/**
 * Entries of an OPEN giveaway closed by hand end at `at` (its segment left the air): the close
 * timer freezes it after the grace period, as for an entry duration.
 */
export async function scheduleCloseLocked(tx: EntityManager, plugin: PluginContext<LotteryConfig>, giveaway: LotteryGiveaway, at: Date): Promise<void> {
  giveaway.closesAt = at;
  bump(giveaway, plugin.now());
  await tx.flush();
  await plugin.emit(tx, 'lottery.closing', { ...fact(giveaway), closesAt: at }, { actorId: null });
}

/** Whether a session in this status takes giveaways (and their opening). */
export const sessionTakesGiveaways = (status: string): boolean => !ENDED_SESSION_STATUSES.has(status);

/** Opens entries now; with an entry duration, the close timer closes them at `closesAt`. */
export async function openGiveaway(scope: LotteryScope, id: string): Promise<LotteryGiveaway> {
  const { actor, plugin } = scope;
  return scope.em.transactional(async (tx) => {
    const giveaway = await findGiveaway(tx, actor.organizationId, id, true);
    if (giveaway.status !== 'DRAFT') throw new ConflictError(`the giveaway is ${giveaway.status}: only a DRAFT can open`, [globalId('LotteryGiveaway', id)]);
    await requireOpenSession({ ...scope, em: tx }, giveaway.sessionId);
    await openLocked(tx, plugin, giveaway, plugin.now(), actor.memberId);
    return giveaway;
  });
}

/** Closes entries now and freezes the entrant list (conditions and exclusions evaluated). */
export async function closeGiveaway(scope: LotteryScope, id: string): Promise<LotteryGiveaway> {
  const { actor, plugin } = scope;
  return scope.em.transactional(async (tx) => {
    const giveaway = await findGiveaway(tx, actor.organizationId, id, true);
    if (giveaway.status !== 'OPEN') throw new ConflictError(`the giveaway is ${giveaway.status}: only an OPEN giveaway can close`, [globalId('LotteryGiveaway', id)]);
    await freezeEntrants(tx, plugin, giveaway, plugin.now(), actor.memberId);
    return giveaway;
  });
}

/** Cancels a giveaway that has not been drawn; cancelling twice changes nothing. */
export async function cancelGiveaway(scope: LotteryScope, id: string): Promise<LotteryGiveaway> {
  const { actor, plugin } = scope;
  return scope.em.transactional(async (tx) => {
    const giveaway = await findGiveaway(tx, actor.organizationId, id, true);
    if (giveaway.status === 'CANCELLED') return giveaway;
    if (giveaway.status === 'DRAWN') throw new ConflictError('the giveaway has been drawn: its winners stand', [globalId('LotteryGiveaway', id)]);
    giveaway.status = 'CANCELLED';
    bump(giveaway, plugin.now());
    await tx.flush();
    await plugin.emit(tx, 'lottery.cancelled', fact(giveaway), { actorId: actor.memberId });
    return giveaway;
  });
}

/**
 * Records a winner's fulfilment: contact and address progress, and CLAIMED, FULFILLED or
 * FORFEITED. A forfeited rank is redrawn under the REDRAW policy.
 */
export async function updateWinner(scope: LotteryScope, id: string, input: WinnerChanges): Promise<LotteryWinner> {
  const { actor, plugin } = scope;
  const changes = parse(winnerChangesSchema, input);
  return scope.em.transactional(async (tx) => {
    // Giveaway before winner, the order draws, redraws and the claim timer lock them in; a
    // winner's giveaway never changes, so the unlocked read finds the giveaway to lock.
    const found = await tx.findOne(LotteryWinner, { id, organizationId: actor.organizationId });
    if (!found) throw new NotFoundError('LotteryWinner', globalId('LotteryWinner', id));
    const giveaway = await findGiveaway(tx, actor.organizationId, found.giveawayId, true);
    const winner = (await tx.findOne(LotteryWinner, { id, organizationId: actor.organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }))!;
    const now = plugin.now();
    if (changes.status != null && changes.status !== winner.status) {
      if (winner.replacedInRound != null) throw new ConflictError(`this winner's rank was redrawn in round ${winner.replacedInRound}`, [globalId('LotteryWinner', id)]);
      const problem = winnerTransitionProblem(winner.status, changes.status);
      if (problem) throw new ConflictError(problem, [globalId('LotteryWinner', id)]);
      winner.status = changes.status;
      if (changes.status === 'CLAIMED') winner.claimedAt = now;
      if (VACATING_STATUSES.includes(changes.status) && giveaway.unclaimedPolicy === 'REDRAW') giveaway.redrawRequestedAt = now;
    }
    if (changes.contactStatus != null) winner.contactStatus = changes.contactStatus;
    if (changes.addressStatus != null) winner.addressStatus = changes.addressStatus;
    winner.updatedAt = now;
    bump(giveaway, now);
    await tx.flush();
    await plugin.emit(tx, 'lottery.winnerUpdated', { ...fact(giveaway), winnerId: winner.id, viewerId: winner.viewerId, status: winner.status }, { actorId: actor.memberId });
    return winner;
  });
}
