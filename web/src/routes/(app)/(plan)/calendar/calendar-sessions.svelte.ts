import { useClient } from '$lib/graphql/context.js';
import { graphql, type ResultOf, type VariablesOf } from '$lib/graphql/graphql.js';
import { execute, LiveLoad } from '$lib/graphql/operations.svelte.js';
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
 * Every session matching the filter (the API pages by 100) as a `LiveLoad`: re-read when the
 * filter changes, on `refetch()` and after the socket reconnects. `truncated`: more sessions
 * matched than were read (more than MAX_PAGES pages). Call during component init.
 */
export function calendarSessions(filter: () => Filter | null, client: BroadcartClient = useClient()) {
  return new LiveLoad(async (current: Filter) => {
    const sessions: CalendarSession[] = [];
    let after: string | null = null;
    let more = false;
    for (let page = 0; page < MAX_PAGES; page++) {
      const data: ResultOf<typeof CalendarSessions> = await execute(client, CalendarSessions, { filter: current, after });
      sessions.push(...data.liveSessions.edges.map((edge) => edge.node));
      more = data.liveSessions.pageInfo.hasNextPage;
      after = data.liveSessions.pageInfo.endCursor ?? null;
      if (!more || !after) break;
    }
    return { sessions, truncated: more };
  }, filter, client);
}
