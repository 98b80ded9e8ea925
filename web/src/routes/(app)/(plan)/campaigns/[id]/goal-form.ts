import type { VariablesOf } from '$lib/graphql/graphql.js';
import type { CreateCampaignGoal, GoalRow, UpdateCampaignGoal } from './builder-documents.js';
import { metricInputValue, readMetricInput, type MetricShape, type ValueProblem } from './goal-values.js';

export const GOAL_HORIZONS = ['SHORT', 'MID', 'LONG'] as const;
export type GoalHorizonKey = (typeof GOAL_HORIZONS)[number];

/** The goal editor's fields as typed: the target in the metric's input unit (yuan, percent, minutes). */
export interface GoalFormValues {
  title: string;
  horizon: GoalHorizonKey;
  metric: string;
  target: string;
  dueDate: string;
  ownerId: string;
  /** '' for a top-level goal. */
  parentId: string;
}

export type GoalField = keyof GoalFormValues;
export type GoalProblem = ValueProblem | 'metric' | 'dueDate';

type CreateInput = VariablesOf<typeof CreateCampaignGoal>['input'];
type UpdateInput = VariablesOf<typeof UpdateCampaignGoal>['input'];

export function emptyGoalForm(parentId: string | null, horizon: GoalHorizonKey = 'MID'): GoalFormValues {
  return { title: '', horizon, metric: '', target: '', dueDate: '', ownerId: '', parentId: parentId ?? '' };
}

export function goalFormValues(goal: GoalRow, currency: string): GoalFormValues {
  return {
    title: goal.title,
    horizon: goal.horizon,
    metric: goal.metric,
    target: metricInputValue(goal.metricDefinition, goal.target, currency),
    dueDate: goal.dueDate ?? '',
    ownerId: goal.owner?.id ?? '',
    parentId: goal.parent?.id ?? '',
  };
}

type Checked = { ok: true; target: number; title: string } | { ok: false; problems: Partial<Record<GoalField, GoalProblem>> };

function check(values: GoalFormValues, shape: MetricShape | null, currency: string): Checked {
  const problems: Partial<Record<GoalField, GoalProblem>> = {};
  const title = values.title.trim();
  if (!title) problems.title = 'required';
  if (!values.metric || !shape) problems.metric = 'metric';
  if (values.dueDate && !/^\d{4}-\d{2}-\d{2}$/.test(values.dueDate)) problems.dueDate = 'dueDate';
  let target = 0;
  if (shape) {
    const read = readMetricInput(shape, values.target, currency);
    if (read.ok) target = read.value;
    else problems.target = read.problem;
  }
  return Object.keys(problems).length ? { ok: false, problems } : { ok: true, target, title };
}

/** The `createCampaignGoal` input for a new goal, or what is wrong with the fields. */
export function readNewGoal(
  values: GoalFormValues,
  shape: MetricShape | null,
  campaignId: string,
  currency: string,
): { ok: true; input: CreateInput } | { ok: false; problems: Partial<Record<GoalField, GoalProblem>> } {
  const checked = check(values, shape, currency);
  if (!checked.ok) return checked;
  return {
    ok: true,
    input: {
      campaignId,
      title: checked.title,
      horizon: values.horizon,
      metric: values.metric as CreateInput['metric'],
      target: checked.target,
      ...(values.dueDate ? { dueDate: values.dueDate } : {}),
      ...(values.ownerId ? { ownerId: values.ownerId } : {}),
      ...(values.parentId ? { parentId: values.parentId } : {}),
    },
  };
}

/**
 * What changed on an existing goal: the `updateCampaignGoal` input (only changed fields; null clears
 * the due date or owner) and the new parent when it moved. `update` is null when only the parent moved.
 */
export function readGoalChanges(
  goal: GoalRow,
  values: GoalFormValues,
  shape: MetricShape | null,
  currency: string,
): { ok: true; update: UpdateInput | null; moveTo: { parentId: string | null } | null } | { ok: false; problems: Partial<Record<GoalField, GoalProblem>> } {
  const checked = check(values, shape, currency);
  if (!checked.ok) return checked;
  const update: UpdateInput = { id: goal.id };
  if (checked.title !== goal.title) update.title = checked.title;
  if (values.horizon !== goal.horizon) update.horizon = values.horizon;
  if (values.metric !== goal.metric) update.metric = values.metric as UpdateInput['metric'];
  if (checked.target !== goal.target) update.target = checked.target;
  if ((values.dueDate || null) !== (goal.dueDate ?? null)) update.dueDate = values.dueDate || null;
  if ((values.ownerId || null) !== (goal.owner?.id ?? null)) update.ownerId = values.ownerId || null;
  const parentId = values.parentId || null;
  const moveTo = parentId !== (goal.parent?.id ?? null) ? { parentId } : null;
  return { ok: true, update: Object.keys(update).length > 1 ? update : null, moveTo };
}
