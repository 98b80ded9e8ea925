import type { EntityManager } from '@mikro-orm/core';
import { arrayParameter, ConflictError, type PluginContext, ValidationError } from '@broadcart/plugin-sdk';
import { BeaconError, fetchBeaconValue, roundAfter, roundTime } from './beacon.js';
import type { LotteryConfig } from './config.js';
import { query } from './db.js';
import type { PublicValueSource } from './enums.js';
import { createServerSeed, DRAW_ALGORITHM, runDraw, type DrawProof, type Entrant } from './fair-draw/index.js';
import { LotteryDraw, LotteryWinner, type LotteryGiveaway } from './giveaway.entity.js';
import { findGiveaway, findPrizes, type LotteryScope } from './giveaway.service.js';
import { globalId } from './global-ids.js';
import { enabledOrganizations } from './plugin-switch.js';
import { assignRanks, prizeForRank } from './rules/prizes.js';
import { VACATING_STATUSES } from './rules/winner-status.js';

const MAX_PUBLIC_VALUE_BYTES = 512;

export interface PublicValue {
  value: string;
  source: PublicValueSource;
  /** BEACON: the round the value is from. */
  beaconRound: number | null;
}

/**
 * The public value of a draw whose list was fixed at `fixedAt`: the operator's salt, or the
 * randomness of the first beacon round after `fixedAt` (fetched here, before any row is locked).
 */
async function publicValueFor(plugin: PluginContext<LotteryConfig>, giveaway: LotteryGiveaway, salt: string | null | undefined, fixedAt: Date): Promise<PublicValue> {
  if (giveaway.publicValueSource === 'SALT') {
    if (salt == null || salt.length === 0) throw ValidationError.field(['input', 'salt'], 'is required: this giveaway’s public value is a salt typed after entries closed');
    if (Buffer.byteLength(salt, 'utf8') > MAX_PUBLIC_VALUE_BYTES) throw ValidationError.field(['input', 'salt'], `must be at most ${MAX_PUBLIC_VALUE_BYTES} bytes of UTF-8`);
    if (Buffer.from(salt, 'utf8').toString('utf8') !== salt) throw ValidationError.field(['input', 'salt'], 'contains an unpaired surrogate, which has no UTF-8 form');
    return { value: salt, source: 'SALT', beaconRound: null };
  }
  if (salt != null && salt !== '') throw ValidationError.field(['input', 'salt'], 'must be left out: this giveaway’s public value comes from the beacon');
  const beacon = plugin.config.beacon;
  if (!beacon) throw new ConflictError('the giveaway draws on a beacon, but none is configured for the lottery plugin', [globalId('LotteryGiveaway', giveaway.id)]);
  const round = roundAfter(beacon, fixedAt);
  try {
    return { value: await fetchBeaconValue(beacon, round, plugin.now()), source: 'BEACON', beaconRound: round };
  } catch (error) {
    if (error instanceof BeaconError) throw new ConflictError(error.message, [globalId('LotteryGiveaway', giveaway.id)]);
    throw error;
  }
}

/**
 * The draw's entrants in canonical order: the eligible entries, minus everyone who won an earlier
 * round of this giveaway. The download route reads the same rows for a draw of round `round`.
 */
export async function readEntrants(em: EntityManager, giveawayId: string, round: number, after: string | null = null, limit: number | null = null): Promise<Entrant[]> {
  const rows = await query<{ viewer_id: string; weight: number }>(
    em,
    `select e."viewer_id", e."weight" from "lottery_entries" e
     where e."giveaway_id" = ? and e."eligible"${after ? ' and e."viewer_id" > ?' : ''}
       and not exists (select 1 from "lottery_winners" w where w."giveaway_id" = e."giveaway_id" and w."viewer_id" = e."viewer_id" and w."round" < ?)
     order by e."viewer_id"${limit ? ` limit ${limit}` : ''}`,
    after ? [giveawayId, after, round] : [giveawayId, round],
  );
  return rows.map((row) => ({ id: row.viewer_id, weight: Number(row.weight) }));
}

