import type { Scheduler } from '../worker/scheduler.js';
import { HIGH_VOLUME_EVENTS } from './domain-events.js';

/** The scheduler task running retention, hourly. */
export const RETENTION_TASK = 'events.retention';

/** Delivered bookkeeping and audience facts older than this are removed. */
export const OUTBOX_RETENTION_DAYS = 30;
/** Rows removed per statement, so a large backlog never holds long locks. */
const BATCH = 5000;

/**
 * Hourly outbox retention (worker role):
 * - DONE deliveries finished more than 30 days ago are deleted (PENDING and DEAD ones stay);
 * - audience facts (`viewer.joined`, `comment.posted`, `order.*`) older than 30 days whose
 *   deliveries are all gone are deleted: their raw rows live in `audience_events`;
 * - every other event (session, segment, alert facts...) is kept: the review timeline of a
 *   session reads them for as long as the session exists.
 * (The raw audience event log has its own task, `ingest.retention`.)
 */
export function registerOutboxRetention(scheduler: Scheduler): void {
  scheduler.every(RETENTION_TASK, 60 * 60 * 1000, async ({ em, logger, now }) => {
    const cutoff = new Date(now.getTime() - OUTBOX_RETENTION_DAYS * 24 * 60 * 60 * 1000);
    let deliveries = 0;
    let events = 0;
    for (;;) {
      const removed = await em.execute<{ count: number }[]>(
        `with gone as (delete from event_deliveries where id in (
           select id from event_deliveries where status = 'DONE' and done_at < ? limit ?) returning 1)
         select count(*)::int as count from gone`,
        [cutoff, BATCH],
      );
      deliveries += removed[0]!.count;
      if (removed[0]!.count < BATCH) break;
    }
    for (;;) {
      const removed = await em.execute<{ count: number }[]>(
        `with gone as (delete from domain_events where seq in (
           select e.seq from domain_events e
            where e.occurred_at < ? and e.name in (select jsonb_array_elements_text(?::jsonb))
              and not exists (select 1 from event_deliveries d where d.event_seq = e.seq)
            limit ?) returning 1)
         select count(*)::int as count from gone`,
        [cutoff, JSON.stringify([...HIGH_VOLUME_EVENTS]), BATCH],
      );
      events += removed[0]!.count;
      if (removed[0]!.count < BATCH) break;
    }
    if (deliveries || events) logger.info({ deliveries, events, cutoff }, 'outbox retention removed old rows');
  });
}
