import { graphql, type ResultOf } from '$lib/graphql/graphql.js';

/** Everything the overview shows, in one round trip. */
export const OverviewQuery = graphql(`
  query Overview($from: DateTime!, $to: DateTime!, $now: DateTime!, $soon: DateTime!, $assigneeId: ID) {
    live: liveSessions(filter: { status: [LIVE] }, orderBy: { field: SCHEDULED_START }, first: 10) {
      edges {
        node {
          id
          title
          platform
          actualStart
          scheduledEnd
          hosts { role host { id name } }
          currentSegment { id title }
          liveMetrics { onlineNow peakOnline gmvPaid { amount currency } conversionRate ordersPaid }
          alerts(active: true) { id }
        }
      }
    }
    upcoming: liveSessions(
      filter: { startsAfter: $from, startsBefore: $to, status: [DRAFT, SCHEDULED, LIVE, ENDED, REVIEWED] }
      orderBy: { field: SCHEDULED_START }
      first: 60
    ) {
      totalCount
      edges {
        node {
          id
          title
          status
          platform
          scheduledStart
          scheduledEnd
          campaign { id name }
          hosts { role host { id name } }
          lineup { id }
        }
      }
    }
    allSessions: liveSessions(first: 1) { totalCount }
    tasks(filter: { status: [TODO, IN_PROGRESS, BLOCKED], dueBefore: $soon, assigneeId: $assigneeId }, orderBy: { field: DUE_AT }, first: 8) {
      totalCount
      edges {
        node {
          id
          title
          status
          dueAt
          overdue
          assignee { id displayName }
          session { id title }
          campaign { id name }
        }
      }
    }
    overdueTasks: tasks(filter: { overdue: true, assigneeId: $assigneeId }, first: 1) { totalCount }
    campaigns(filter: { activeAt: $now }, orderBy: { field: STARTS_AT }, first: 6) {
      totalCount
      edges {
        node {
          id
          name
          startsAt
          endsAt
          goalPacing {
            metric
            target
            actual
            progress
            projected
            onPace
            goal { id title parent { id } metricDefinition { unit nameEn nameZh } }
          }
        }
      }
    }
  }
`);
export type OverviewData = ResultOf<typeof OverviewQuery>;