/**
 * A draw's proof with its keys in the engine's order (jsonb keeps them sorted its own way), as
 * GraphQL shows it and proof.json serves it.
 */
export function proofOf(draw: LotteryDraw): DrawProof {
  const { algorithm, mode, winnerCount, entrantCount, seedCommitment, serverSeed, publicValue, listHash, winners } = draw.proof;
  return {
    algorithm,
    mode,
    winnerCount,
    entrantCount,
    seedCommitment,
    serverSeed,
    publicValue,
    listHash,
    winners: winners.map(({ rank, id, index }) => ({ rank, id, index })),
  };
}

interface DrawRequest {
  round: number;
  /** The giveaway ranks this draw fills (1..winnerCount for round 1; the vacated ones after). */
  ranks: number[];
  publicValue: PublicValue;
  drawnBy: string | null;
  now: Date;
}

/**
 * Runs one draw of a locked giveaway with the seed committed before the public value was known,
 * stores its proof and winners, commits to the next draw's seed, and emits `lottery.drawn`.
 */
async function executeDraw(em: EntityManager, plugin: PluginContext<LotteryConfig>, giveaway: LotteryGiveaway, request: DrawRequest): Promise<LotteryDraw> {
  const { round, ranks, publicValue, now } = request;
  const entrants = await readEntrants(em, giveaway.id, round);
  const serverSeed = Buffer.from(giveaway.nextServerSeed, 'hex');
  const run = runDraw({ serverSeed, publicValue: publicValue.value, entrants, winnerCount: ranks.length, mode: giveaway.mode, alreadySorted: true });
  if (round === 1 && run.proof.listHash !== giveaway.listHash) {
    // The entries changed after the close froze them: never draw on a list nobody committed to.
    throw new ConflictError(
      `the entrant list no longer matches the list hash frozen at close (${giveaway.listHash}, now ${run.proof.listHash}): the entries were changed after the close, so nothing was drawn`,
      [globalId('LotteryGiveaway', giveaway.id)],
    );
  }
  const next = createServerSeed();
  const draw = em.create(LotteryDraw, {
    organizationId: giveaway.organizationId,
    giveawayId: giveaway.id,
    round,
    algorithm: DRAW_ALGORITHM,
    mode: giveaway.mode,
    seedCommitment: giveaway.nextSeedCommitment,
    serverSeed: giveaway.nextServerSeed,
    publicValueSource: publicValue.source,
    publicValue: publicValue.value,
    beaconRound: publicValue.beaconRound,
    listHash: run.proof.listHash,
    entrantCount: run.proof.entrantCount,
    winnerCount: ranks.length,
    nextSeedCommitment: next.seedCommitment,
    proof: run.proof,
    drawnAt: now,
    drawnBy: request.drawnBy,
  });
  const prizes = await findPrizes(em, giveaway);
  const claimDeadline = new Date(now.getTime() + giveaway.claimWindowSeconds * 1000);
  const assignments = assignRanks(ranks, run.proof.winners);
  for (const assignment of assignments) {
    em.create(LotteryWinner, {
      organizationId: giveaway.organizationId,
      giveawayId: giveaway.id,
      drawId: draw.id,
      sessionId: giveaway.sessionId,
      campaignId: giveaway.campaignId ?? null,
      viewerId: assignment.viewerId,
      rank: assignment.rank,
      drawRank: assignment.drawRank,
      round,
      prizeId: prizeForRank(prizes, assignment.rank),
      claimDeadline,
      createdAt: now,
      updatedAt: now,
    });
  }
  giveaway.nextServerSeed = next.serverSeed.toString('hex');
  giveaway.nextSeedCommitment = next.seedCommitment;
  giveaway.status = 'DRAWN';
  giveaway.redrawRequestedAt = null;
  giveaway.version += 1;
  giveaway.updatedAt = now;
  await em.flush();
  await plugin.emit(
    em,
    'lottery.drawn',
    {
      organizationId: giveaway.organizationId,
      sessionId: giveaway.sessionId,
      giveawayId: giveaway.id,
      version: giveaway.version,
      drawId: draw.id,
      round,
      winnerViewerIds: assignments.map((assignment) => assignment.viewerId),
      at: now,
    },
    { actorId: request.drawnBy },
  );
  return draw;
}

