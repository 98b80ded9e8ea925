import { arrayParameter, type PluginTimer } from '@broadcart/plugin-sdk';
import { freezeEntrants } from './close.js';
import type { LotteryConfig } from './config.js';
import { query } from './db.js';
import { runDueRedraws } from './draw.service.js';
import type { WinnerStatus } from './enums.js';
import { findGiveaway } from './giveaway.service.js';
import { enabledOrganizations } from './plugin-switch.js';

/** Closes OPEN giveaways whose entry window ended (after the grace period for late deliveries). */
export const closeDue: PluginTimer<LotteryConfig> = {
  everyMs: 1000,
  // Each tick runs in its own transaction (the host's): its row locks hold until the work commits.
  async run({ em, ...context }) {
    const cutoff = new Date(context.tickAt.getTime() - context.config.closeGraceMs).toISOString();
    const organizations = await enabledOrganizations(
      em,
      context,
      `select distinct "organization_id" from "lottery_giveaways" where "status" = 'OPEN' and "closes_at" <= ?::timestamptz`,
      [cutoff],
    );
    if (organizations.length === 0) return;
    const due = await query<{ id: string; organization_id: string }>(
      em,
      `select "id", "organization_id" from "lottery_giveaways"
       where "status" = 'OPEN' and "closes_at" <= ?::timestamptz and "organization_id" = any(?::uuid[])
       order by "closes_at" limit 20 for update skip locked`,
      [cutoff, arrayParameter(organizations)],
    );
    for (const row of due) {
      const giveaway = await findGiveaway(em, row.organization_id, row.id, true);
      await freezeEntrants(em, context, giveaway, context.tickAt, null);
    }
  },
};

/**
 * Expires winners who did not claim by their deadline. Under the REDRAW policy their ranks fall
 * vacant: BEACON giveaways are redrawn by `redrawDue`, SALT ones wait for an operator's redraw.
 */
export const expireClaims: PluginTimer<LotteryConfig> = {
  everyMs: 1000,
  async run({ em, ...context }) {
    const at = context.tickAt.toISOString();
    const isDue = `"status" = 'PENDING_CLAIM' and "claim_deadline" <= ?::timestamptz and "replaced_in_round" is null`;
    const organizations = await enabledOrganizations(em, context, `select distinct "organization_id" from "lottery_winners" where ${isDue}`, [at]);
    if (organizations.length === 0) return;
    // Giveaway before winner, the order every writer locks them in; a giveaway busy elsewhere (a
    // draw, an operator's change) is left for the next tick.
    const locked = await query<{ id: string }>(
      em,
      `select "id" from "lottery_giveaways"
       where "id" in (select "giveaway_id" from "lottery_winners" where ${isDue} and "organization_id" = any(?::uuid[]))
       order by "id" limit 100 for update skip locked`,
      [at, arrayParameter(organizations)],
    );
    if (locked.length === 0) return;
    const expired = await query<{ id: string; giveaway_id: string; viewer_id: string }>(
      em,
      `update "lottery_winners" set "status" = 'EXPIRED', "updated_at" = ?::timestamptz
       where "giveaway_id" = any(?::uuid[]) and ${isDue}
       returning "id", "giveaway_id", "viewer_id"`,
      [at, arrayParameter(locked.map((row) => row.id)), at],
    );
    if (expired.length === 0) return;
    const giveaways = await query<{ id: string; organization_id: string; session_id: string; version: number }>(
      em,
      `update "lottery_giveaways" set "version" = "version" + 1, "updated_at" = ?::timestamptz,
         "redraw_requested_at" = case when "unclaimed_policy" = 'REDRAW' then ?::timestamptz else "redraw_requested_at" end
       where "id" = any(?::uuid[])
       returning "id", "organization_id", "session_id", "version"`,
      [at, at, arrayParameter([...new Set(expired.map((winner) => winner.giveaway_id))])],
    );
    const byId = new Map(giveaways.map((giveaway) => [giveaway.id, giveaway]));
    for (const winner of expired) {
      const giveaway = byId.get(winner.giveaway_id)!;
      await context.emit(em, 'lottery.winnerUpdated', {
        organizationId: giveaway.organization_id,
        sessionId: giveaway.session_id,
        giveawayId: giveaway.id,
        version: Number(giveaway.version),
        winnerId: winner.id,
        viewerId: winner.viewer_id,
        status: 'EXPIRED' satisfies WinnerStatus,
      });
    }
  },
};

/** Redraws vacated ranks of BEACON giveaways once the beacon round after the vacancy is out. */
export const redrawDue: PluginTimer<LotteryConfig> = {
  everyMs: 2000,
  async run(context) {
    await runDueRedraws(context.em, context);
  },
};
