import { jsonParameter, type PluginBatchEventHandler } from '@broadcart/plugin-sdk';
import type { LotteryConfig } from './config.js';
import { query } from './db.js';
import { noticesOf } from './notices.js';
import { normalizeText } from './rules/keyword.js';

/*
 * One statement per batch of delivered comments enters their viewers into every matching OPEN
 * giveaway of their sessions:
 * - the open giveaways are locked `for key share skip locked`. A close holds `for update` on its
 *   giveaway while it evaluates every entrant, which can take long; the batch skips that giveaway
 *   rather than wait, since a batch waiting there would hold up the delivery worker's round for
 *   every organization. A comment that races a close therefore does not enter, as before: once
 *   the close commits the giveaway is no longer OPEN. A close that comes after the batch took its
 *   key-share lock waits for the batch instead, and sees its entries. Another batch's locks
 *   (key share, then no key update) do not conflict with key share, so concurrent batches (one
 *   per worker process) never skip each other's giveaways;
 * - a comment matches when it was posted inside the window (`opens_at <= at < closes_at`) and its
 *   normalized text contains the giveaway's normalized keyword (or the giveaway has none); the
 *   text was normalized by rules/keyword.ts, so SQL only tests containment;
 * - each viewer's earliest matching comment of the batch makes the entry, inserted with
 *   `on conflict do nothing`: a viewer enters a giveaway once, and a redelivered batch changes
 *   nothing;
 * - only the rows really inserted are counted into `entrant_count` (and the version); the counted
 *   giveaways are locked `for no key update` in id order first, so two batches counting into the
 *   same giveaways queue up instead of deadlocking.
 */
const ENTER_SQL = `
with "comment" as (
  select * from jsonb_to_recordset(?::jsonb) as c("organization_id" uuid, "session_id" uuid, "viewer_id" uuid, "at" timestamptz, "text" text, "seq" bigint)
), "open" as (
  select g."id", g."organization_id", g."session_id", g."opens_at", g."closes_at", g."keyword_normalized"
  from "lottery_giveaways" g
  where g."status" = 'OPEN' and (g."organization_id", g."session_id") in (select "organization_id", "session_id" from "comment")
  order by g."id"
  for key share skip locked
), "matched" as (
  select distinct on (o."id", c."viewer_id") o."id" as "giveaway_id", c."viewer_id", c."organization_id", c."at", c."seq"
  from "comment" c
  join "open" o on o."organization_id" = c."organization_id" and o."session_id" = c."session_id"
  where o."opens_at" <= c."at" and (o."closes_at" is null or c."at" < o."closes_at")
    and (o."keyword_normalized" is null or strpos(c."text", o."keyword_normalized") > 0)
  order by o."id", c."viewer_id", c."seq"
), "inserted" as (
  insert into "lottery_entries" ("giveaway_id", "viewer_id", "organization_id", "entered_at", "comment_seq")
  select "giveaway_id", "viewer_id", "organization_id", "at", "seq" from "matched"
  on conflict do nothing
  returning "giveaway_id"
), "counted" as (
  select g."id", n."count"
  from "lottery_giveaways" g
  join (select "giveaway_id", count(*)::int as "count" from "inserted" group by "giveaway_id") n on n."giveaway_id" = g."id"
  order by g."id"
  for no key update of g
)
update "lottery_giveaways" g
set "entrant_count" = g."entrant_count" + n."count", "version" = g."version" + 1, "updated_at" = ?::timestamptz
from "counted" n
where g."id" = n."id"
returning g."id", g."organization_id", g."session_id", g."version"`;

/**
 * `comment.posted`, in batches: a comment whose text contains a giveaway's keyword (see
 * rules/keyword.ts), posted while the giveaway was open, enters its viewer.
 */
export const onCommentsPosted: PluginBatchEventHandler<LotteryConfig, 'comment.posted'> = {
  maxSize: 500,
  async handleBatch(items, context) {
    const comments = items
      .filter((item) => item.payload.viewerId)
      .map(({ payload }) => ({
        organization_id: payload.organizationId,
        session_id: payload.sessionId,
        viewer_id: payload.viewerId,
        at: payload.at,
        text: normalizeText(payload.text),
        seq: payload.eventSeq,
      }));
    if (comments.length === 0) return;
    const entered = await query<{ id: string; organization_id: string; session_id: string; version: number }>(context.em, ENTER_SQL, [
      jsonParameter(comments),
      context.now().toISOString(),
    ]);
    const notices = noticesOf(context.realtime);
    for (const row of entered) {
      notices.entrants({ organizationId: row.organization_id, sessionId: row.session_id, giveawayId: row.id, version: Number(row.version) });
    }
  },
};