/** The first draw of a CLOSED giveaway. `salt` is the public value when the source is SALT. */
export async function drawGiveaway(scope: LotteryScope, id: string, salt: string | null | undefined): Promise<LotteryGiveaway> {
  const { actor, plugin } = scope;
  const found = await findGiveaway(scope.em, actor.organizationId, id);
  const checkStatus = (giveaway: LotteryGiveaway) => {
    if (giveaway.status === 'DRAWN') throw new ConflictError('the giveaway has been drawn; vacated ranks are drawn again with redrawLotteryGiveaway', [globalId('LotteryGiveaway', id)]);
    if (giveaway.status !== 'CLOSED') throw new ConflictError(`the giveaway is ${giveaway.status}: close it before drawing`, [globalId('LotteryGiveaway', id)]);
  };
  checkStatus(found);
  const publicValue = await publicValueFor(plugin, found, salt, found.closedAt!);
  return scope.em.transactional(async (tx) => {
    const giveaway = await findGiveaway(tx, actor.organizationId, id, true);
    checkStatus(giveaway);
    const ranks = Array.from({ length: giveaway.winnerCount }, (_, index) => index + 1);
    await executeDraw(tx, plugin, giveaway, { round: 1, ranks, publicValue, drawnBy: actor.memberId, now: plugin.now() });
    return giveaway;
  });
}

/** Current winners who gave their rank up (EXPIRED or FORFEITED), not yet replaced. */
async function vacatedWinners(em: EntityManager, giveaway: LotteryGiveaway): Promise<LotteryWinner[]> {
  return em.find(
    LotteryWinner,
    { giveawayId: giveaway.id, organizationId: giveaway.organizationId, replacedInRound: null, status: { $in: [...VACATING_STATUSES] } },
    { orderBy: { rank: 'asc' } },
  );
}

/**
 * Redraws the vacated ranks of a DRAWN giveaway (under the REDRAW policy) as a new round with its
 * own proof: the seed committed in the previous draw, a public value fixed after the vacancy, and
 * an entrant list without any earlier winner of the giveaway. Ranks beyond the remaining entrants
 * stay empty.
 */
async function redrawLocked(em: EntityManager, plugin: PluginContext<LotteryConfig>, giveaway: LotteryGiveaway, publicValue: PublicValue, drawnBy: string | null): Promise<LotteryDraw> {
  const vacated = await vacatedWinners(em, giveaway);
  if (vacated.length === 0) throw new ConflictError('no winner has given up a rank: nothing to redraw', [globalId('LotteryGiveaway', giveaway.id)]);
  const [latest] = await query<{ round: number }>(em, 'select max("round") as "round" from "lottery_draws" where "giveaway_id" = ?', [giveaway.id]);
  const round = Number(latest?.round ?? 0) + 1;
  // The vacated rows leave the rank first: a rank has one current winner (a partial unique index).
  await query(em, 'update "lottery_winners" set "replaced_in_round" = ?, "updated_at" = ?::timestamptz where "id" = any(?::uuid[])', [
    round,
    plugin.now().toISOString(),
    arrayParameter(vacated.map((winner) => winner.id)),
  ]);
  for (const winner of vacated) winner.replacedInRound = round;
  return executeDraw(em, plugin, giveaway, { round, ranks: vacated.map((winner) => winner.rank), publicValue, drawnBy, now: plugin.now() });
}

function checkRedrawable(giveaway: LotteryGiveaway): void {
  const id = globalId('LotteryGiveaway', giveaway.id);
  if (giveaway.status !== 'DRAWN') throw new ConflictError(`the giveaway is ${giveaway.status}: only a drawn giveaway is redrawn`, [id]);
  if (giveaway.unclaimedPolicy !== 'REDRAW') throw new ConflictError('the giveaway forfeits unclaimed prizes (unclaimedPolicy FORFEIT)', [id]);
  if (!giveaway.redrawRequestedAt) throw new ConflictError('no winner has given up a rank: nothing to redraw', [id]);
}

