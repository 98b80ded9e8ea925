import { UserErrorFields } from '$lib/graphql/fragments.js';
import { graphql, type ResultOf } from '$lib/graphql/graphql.js';

/** What a board card and the task editor show of a task. */
export const TaskFields = graphql(`
  fragment TaskFields on Task @_unmask {
    id
    title
    description
    status
    teamRole
    dueAt
    overdue
    fromTemplate
    completedAt
    assignee { id displayName }
    session { id title scheduledStart }
    campaign { id name }
  }
`);
export type TaskRow = ResultOf<typeof TaskFields>;

export const TasksQuery = graphql(
  `query TaskBoard($filter: TaskFilter, $orderBy: TaskOrderBy, $first: Int, $after: String) {
    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...TaskFields } }
    }
  }`,
  [TaskFields],
);

/** Who and what a task can be given to: members, recent and coming sessions, campaigns. */
export const TaskOptionsQuery = graphql(`
  query TaskOptions {
    members(first: 100) { edges { node { id displayName role status } } }
    liveSessions(first: 100, orderBy: { field: SCHEDULED_START, direction: DESC }, filter: { status: [DRAFT, SCHEDULED, LIVE, ENDED, REVIEWED] }) {
      edges { node { id title scheduledStart } }
    }
    campaigns(first: 100, orderBy: { field: STARTS_AT, direction: DESC }) { edges { node { id name } } }
  }
`);
export type TaskOptions = ResultOf<typeof TaskOptionsQuery>;

export const CreateTask = graphql(
  `mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) { __typename ...UserErrorFields ... on CreateTaskPayload { task { ...TaskFields } } }
  }`,
  [UserErrorFields, TaskFields],
);

export const UpdateTask = graphql(
  `mutation UpdateTask($input: UpdateTaskInput!) {
    updateTask(input: $input) { __typename ...UserErrorFields ... on UpdateTaskPayload { task { ...TaskFields } } }
  }`,
  [UserErrorFields, TaskFields],
);

export const DeleteTask = graphql(
  `mutation DeleteTask($input: DeleteTaskInput!) {
    deleteTask(input: $input) { __typename ...UserErrorFields ... on DeleteTaskPayload { deletedId } }
  }`,
  [UserErrorFields],
);
