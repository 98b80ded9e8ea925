import { UserErrorFields } from '$lib/graphql/fragments.js';
import { graphql, type ResultOf } from '$lib/graphql/graphql.js';
import { CampaignFields } from '../campaign-documents.js';

/** A goal with what the tree, the split table and the editor need: metric unit, checks, split. */
export const GoalFields = graphql(`
  fragment GoalFields on CampaignGoal @_unmask {
    id
    title
    metric
    horizon
    target
    dueDate
    position
    parent { id }
    owner { id displayName }
    metricDefinition { key nameEn nameZh unit additive numerator }
    childrenCheck { addsUp allocated difference target }
    split { addsUp allocated difference target targets { id target session { id } } }
  }
`);
export type GoalRow = ResultOf<typeof GoalFields>;

export const CampaignBuilderQuery = graphql(
  `query CampaignBuilder($id: ID!) {
    node(id: $id) {
      __typename
      ... on Campaign {
        ...CampaignFields
        allGoals { ...GoalFields }
        goalPacing { goal { id } actual target progress projected onPace }
        sessions(first: 100, orderBy: { field: SCHEDULED_START }) {
          totalCount
          edges { node { id title status platform scheduledStart } }
        }
      }
    }
  }`,
  [CampaignFields, GoalFields],
);
type BuilderNode = NonNullable<ResultOf<typeof CampaignBuilderQuery>['node']>;
export type BuilderCampaign = Extract<BuilderNode, { __typename: 'Campaign' }>;
export type CampaignSession = BuilderCampaign['sessions']['edges'][number]['node'];
export type GoalPaceRow = BuilderCampaign['goalPacing'][number];

/** Members who can own a goal. */
export const GoalOwnersQuery = graphql(`
  query GoalOwners {
    members(first: 100) { edges { node { id displayName role status } } }
  }
`);

/** The metric dictionary for one horizon: what a goal in it may measure. */
export const HorizonMetricsQuery = graphql(`
  query HorizonMetrics($horizon: GoalHorizon!) {
    metricDefinitions(horizon: $horizon) { key nameEn nameZh unit additive numerator description }
  }
`);
export type MetricOption = ResultOf<typeof HorizonMetricsQuery>['metricDefinitions'][number];

export const CreateCampaignGoal = graphql(
  `mutation CreateCampaignGoal($input: CreateCampaignGoalInput!) {
    createCampaignGoal(input: $input) { __typename ...UserErrorFields ... on CreateCampaignGoalPayload { goal { id } } }
  }`,
  [UserErrorFields],
);

export const UpdateCampaignGoal = graphql(
  `mutation UpdateCampaignGoal($input: UpdateCampaignGoalInput!) {
    updateCampaignGoal(input: $input) { __typename ...UserErrorFields ... on UpdateCampaignGoalPayload { goal { id } } }
  }`,
  [UserErrorFields],
);

export const MoveCampaignGoal = graphql(
  `mutation MoveCampaignGoal($input: MoveCampaignGoalInput!) {
    moveCampaignGoal(input: $input) { __typename ...UserErrorFields ... on MoveCampaignGoalPayload { goal { id } } }
  }`,
  [UserErrorFields],
);

export const DeleteCampaignGoal = graphql(
  `mutation DeleteCampaignGoal($input: DeleteCampaignGoalInput!) {
    deleteCampaignGoal(input: $input) { __typename ...UserErrorFields ... on DeleteCampaignGoalPayload { deletedIds } }
  }`,
  [UserErrorFields],
);

export const SetSessionTargets = graphql(
  `mutation SetSessionTargets($input: SetSessionTargetsInput!) {
    setSessionTargets(input: $input) { __typename ...UserErrorFields ... on SetSessionTargetsPayload { goal { ...GoalFields } } }
  }`,
  [UserErrorFields, GoalFields],
);
