import { useClient } from '$lib/graphql/context.js';
import { graphql, type ResultOf, type VariablesOf } from '$lib/graphql/graphql.js';
import { execute, OperationError } from '$lib/graphql/operations.svelte.js';
import type { BroadcartClient } from '$lib/graphql/client.js';

export const CalendarSessions = graphql(`
  query CalendarSessions($filter: LiveSessionFilter!, $after: String) {
    liveSessions(first: 100, after: $after, filter: $filter, orderBy: { field: SCHEDULED_START }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id title status platform scheduledStart scheduledEnd roomUrl
          campaign { id name }
          hosts { id role host { id name } }
        }
      }
    }
  }
`);

export type CalendarSession = ResultOf<typeof CalendarSessions>['liveSessions']['edges'][number]['node'];
type Filter = VariablesOf<typeof CalendarSessions>['filter'];

/** A month of a busy team fits well within this; past it the calendar says it shows a part. */
const MAX_PAGES = 10;

/**
 * Every session matching the filter (the API pages by 100), re-read when the filter changes, on
 * `refetch()` and after the socket reconnects. Call during component init.
 */
export class CalendarSessionsQuery {
  sessions = $state<CalendarSession[]>([]);
  /** More sessions matched than were read (more than MAX_PAGES pages). */
  truncated = $state(false);
  loading = $state(true);
  error = $state<OperationError | null>(null);
  #run = 0;
  #client: BroadcartClient;

  constructor(
    private readonly filter: () => Filter | null,
    client: BroadcartClient = useClient(),
  ) {
    this.#client = client;
    $effect(() => {
      const current = this.filter();
      if (current) void this.#load(current);
    });
    $effect(() => this.#client.onReconnected(() => void this.refetch()));
  }

  async refetch(): Promise<void> {
    const current = this.filter();
    if (current) await this.#load(current);
  }

  async #load(filter: Filter): Promise<void> {
    const run = ++this.#run;
    this.loading = true;
    try {
      const collected: CalendarSession[] = [];
      let after: string | null = null;
      let more = false;
      for (let page = 0; page < MAX_PAGES; page++) {
        const data: ResultOf<typeof CalendarSessions> = await execute(this.#client, CalendarSessions, { filter, after });
        if (run !== this.#run) return;
        collected.push(...data.liveSessions.edges.map((edge) => edge.node));
        more = data.liveSessions.pageInfo.hasNextPage;
        after = data.liveSessions.pageInfo.endCursor ?? null;
        if (!more || !after) break;
      }
      this.sessions = collected;
      this.truncated = more;
      this.error = null;
    } catch (error) {
      if (run !== this.#run) return;
      this.error = error instanceof OperationError ? error : new OperationError(String(error), 'ERROR');
    } finally {
      if (run === this.#run) this.loading = false;
    }
  }
}
