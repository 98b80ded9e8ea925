import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scheduler } from '../worker/scheduler.js';

/** Raw audience events are kept this many days (`EVENT_RETENTION_DAYS`); aggregates are kept forever. */
export const DEFAULT_EVENT_RETENTION_DAYS = 400;

/** Rows deleted per statement, so pruning a large backlog never holds long locks in one statement. */
const CHUNK = 5000;

/** Rows one retention tick removes at most; a larger backlog is worked off over the next ticks. */
const MAX_ROWS_PER_TICK = 250_000;

/**
 * The only deletion of the audience event log: removes events that occurred before `olderThan`,
 * oldest first in chunks of 5,000 rows (one statement each), at most `maxRows`, and returns how
 * many were removed. Live metrics, reviews and viewers are not touched.
 */
export async function pruneAudienceEvents(em: EntityManager, olderThan: Date, { maxRows = Number.POSITIVE_INFINITY } = {}): Promise<number> {
  let removed = 0;
  while (removed < maxRows) {
    const [row] = await em.execute<{ count: number }[]>(
      `with gone as (delete from audience_events where seq in (
         select seq from audience_events where occurred_at < ? order by seq limit ?) returning 1)
       select count(*)::int as count from gone`,
      [olderThan, Math.min(CHUNK, maxRows - removed)],
    );
    removed += row!.count;
    if (row!.count < CHUNK) break;
  }
  return removed;
}

/** The cut-off for a retention of `days` days before `now`. */
export function retentionCutoff(now: Date, days = DEFAULT_EVENT_RETENTION_DAYS): Date {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}

/** Hourly pruning of raw audience events past the retention (worker role). */
export function registerAudienceEventRetention(scheduler: Scheduler, days = DEFAULT_EVENT_RETENTION_DAYS): void {
  scheduler.every('ingest.retention', 60 * 60 * 1000, async ({ em, logger, now }) => {
    const removed = await pruneAudienceEvents(em, retentionCutoff(now, days), { maxRows: MAX_ROWS_PER_TICK });
    if (removed) logger.info({ removed, retentionDays: days }, 'pruned audience events past their retention');
  });
}
