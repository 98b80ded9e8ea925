import type { VariablesOf } from '$lib/graphql/graphql.js';
import type { TasksQuery } from './task-documents.js';

/** The API's `TaskStatus` in board order: open work left to right, then closed. */
export const TASK_STATUSES = ['TODO', 'IN_PROGRESS', 'BLOCKED', 'DONE', 'CANCELLED'] as const;
export type TaskStatusKey = (typeof TASK_STATUSES)[number];
export const OPEN_STATUSES: readonly TaskStatusKey[] = ['TODO', 'IN_PROGRESS', 'BLOCKED'];

/** The API's `TeamRole`, in the order a show is prepared: plan, pick products, design, present, serve. */
export const TEAM_ROLES = ['OPERATOR', 'PRODUCT_MANAGER', 'DESIGNER', 'HOST', 'CUSTOMER_SERVICE'] as const;
export type TeamRoleKey = (typeof TEAM_ROLES)[number];

export type BoardGrouping = 'none' | 'role' | 'assignee';

/**
 * The board as the URL holds it:
 * `?role=HOST&assignee=me|none|<member id>&campaign=<id>&session=<id>&overdue=1&group=role|assignee&cancelled=1&q=`.
 */
export interface BoardState {
  role: TeamRoleKey | '';
  /** '' anyone, 'me' the signed-in member, 'none' unassigned, or a member id. */
  assignee: string;
  campaign: string;
  session: string;
  overdue: boolean;
  group: BoardGrouping;
  /** Show the CANCELLED column. */
  cancelled: boolean;
  search: string;
}

export function readBoardState(url: URL): BoardState {
  const params = url.searchParams;
  const role = params.get('role') ?? '';
  const group = params.get('group');
  return {
    role: (TEAM_ROLES as readonly string[]).includes(role) ? (role as TeamRoleKey) : '',
    assignee: params.get('assignee') ?? '',
    campaign: params.get('campaign') ?? '',
    session: params.get('session') ?? '',
    overdue: params.get('overdue') === '1',
    group: group === 'role' || group === 'assignee' ? group : 'none',
    cancelled: params.get('cancelled') === '1',
    search: params.get('q')?.trim() ?? '',
  };
}

export function hasFilters(state: BoardState): boolean {
  return Boolean(state.role || state.assignee || state.campaign || state.session || state.overdue || state.search);
}

type Variables = VariablesOf<typeof TasksQuery>;
type Filter = NonNullable<Variables['filter']>;

/** The filter both board queries share; unassigned and the text search are applied on the client. */
export function sharedFilter(state: BoardState, meId: string): Filter {
  const filter: Filter = {};
  if (state.role) filter.teamRole = [state.role];
  if (state.assignee === 'me') filter.assigneeId = meId;
  else if (state.assignee && state.assignee !== 'none') filter.assigneeId = state.assignee;
  if (state.campaign) filter.campaignId = state.campaign;
  if (state.session) filter.sessionId = state.session;
  if (state.overdue) filter.overdue = true;
  return filter;
}

/**
 * The board reads open and closed tasks apart: open ones by due time, soonest first, all of them;
 * closed ones latest due first, so the DONE column starts with recent work rather than last year's.
 */
export function boardVariables(state: BoardState, meId: string, pageSize: { open: number; closed: number }): { open: Variables; closed: Variables | null } {
  const filter = sharedFilter(state, meId);
  const open: Variables = { filter: { ...filter, status: [...OPEN_STATUSES] }, orderBy: { field: 'DUE_AT', direction: 'ASC' }, first: pageSize.open };
  // Overdue tasks are open by definition.
  if (state.overdue) return { open, closed: null };
  const closedStatuses: TaskStatusKey[] = state.cancelled ? ['DONE', 'CANCELLED'] : ['DONE'];
  return { open, closed: { filter: { ...filter, status: closedStatuses }, orderBy: { field: 'DUE_AT', direction: 'DESC' }, first: pageSize.closed } };
}

/** The columns the board shows. */
export function boardColumns(state: BoardState): TaskStatusKey[] {
  if (state.overdue) return [...OPEN_STATUSES];
  return state.cancelled ? [...TASK_STATUSES] : TASK_STATUSES.filter((status) => status !== 'CANCELLED');
}

/** The part of a task the board arranges. */
export interface BoardTask {
  id: string;
  title: string;
  description: string;
  status: TaskStatusKey;
  teamRole: TeamRoleKey;
  dueAt: string | null;
  assignee: { id: string; displayName: string } | null;
}

