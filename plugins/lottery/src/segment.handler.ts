import { arrayParameter, type PluginEventHandler } from '@broadcart/plugin-sdk';
import type { LotteryConfig } from './config.js';
import { query } from './db.js';
import { LotteryGiveaway } from './giveaway.entity.js';
import { openLocked, scheduleCloseLocked, sessionTakesGiveaways } from './giveaway.service.js';

/**
 * `segment.changed`: the run of show drives the giveaways tied to its segments.
 *
 * - The segment going on air opens its DRAFT giveaways that have `openWithSegment`, with entries
 *   from the event's `at`, as `openLotteryGiveaway` would (a session that ended opens nothing).
 * - The segment leaving the air gives its OPEN giveaways that have `openWithSegment` and no
 *   entry duration a `closesAt` of the event's `at` (a giveaway the operator runs by hand, with
 *   `openWithSegment: false`, is left to them); the close timer then freezes them after the grace period, so comments posted
 *   during the segment but delivered a moment later still count. A giveaway with an entry
 *   duration keeps its own countdown.
 *
 * Delivered at least once: each change applies only from the state it leaves (DRAFT, or OPEN
 * without `closesAt`), so a redelivery finds nothing to do. Only giveaways created by `at` open,
 * so an old event delivered late does not open a giveaway created after its segment went on air.
 * The host drops deliveries of organizations that switched the plugin off.
 */
export const onSegmentChanged: PluginEventHandler<LotteryConfig, 'segment.changed'> = async (payload, context) => {
  const { em } = context;
  const onAir = payload.segmentId ?? null;
  const offAir = payload.previousSegmentId ?? null;
  const segments = [onAir, offAir].filter((id): id is string => id !== null);
  if (segments.length === 0) return;
  const at = payload.at ? new Date(payload.at) : context.event.occurredAt;

  // Giveaway rows first, in id order, like every writer. `for no key update` does not conflict
  // with the key-share locks of comment batches, so they keep entering comments meanwhile; it
  // waits for an operator's change or a close, after which the row is re-read below.
  const locked = await query<{ id: string }>(
    em,
    `select "id" from "lottery_giveaways"
     where "organization_id" = ? and "session_id" = ? and "segment_id" = any(?::uuid[]) and "status" in ('DRAFT', 'OPEN')
     order by "id" for no key update`,
    [payload.organizationId, payload.sessionId, arrayParameter(segments)],
  );
  if (locked.length === 0) return;
  const giveaways = await em.find(
    LotteryGiveaway,
    { id: { $in: locked.map((row) => row.id) }, organizationId: payload.organizationId },
    { orderBy: { id: 'asc' }, refresh: true },
  );

  let sessionOpen: boolean | undefined;
  for (const giveaway of giveaways) {
    if (giveaway.segmentId === onAir && giveaway.status === 'DRAFT' && giveaway.openWithSegment && giveaway.createdAt <= at) {
      if (sessionOpen === undefined) {
        const session = await context.core.audience.session(em, payload.organizationId, payload.sessionId);
        sessionOpen = session != null && sessionTakesGiveaways(session.status);
      }
      if (!sessionOpen) {
        context.logger.info({ giveawayId: giveaway.id, sessionId: payload.sessionId }, 'segment on air, but its session has ended: the giveaway stays DRAFT');
        continue;
      }
      await openLocked(em, context, giveaway, at, null);
    } else if (
      giveaway.segmentId === offAir &&
      giveaway.status === 'OPEN' &&
      giveaway.openWithSegment &&
      giveaway.entryDurationSeconds == null &&
      giveaway.closesAt == null &&
      giveaway.opensAt != null &&
      giveaway.opensAt <= at
    ) {
      await scheduleCloseLocked(em, context, giveaway, at);
    }
  }
};
