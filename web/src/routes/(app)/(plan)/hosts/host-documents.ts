import { UserErrorFields } from '$lib/graphql/fragments.js';
import { graphql, type ResultOf } from '$lib/graphql/graphql.js';

/** What the hosts table shows of a host. */
export const HostListFields = graphql(`
  fragment HostListFields on Host @_unmask {
    id
    name
    avatarUrl
    styleTags
    languages
    totalFollowers
    costPerHour { amount currency }
    averageTrainingScore
    lastTrainedOn
    platformAccounts { platform handle followers }
  }
`);
export type HostListRow = ResultOf<typeof HostListFields>;

/** The editable profile of a host (what `updateHost` changes). */
export const HostProfileFields = graphql(`
  fragment HostProfileFields on Host @_unmask {
    id
    name
    avatarUrl
    styleTags
    audienceTags
    languages
    costPerHour { amount currency }
    totalFollowers
    member { id displayName email }
    platformAccounts { platform handle followers }
    availability { weekday startMinute endMinute startTime endTime }
  }
`);
export type HostProfile = ResultOf<typeof HostProfileFields>;

export const TrainingRecordFields = graphql(`
  fragment TrainingRecordFields on TrainingRecord @_unmask {
    id
    date
    topic
    trainer
    score
    notes
  }
`);
export type TrainingRecordRow = ResultOf<typeof TrainingRecordFields>;

export const HostsQuery = graphql(
  `query Hosts($filter: HostFilter, $orderBy: HostOrderBy, $first: Int, $after: String) {
    hosts(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...HostListFields } }
    }
  }`,
  [HostListFields],
);

/** Style tags and languages offered by the filters, gathered from the first 100 hosts. */
export const HostFacetsQuery = graphql(`
  query HostFacets {
    hosts(first: 100) { edges { node { id styleTags languages } } }
  }
`);

export const HostQuery = graphql(
  `query Host($id: ID!) {
    node(id: $id) {
      __typename
      ... on Host {
        ...HostProfileFields
        averageTrainingScore
        lastTrainedOn
        trainingRecords { ...TrainingRecordFields }
      }
    }
  }`,
  [HostProfileFields, TrainingRecordFields],
);

/** Ended sessions with their numbers, for the performance history (newest first). */
export const HostPerformanceQuery = graphql(`
  query HostPerformance($id: ID!, $first: Int!) {
    node(id: $id) {
      __typename
      ... on Host {
        id
        sessions(filter: { status: [ENDED, REVIEWED] }, orderBy: { field: SCHEDULED_START, direction: DESC }, first: $first) {
          totalCount
          edges {
            node {
              id
              title
              platform
              status
              scheduledStart
              actualStart
              actualEnd
              hosts { role host { id } }
              liveMetrics {
                gmvPaid { amount currency }
                peakOnline
                uv
                conversionRate
                ordersPaid
                gpm { amount currency }
                uvValue { amount currency }
                liveSeconds
              }
            }
          }
        }
      }
    }
  }
`);

/** Members a host profile may be linked to (their own sign-in). */
export const HostMembersQuery = graphql(`
  query HostMembers {
    members(filter: { role: HOST }, first: 100, orderBy: { field: DISPLAY_NAME }) { edges { node { id displayName email } } }
  }
`);

export const CreateHost = graphql(
  `mutation CreateHost($input: CreateHostInput!) {
    createHost(input: $input) { __typename ...UserErrorFields ... on CreateHostPayload { host { id name } } }
  }`,
  [UserErrorFields],
);

export const UpdateHost = graphql(
  `mutation UpdateHost($input: UpdateHostInput!) {
    updateHost(input: $input) { __typename ...UserErrorFields ... on UpdateHostPayload { host { ...HostProfileFields } } }
  }`,
  [UserErrorFields, HostProfileFields],
);

export const DeleteHost = graphql(
  `mutation DeleteHost($input: DeleteHostInput!) {
    deleteHost(input: $input) { __typename ...UserErrorFields ... on DeleteHostPayload { deletedId } }
  }`,
  [UserErrorFields],
);

export const AddTrainingRecord = graphql(
  `mutation AddTrainingRecord($input: AddTrainingRecordInput!) {
    addTrainingRecord(input: $input) {
      __typename ...UserErrorFields
      ... on AddTrainingRecordPayload { trainingRecord { ...TrainingRecordFields host { id averageTrainingScore lastTrainedOn } } }
    }
  }`,
  [UserErrorFields, TrainingRecordFields],
);

export const UpdateTrainingRecord = graphql(
  `mutation UpdateTrainingRecord($input: UpdateTrainingRecordInput!) {
    updateTrainingRecord(input: $input) {
      __typename ...UserErrorFields
      ... on UpdateTrainingRecordPayload { trainingRecord { ...TrainingRecordFields host { id averageTrainingScore lastTrainedOn } } }
    }
  }`,
  [UserErrorFields, TrainingRecordFields],
);

export const DeleteTrainingRecord = graphql(
  `mutation DeleteTrainingRecord($input: DeleteTrainingRecordInput!) {
    deleteTrainingRecord(input: $input) {
      __typename ...UserErrorFields
      ... on DeleteTrainingRecordPayload { deletedId host { id averageTrainingScore lastTrainedOn } }
    }
  }`,
  [UserErrorFields],
);
