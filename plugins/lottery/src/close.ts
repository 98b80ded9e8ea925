import type { EntityManager } from '@mikro-orm/core';
import { jsonParameter, type PluginContext } from '@broadcart/plugin-sdk';
import type { LotteryConfig } from './config.js';
import { query } from './db.js';
import type { IneligibleReason } from './enums.js';
import { canonicalFromSorted, type Entrant } from './fair-draw/index.js';
import type { LotteryGiveaway } from './giveaway.entity.js';
import { entrantWeight, evaluateEntrant, type EntryRules } from './rules/eligibility.js';

/** Entrants are evaluated and updated this many at a time (one viewerFacts call, one UPDATE). */
export const CLOSE_CHUNK_SIZE = 5000;

export function rulesOf(giveaway: LotteryGiveaway): EntryRules {
  return {
    requireFollower: giveaway.requireFollower,
    requireFanClub: giveaway.requireFanClub,
    minWatchMinutes: giveaway.minWatchMinutes ?? null,
    requirePurchase: giveaway.requirePurchase,
    regions: giveaway.regions,
    excludeStaff: giveaway.excludeStaff,
    excludeBlocked: giveaway.excludeBlocked,
    excludeEarlierWinners: giveaway.excludeEarlierWinners,
  };
}

/**
 * Viewers who won another giveaway of the same session, or of any session of the same campaign
 * (a session without a campaign falls back to its own session).
 */
async function earlierWinners(em: EntityManager, giveaway: LotteryGiveaway): Promise<Set<string>> {
  const byCampaign = giveaway.excludeEarlierWinners === 'CAMPAIGN' && giveaway.campaignId != null;
  const rows = await query<{ viewer_id: string }>(
    em,
    `select distinct "viewer_id" from "lottery_winners" where "organization_id" = ? and ${byCampaign ? '"campaign_id"' : '"session_id"'} = ? and "giveaway_id" <> ?`,
    [giveaway.organizationId, byCampaign ? giveaway.campaignId : giveaway.sessionId, giveaway.id],
  );
  return new Set(rows.map((row) => row.viewer_id));
}

/**
 * Closes an OPEN giveaway (locked by the caller) and freezes its entrant list: every entrant's
 * conditions and exclusions are evaluated with the core's viewer facts as of `closesAt`, and
 * eligibility, weight and reason stored per entry; then the canonical list of the eligible
 * entrants is hashed. From here on the list cannot change, and `listHash` is what the draw's
 * proof must match.
 */
export async function freezeEntrants(em: EntityManager, plugin: PluginContext<LotteryConfig>, giveaway: LotteryGiveaway, now: Date, actorId: string | null): Promise<void> {
  if (giveaway.closesAt == null || giveaway.closesAt > now) giveaway.closesAt = now;
  const at = giveaway.closesAt;
  const { audience } = plugin.core;
  const session = await audience.session(em, giveaway.organizationId, giveaway.sessionId);
  if (session) giveaway.campaignId = session.campaign ?? null;
  const staff = giveaway.excludeStaff ? await audience.staffViewerIds(em, giveaway.organizationId) : new Set<string>();
  const winners = giveaway.excludeEarlierWinners === 'NONE' ? new Set<string>() : await earlierWinners(em, giveaway);
  const rules = rulesOf(giveaway);
  const weights = { fanClubMember: giveaway.weightFanClubMember, follower: giveaway.weightFollower };

  const eligible: Entrant[] = [];
  const ineligible: Partial<Record<IneligibleReason, number>> = {};
  let last: string | null = null;
  for (;;) {
    // uuid order is byte order, which is the canonical list's order for lowercase uuid text.
    const rows: { viewer_id: string }[] = await query<{ viewer_id: string }>(
      em,
      `select "viewer_id" from "lottery_entries" where "giveaway_id" = ?${last ? ' and "viewer_id" > ?' : ''} order by "viewer_id" limit ${CLOSE_CHUNK_SIZE}`,
      last ? [giveaway.id, last] : [giveaway.id],
    );
    if (rows.length === 0) break;
    const viewerIds: string[] = rows.map((row) => row.viewer_id);
    const facts = await audience.viewerFacts(em, { organizationId: giveaway.organizationId, sessionId: giveaway.sessionId, viewerIds, at });
    const updates = viewerIds.map((viewerId) => {
      const viewerFacts = facts.get(viewerId);
      const result = evaluateEntrant(rules, { facts: viewerFacts, staff: staff.has(viewerId), earlierWinner: winners.has(viewerId) });
      if (!result.eligible) {
        ineligible[result.reason] = (ineligible[result.reason] ?? 0) + 1;
        return { viewer_id: viewerId, eligible: false, weight: null, reason: result.reason };
      }
      const weight = entrantWeight(giveaway.mode, weights, viewerFacts);
      eligible.push({ id: viewerId, weight });
      return { viewer_id: viewerId, eligible: true, weight, reason: null };
    });
    await query(
      em,
      `update "lottery_entries" as e set "eligible" = v."eligible", "weight" = v."weight", "ineligible_reason" = v."reason"::"lottery_ineligible_reason"
       from jsonb_to_recordset(?::jsonb) as v("viewer_id" uuid, "eligible" boolean, "weight" int, "reason" text)
       where e."giveaway_id" = ? and e."viewer_id" = v."viewer_id"`,
      [jsonParameter(updates), giveaway.id],
    );
    last = viewerIds.at(-1)!;
    if (rows.length < CLOSE_CHUNK_SIZE) break;
  }

  const list = canonicalFromSorted(eligible);
  giveaway.status = 'CLOSED';
  giveaway.closedAt = now;
  giveaway.eligibleCount = eligible.length;
  giveaway.ineligibleCounts = ineligible;
  giveaway.listHash = list.hash;
  giveaway.version += 1;
  giveaway.updatedAt = now;
  await em.flush();
  await plugin.emit(
    em,
    'lottery.closed',
    { organizationId: giveaway.organizationId, sessionId: giveaway.sessionId, giveawayId: giveaway.id, version: giveaway.version, eligibleCount: eligible.length, listHash: list.hash },
    { actorId },
  );
}
