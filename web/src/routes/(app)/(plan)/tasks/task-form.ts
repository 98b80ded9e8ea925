import type { VariablesOf } from '$lib/graphql/graphql.js';
import { instantFromZonedInput, zonedInputValue } from '$lib/i18n/format.js';
import type { TeamRoleKey, TaskStatusKey } from './task-board.js';
import type { CreateTask, TaskRow, UpdateTask } from './task-documents.js';

/** The task editor's fields as typed; the due time is wall time in the organization's zone. */
export interface TaskFormValues {
  title: string;
  description: string;
  teamRole: TeamRoleKey;
  status: TaskStatusKey;
  assigneeId: string;
  dueAt: string;
  sessionId: string;
  campaignId: string;
}

export type TaskField = keyof TaskFormValues;
export type TaskProblem = 'required' | 'dateTime';
type CreateInput = VariablesOf<typeof CreateTask>['input'];
type UpdateInput = VariablesOf<typeof UpdateTask>['input'];
type Problems = Partial<Record<TaskField, TaskProblem>>;

export function emptyTaskForm(prefill: Partial<Pick<TaskFormValues, 'campaignId' | 'sessionId' | 'teamRole' | 'assigneeId' | 'status'>> = {}): TaskFormValues {
  return { title: '', description: '', teamRole: 'OPERATOR', status: 'TODO', assigneeId: '', dueAt: '', sessionId: '', campaignId: '', ...prefill };
}

export function taskFormValues(task: TaskRow, timeZone: string): TaskFormValues {
  return {
    title: task.title,
    description: task.description,
    teamRole: task.teamRole,
    status: task.status,
    assigneeId: task.assignee?.id ?? '',
    dueAt: zonedInputValue(task.dueAt, timeZone),
    sessionId: task.session?.id ?? '',
    campaignId: task.campaign?.id ?? '',
  };
}

function check(values: TaskFormValues, timeZone: string): { ok: true; title: string; dueAt: string | null } | { ok: false; problems: Problems } {
  const problems: Problems = {};
  const title = values.title.trim();
  if (!title) problems.title = 'required';
  const dueAt = values.dueAt ? instantFromZonedInput(values.dueAt, timeZone) : null;
  if (values.dueAt && !dueAt) problems.dueAt = 'dateTime';
  return Object.keys(problems).length ? { ok: false, problems } : { ok: true, title, dueAt };
}

/** The `createTask` input, leaving out what was not given. */
export function readNewTask(values: TaskFormValues, timeZone: string): { ok: true; input: CreateInput } | { ok: false; problems: Problems } {
  const checked = check(values, timeZone);
  if (!checked.ok) return checked;
  const description = values.description.trim();
  return {
    ok: true,
    input: {
      title: checked.title,
      teamRole: values.teamRole,
      status: values.status,
      ...(description ? { description } : {}),
      ...(checked.dueAt ? { dueAt: checked.dueAt } : {}),
      ...(values.assigneeId ? { assigneeId: values.assigneeId } : {}),
      ...(values.sessionId ? { sessionId: values.sessionId } : {}),
      ...(values.campaignId ? { campaignId: values.campaignId } : {}),
    },
  };
}

/** The `updateTask` input with only what changed (null unlinks or clears); null when nothing did. */
export function readTaskChanges(task: TaskRow, values: TaskFormValues, timeZone: string): { ok: true; input: UpdateInput | null } | { ok: false; problems: Problems } {
  const checked = check(values, timeZone);
  if (!checked.ok) return checked;
  const input: UpdateInput = { id: task.id };
  const description = values.description.trim();
  if (checked.title !== task.title) input.title = checked.title;
  if (description !== task.description) input.description = description;
  if (values.teamRole !== task.teamRole) input.teamRole = values.teamRole;
  if (values.status !== task.status) input.status = values.status;
  if ((values.assigneeId || null) !== (task.assignee?.id ?? null)) input.assigneeId = values.assigneeId || null;
  if ((values.sessionId || null) !== (task.session?.id ?? null)) input.sessionId = values.sessionId || null;
  if ((values.campaignId || null) !== (task.campaign?.id ?? null)) input.campaignId = values.campaignId || null;
  // Compared as instants: the form holds minutes, the API may hold seconds.
  const was = task.dueAt ? zonedInputValue(task.dueAt, timeZone) : '';
  if (values.dueAt !== was) input.dueAt = checked.dueAt;
  return { ok: true, input: Object.keys(input).length > 1 ? input : null };
}
