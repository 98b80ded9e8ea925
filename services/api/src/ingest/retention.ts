import type { EntityManager } from '@mikro-orm/postgresql';

/** Raw audience events are kept this many days (`EVENT_RETENTION_DAYS`); aggregates are kept forever. */
export const DEFAULT_EVENT_RETENTION_DAYS = 400;

/** Rows deleted per statement, so pruning a large backlog never holds long locks or one huge transaction. */
const CHUNK = 5000;

/**
 * The only deletion of the audience event log: removes events that occurred before `olderThan`,
 * in chunks of 5,000 rows (each its own statement), and returns how many were removed. Live
 * metrics and reviews read their aggregates, which are not touched.
 */
export async function pruneAudienceEvents(em: EntityManager, olderThan: Date): Promise<number> {
  let removed = 0;
  for (;;) {
    const [row] = await em.getConnection().execute<{ count: number }[]>(
      `with gone as (delete from audience_events where seq in (
         select seq from audience_events where occurred_at < ? order by seq limit ?) returning 1)
       select count(*)::int as count from gone`,
      [olderThan, CHUNK],
    );
    removed += row!.count;
    if (row!.count < CHUNK) return removed;
  }
}

/** The cut-off for a retention of `days` days before `now`. */
export function retentionCutoff(now: Date, days = DEFAULT_EVENT_RETENTION_DAYS): Date {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}
