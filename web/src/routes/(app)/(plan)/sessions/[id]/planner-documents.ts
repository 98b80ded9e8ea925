import { graphql, type ResultOf } from '$lib/graphql/graphql.js';

/**
 * Everything the planner shows, read in one request; each section gets its slice. After a change
 * (its own or another operator's, announced by `sessionUpdated`) the page reads it again.
 */
export const SessionPlannerQuery = graphql(`
  query SessionPlanner($id: ID!) {
    node(id: $id) {
      __typename
      ... on LiveSession {
        id title status platform roomUrl scheduledStart scheduledEnd actualStart actualEnd cancelReason version
        campaign { id name startsAt endsAt }
        segments {
          id position kind title plannedOffsetSeconds plannedDurationSeconds talkingPoints
          cues { atSeconds text }
          products { id title }
        }
        lineup {
          id position confirmed confirmedAt deliveryPromise stockReserved
          confirmedBy { id displayName }
          livePrice { amount currency }
          product { id title sku brand stock imageUrls price { amount currency } listPrice { amount currency } }
        }
        stockWarnings { reservedHere totalReserved stock shortfall product { id title } sessions { id title scheduledStart } }
        hosts { id role host { id name avatarUrl } }
        checklist { id title description status dueAt overdue teamRole completedAt fromTemplate assignee { id displayName } }
        warmUpPosts { id channel content plannedAt status link }
        goalPacing {
          target
          goal { id title metric metricDefinition { nameEn nameZh unit } }
          sessionTarget { id target }
        }
      }
    }
  }
`);

/** Announces every committed change of the session's status, schedule, segments, hosts or lineup. */
export const SessionUpdatedSubscription = graphql(`
  subscription PlannerSessionUpdated($id: ID!) { sessionUpdated(id: $id) { id version } }
`);

type Node = NonNullable<ResultOf<typeof SessionPlannerQuery>['node']>;
export type PlannerSession = Extract<Node, { __typename: 'LiveSession' }>;
export type PlannerSegment = PlannerSession['segments'][number];
export type PlannerLineupItem = PlannerSession['lineup'][number];
export type PlannerTask = PlannerSession['checklist'][number];
export type PlannerWarmUpPost = PlannerSession['warmUpPosts'][number];