/** An operator's redraw (with a new salt when the source is SALT). */
export async function redrawGiveaway(scope: LotteryScope, id: string, salt: string | null | undefined): Promise<LotteryGiveaway> {
  const { actor, plugin } = scope;
  const found = await findGiveaway(scope.em, actor.organizationId, id);
  checkRedrawable(found);
  const requestedAt = found.redrawRequestedAt!;
  const publicValue = await publicValueFor(plugin, found, salt, requestedAt);
  return scope.em.transactional(async (tx) => {
    const giveaway = await findGiveaway(tx, actor.organizationId, id, true);
    checkRedrawable(giveaway);
    if (publicValue.source === 'BEACON' && giveaway.redrawRequestedAt!.getTime() !== requestedAt.getTime()) {
      throw new ConflictError('another rank fell vacant meanwhile; try again to use a beacon round after it', [globalId('LotteryGiveaway', id)]);
    }
    await redrawLocked(tx, plugin, giveaway, publicValue, actor.memberId);
    return giveaway;
  });
}

/**
 * The redraw timer's work: BEACON giveaways with vacated ranks whose beacon round is out are
 * redrawn automatically, in organizations that have the lottery on. The beacon values are fetched
 * first, with no row locked (a fetch may take seconds); then each giveaway is locked, checked
 * again and redrawn in a short transaction of its own. A beacon that fails is retried on the next
 * tick.
 */
export async function runDueRedraws(em: EntityManager, plugin: PluginContext<LotteryConfig>): Promise<number> {
  const beacon = plugin.config.beacon;
  if (!beacon) return 0;
  const isDue = `"status" = 'DRAWN' and "public_value_source" = 'BEACON' and "unclaimed_policy" = 'REDRAW' and "redraw_requested_at" is not null`;
  const organizations = await enabledOrganizations(em, plugin, `select distinct "organization_id" from "lottery_giveaways" where ${isDue}`, []);
  if (organizations.length === 0) return 0;
  const due = await query<{ id: string; organization_id: string }>(
    em,
    `select "id", "organization_id" from "lottery_giveaways" where ${isDue} and "organization_id" = any(?::uuid[])
     order by "redraw_requested_at" limit 20`,
    [arrayParameter(organizations)],
  );
  const values = new Map<number, Promise<PublicValue | null>>();
  let redrawn = 0;
  for (const row of due) {
    const found = await findGiveaway(em.fork(), row.organization_id, row.id);
    const requestedAt = found.redrawRequestedAt;
    if (requestedAt == null || roundTime(beacon, roundAfter(beacon, requestedAt)) > plugin.now()) continue;
    // Vacancies of one tick mostly wait for the same round: it is fetched once.
    const round = roundAfter(beacon, requestedAt);
    let fetched = values.get(round);
    if (!fetched) {
      fetched = publicValueFor(plugin, found, null, requestedAt).catch((error: unknown) => {
        if (!(error instanceof ConflictError)) throw error;
        plugin.logger.warn({ giveawayId: found.id, beaconRound: round, reason: error.message }, 'lottery redraw: no beacon value yet, retrying on the next tick');
        return null;
      });
      values.set(round, fetched);
    }
    const publicValue = await fetched;
    if (!publicValue) continue;
    const done = await em.fork().transactional(async (tx) => {
      const giveaway = await findGiveaway(tx, row.organization_id, row.id, true);
      // Changed since the fetch (an operator redrew it, or another rank fell vacant and needs a
      // later round): the next tick looks again.
      if (giveaway.status !== 'DRAWN' || giveaway.unclaimedPolicy !== 'REDRAW' || giveaway.redrawRequestedAt?.getTime() !== requestedAt.getTime()) return false;
      if ((await vacatedWinners(tx, giveaway)).length === 0) {
        giveaway.redrawRequestedAt = null;
        await tx.flush();
        return false;
      }
      await redrawLocked(tx, plugin, giveaway, publicValue, null);
      return true;
    });
    if (done) redrawn += 1;
  }
  return redrawn;
}