/** Open and past its due time at `now` (what the API's `overdue` says, for a status just changed here). */
export function isOverdue(task: Pick<BoardTask, 'status' | 'dueAt'>, now: Date): boolean {
  return OPEN_STATUSES.includes(task.status) && task.dueAt !== null && Date.parse(task.dueAt) < now.getTime();
}

/** The filters the API cannot apply: unassigned tasks and the text search (title, description). */
export function clientFilter<T extends BoardTask>(tasks: readonly T[], state: BoardState): T[] {
  const needle = state.search.toLowerCase();
  return tasks.filter(
    (task) =>
      (state.assignee !== 'none' || task.assignee === null) &&
      (!needle || task.title.toLowerCase().includes(needle) || task.description.toLowerCase().includes(needle)),
  );
}

export interface Lane<T> {
  /** 'all', a team role, a member id or 'unassigned'. */
  key: string;
  /** What the lane header shows: a team role key, a member's name, or '' for the single lane. */
  label: string;
  kind: 'all' | 'role' | 'member' | 'unassigned';
  columns: Record<TaskStatusKey, T[]>;
  count: number;
}

/** Soonest due first (no due time last), then by title. */
function byDue(a: BoardTask, b: BoardTask): number {
  const due = (task: BoardTask) => (task.dueAt === null ? Number.POSITIVE_INFINITY : Date.parse(task.dueAt));
  return due(a) - due(b) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id);
}

/**
 * Tasks in lanes (one lane, or one per team role or assignee) and status columns. Lanes without
 * tasks are left out; roles keep their preparation order, members go by name, unassigned last.
 */
export function groupBoard<T extends BoardTask>(tasks: readonly T[], grouping: BoardGrouping, columns: readonly TaskStatusKey[]): Lane<T>[] {
  const lanes = new Map<string, Lane<T>>();
  const laneOf = (task: T): Pick<Lane<T>, 'key' | 'label' | 'kind'> => {
    if (grouping === 'role') return { key: task.teamRole, label: task.teamRole, kind: 'role' };
    if (grouping === 'assignee') return task.assignee ? { key: task.assignee.id, label: task.assignee.displayName, kind: 'member' } : { key: 'unassigned', label: '', kind: 'unassigned' };
    return { key: 'all', label: '', kind: 'all' };
  };
  for (const task of tasks) {
    if (!columns.includes(task.status)) continue;
    const at = laneOf(task);
    let lane = lanes.get(at.key);
    if (!lane) {
      lane = { ...at, columns: Object.fromEntries(TASK_STATUSES.map((status) => [status, [] as T[]])) as Record<TaskStatusKey, T[]>, count: 0 };
      lanes.set(at.key, lane);
    }
    lane.columns[task.status].push(task);
    lane.count++;
  }
  // Open columns read as a to-do list (soonest first); closed ones show the latest work first.
  for (const lane of lanes.values()) for (const status of TASK_STATUSES) lane.columns[status].sort((a, b) => (OPEN_STATUSES.includes(status) ? byDue(a, b) : byDue(b, a)));
  const order = (lane: Lane<T>) => (lane.kind === 'role' ? TEAM_ROLES.indexOf(lane.key as TeamRoleKey) : lane.kind === 'unassigned' ? Number.POSITIVE_INFINITY : 0);
  return [...lanes.values()].sort((a, b) => order(a) - order(b) || a.label.localeCompare(b.label));
}

/** What dropping a card on a cell changes: the status, and the lane's team role or assignee. */
export interface DropChange {
  status?: TaskStatusKey;
  teamRole?: TeamRoleKey;
  /** null: unassigned. */
  assignee?: { id: string; displayName: string } | null;
}

/**
 * The change a drop on (status, lane) makes to a task; null when it lands where it was. Only
 * editors move tasks between lanes (assignees may change the status of their own tasks only).
 */
export function dropChange(task: BoardTask, to: { status: TaskStatusKey; lane: Pick<Lane<unknown>, 'key' | 'label' | 'kind'> }, canReassign: boolean): DropChange | null {
  const change: DropChange = {};
  if (to.status !== task.status) change.status = to.status;
  if (canReassign && to.lane.kind === 'role' && to.lane.key !== task.teamRole) change.teamRole = to.lane.key as TeamRoleKey;
  if (canReassign && to.lane.kind === 'member' && to.lane.key !== task.assignee?.id) change.assignee = { id: to.lane.key, displayName: to.lane.label };
  if (canReassign && to.lane.kind === 'unassigned' && task.assignee) change.assignee = null;
  return Object.keys(change).length ? change : null;
}
