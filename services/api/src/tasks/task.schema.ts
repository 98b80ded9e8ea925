import { builder } from '../schema/builder.js';
import { CampaignRef, ChecklistTemplateItemRef, LiveSessionRef, MemberRef, TaskConnection, TaskRef, WarmUpPostConnection, WarmUpPostRef } from '../schema/refs.js';
import { MUTATION_ERRORS, localId, optionalLocalId, orderByInput } from '../schema/common.schema.js';
import { loadChildren } from '../schema/loaders.js';
import { scopeOf } from '../context.js';
import { isOverdue, offsetLabel } from './checklist.js';
import type { TaskFilter as TaskFilterShape } from './task.service.js';
import {
  Task,
  TASK_STATUSES,
  TEAM_ROLES,
  WARM_UP_CHANNELS,
  WARM_UP_STATUSES,
  WarmUpPost,
} from './task.entity.js';

const TeamRoleEnum = builder.enumType('TeamRole', {
  description: 'The part of the team a task belongs to: who picks it up on the board.',
  values: TEAM_ROLES,
});
const TaskStatusEnum = builder.enumType('TaskStatus', {
  description: 'TODO, IN_PROGRESS and BLOCKED are open work; DONE and CANCELLED are closed.',
  values: TASK_STATUSES,
});
const WarmUpChannelEnum = builder.enumType('WarmUpChannel', { description: 'Where a warm-up post is published.', values: WARM_UP_CHANNELS });
const WarmUpPostStatusEnum = builder.enumType('WarmUpPostStatus', { values: WARM_UP_STATUSES });

TaskRef.implement({
  description: 'A task (日常任务) of the team, on its own or on a session’s checklist or a campaign.',
  fields: (t) => ({
    title: t.exposeString('title'),
    description: t.exposeString('description'),
    assignee: t.field({ type: MemberRef, nullable: true, resolve: (task) => task.assignee ?? null }),
    teamRole: t.expose('teamRole', { type: TeamRoleEnum }),
    dueAt: t.expose('dueAt', { type: 'DateTime', nullable: true }),
    status: t.expose('status', { type: TaskStatusEnum }),
    overdue: t.boolean({
      description: 'Open (TODO, IN_PROGRESS or BLOCKED) and past its due time.',
      resolve: (task) => isOverdue(task, new Date()),
    }),
    session: t.field({ type: LiveSessionRef, nullable: true, resolve: (task) => task.session ?? null }),
    campaign: t.field({ type: CampaignRef, nullable: true, resolve: (task) => task.campaign ?? null }),
    fromTemplate: t.boolean({
      description: 'Created from the checklist template when its session was scheduled; such tasks move when the session is rescheduled.',
      resolve: (task) => task.templateItem != null,
    }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true, description: 'When the task last became DONE; null unless DONE.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

ChecklistTemplateItemRef.implement({
  description: 'One line of the organization’s session checklist: becomes a task of every session scheduled afterwards.',
  fields: (t) => ({
    title: t.exposeString('title'),
    description: t.exposeString('description'),
    offsetMinutes: t.exposeInt('offsetMinutes', { description: 'Due time in minutes after the session’s scheduled start; negative = before.' }),
    offsetLabel: t.string({ description: 'The offset as planners write it: "T-7d", "T-3h", "T+1d".', resolve: (item) => offsetLabel(item.offsetMinutes) }),
    teamRole: t.expose('teamRole', { type: TeamRoleEnum }),
    position: t.exposeInt('position', { description: '0-based place in the template.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

WarmUpPostRef.implement({
  description: 'A warm-up post (预热) announcing a session on a social channel.',
  fields: (t) => ({
    session: t.field({ type: LiveSessionRef, resolve: (post) => post.session }),
    channel: t.expose('channel', { type: WarmUpChannelEnum }),
    plannedAt: t.expose('plannedAt', { type: 'DateTime', description: 'When the post goes out; before the session ends.' }),
    status: t.expose('status', { type: WarmUpPostStatusEnum }),
    link: t.exposeString('link', { nullable: true, description: 'URL of the published post; required once PUBLISHED.' }),
    content: t.exposeString('content'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const TaskOrder = orderByInput('Task', { DUE_AT: 'dueAt', CREATED_AT: 'createdAt', TITLE: 'title', STATUS: 'status' }, 'DUE_AT');

const TaskFilter = builder.inputType('TaskFilter', {
  description: 'All given conditions must hold; a list matches any of its values.',
  fields: (t) => ({
    status: t.field({ type: [TaskStatusEnum] }),
    teamRole: t.field({ type: [TeamRoleEnum] }),
    assigneeId: t.id(),
    sessionId: t.id(),
    campaignId: t.id(),
    dueAfter: t.field({ type: 'DateTime', description: 'Due at or after this time.' }),
    dueBefore: t.field({ type: 'DateTime', description: 'Due before this time.' }),
    overdue: t.boolean({ description: 'true: only overdue tasks; false: only tasks that are not overdue.' }),
  }),
});

type TaskFilterInput = typeof TaskFilter.$inferInput;

function taskFilter(filter: TaskFilterInput | null | undefined): TaskFilterShape {
  if (!filter) return {};
  return {
    ...filter,
    assigneeId: optionalLocalId(filter.assigneeId?.toString(), 'Member'),
    sessionId: optionalLocalId(filter.sessionId?.toString(), 'LiveSession'),
    campaignId: optionalLocalId(filter.campaignId?.toString(), 'Campaign'),
  };
}

/** Decodes the Relay ids a task input may link to; absent stays absent, null stays null (= clear). */
function taskLinks(input: { assigneeId?: string | number | null; sessionId?: string | number | null; campaignId?: string | number | null }) {
  return {
    assigneeId: optionalLocalId(input.assigneeId == null ? input.assigneeId : String(input.assigneeId), 'Member'),
    sessionId: optionalLocalId(input.sessionId == null ? input.sessionId : String(input.sessionId), 'LiveSession'),
    campaignId: optionalLocalId(input.campaignId == null ? input.campaignId : String(input.campaignId), 'Campaign'),
  };
}

const WarmUpPostOrder = orderByInput('WarmUpPost', { PLANNED_AT: 'plannedAt', CREATED_AT: 'createdAt' }, 'PLANNED_AT');

const WarmUpPostFilter = builder.inputType('WarmUpPostFilter', {
  fields: (t) => ({
    sessionId: t.id(),
    channel: t.field({ type: WarmUpChannelEnum }),
    status: t.field({ type: WarmUpPostStatusEnum }),
    plannedAfter: t.field({ type: 'DateTime', description: 'Planned at or after this time.' }),
    plannedBefore: t.field({ type: 'DateTime', description: 'Planned before this time.' }),
  }),
});

builder.queryFields((t) => ({
  tasks: t.connection({
    type: TaskRef,
    description: 'The team’s board across sessions and campaigns; by due time unless ordered otherwise.',
    authScopes: { member: true },
    args: { filter: t.arg({ type: TaskFilter }), orderBy: t.arg({ type: TaskOrder.input }) },
    resolve: (_root, args, context) => context.services.tasks.list(scopeOf(context), taskFilter(args.filter), TaskOrder.toOrder(args.orderBy), args),
  }, TaskConnection),
  checklistTemplate: t.field({
    type: [ChecklistTemplateItemRef],
    description: 'The organization’s session checklist template, in order.',
    authScopes: { member: true },
    resolve: (_root, _args, context) => context.services.tasks.template.list(scopeOf(context)),
  }),
  warmUpPosts: t.connection({
    type: WarmUpPostRef,
    authScopes: { member: true },
    args: { filter: t.arg({ type: WarmUpPostFilter }), orderBy: t.arg({ type: WarmUpPostOrder.input }) },
    resolve: (_root, args, context) => {
      const { sessionId, ...filter } = args.filter ?? {};
      return context.services.tasks.warmUpPosts.list(
        scopeOf(context),
        { ...filter, sessionId: optionalLocalId(sessionId?.toString(), 'LiveSession') },
        WarmUpPostOrder.toOrder(args.orderBy),
        args,
      );
    },
  }, WarmUpPostConnection),
}));

builder.objectFields(LiveSessionRef, (t) => ({
  checklist: t.loadableGroup({
    type: TaskRef,
    description: 'Every task of the session by due time: the lines of the checklist template plus tasks added to the session.',
    load: (sessionIds: string[], context) => loadChildren<Task>(Task, 'session', { dueAt: 'asc' })(sessionIds, context),
    // Loadable refs type their values as "id or row"; `load` returns rows.
    group: (task) => (task as Task).session!,
    resolve: (session) => session.id,
  }),
  warmUpPosts: t.loadableGroup({
    type: WarmUpPostRef,
    description: 'The session’s warm-up posts by planned time.',
    load: (sessionIds: string[], context) => loadChildren<WarmUpPost>(WarmUpPost, 'session', { plannedAt: 'asc' })(sessionIds, context),
    group: (post) => (post as WarmUpPost).session,
    resolve: (session) => session.id,
  }),
}));

builder.objectFields(CampaignRef, (t) => ({
  tasks: t.loadable({
    type: TaskConnection,
    description: 'Tasks linked to the campaign; by due time unless ordered otherwise.',
    // Pages of all campaigns in one result are loaded together, per selection (their arguments match).
    byPath: true,
    args: { ...t.arg.connectionArgs(), filter: t.arg({ type: TaskFilter }), orderBy: t.arg({ type: TaskOrder.input }) },
    load: async (campaignIds: string[], context, args) => {
      const pages = await context.services.tasks.listByCampaigns(scopeOf(context), campaignIds, taskFilter(args.filter), TaskOrder.toOrder(args.orderBy), args);
      return campaignIds.map((id) => pages.get(id)!);
    },
    resolve: (campaign) => campaign.id,
  }),
}));

// Tasks

builder.relayMutationField(
  'createTask',
  {
    inputFields: (t) => ({
      title: t.string({ required: true }),
      description: t.string(),
      assigneeId: t.id({ description: 'A member of the organization.' }),
      teamRole: t.field({ type: TeamRoleEnum, required: true }),
      dueAt: t.field({ type: 'DateTime' }),
      status: t.field({ type: TaskStatusEnum, description: 'Default TODO.' }),
      sessionId: t.id(),
      campaignId: t.id(),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Owners and operators.',
    resolve: async (_root, { input }, context) => ({
      task: await context.services.tasks.create(scopeOf(context), { ...input, ...taskLinks(input) }),
    }),
  },
  { outputFields: (t) => ({ task: t.field({ type: TaskRef, resolve: (payload) => payload.task }) }) },
);

builder.relayMutationField(
  'updateTask',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      title: t.string(),
      description: t.string(),
      assigneeId: t.id({ description: 'null unassigns.' }),
      teamRole: t.field({ type: TeamRoleEnum }),
      dueAt: t.field({ type: 'DateTime', description: 'null removes the due time.' }),
      status: t.field({ type: TaskStatusEnum, description: 'DONE stamps completedAt; leaving DONE clears it.' }),
      sessionId: t.id({ description: 'null unlinks the session.' }),
      campaignId: t.id({ description: 'null unlinks the campaign.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description:
      'Changes only the fields that are given. Owners and operators change any task; other members (e.g. hosts) only the status of tasks assigned to them.',
    resolve: async (_root, { input: { id, ...input } }, context) => ({
      task: await context.services.tasks.update(scopeOf(context), localId(String(id), 'Task'), { ...input, ...taskLinks(input) }),
    }),
  },
  { outputFields: (t) => ({ task: t.field({ type: TaskRef, resolve: (payload) => payload.task }) }) },
);

builder.relayMutationField(
  'deleteTask',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Owners and operators.',
    resolve: async (_root, { input }, context) => ({
      deletedId: (await context.services.tasks.delete(scopeOf(context), localId(String(input.id), 'Task')), String(input.id)),
    }),
  },
  { outputFields: (t) => ({ deletedId: t.exposeID('deletedId') }) },
);

// Checklist template: every change also returns the whole template, since positions move.

builder.relayMutationField(
  'createChecklistTemplateItem',
  {
    inputFields: (t) => ({
      title: t.string({ required: true }),
      description: t.string(),
      offsetMinutes: t.int({ required: true, description: 'Minutes after the session’s scheduled start; negative = before.' }),
      teamRole: t.field({ type: TeamRoleEnum, required: true }),
      position: t.int({ description: '0-based place; later items move down. Default: last.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Owners and operators. Applies to sessions scheduled afterwards.',
    resolve: async (_root, { input }, context) => ({ item: await context.services.tasks.template.create(scopeOf(context), input) }),
  },
  {
    outputFields: (t) => ({
      checklistTemplateItem: t.field({ type: ChecklistTemplateItemRef, resolve: (payload) => payload.item }),
      checklistTemplate: t.field({ type: [ChecklistTemplateItemRef], resolve: (_payload, _args, context) => context.services.tasks.template.list(scopeOf(context)) }),
    }),
  },
);

builder.relayMutationField(
  'updateChecklistTemplateItem',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      title: t.string(),
      description: t.string(),
      offsetMinutes: t.int(),
      teamRole: t.field({ type: TeamRoleEnum }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Changes only the fields that are given; checklists of sessions already scheduled keep their tasks. Move items with reorderChecklistTemplate.',
    resolve: async (_root, { input: { id, ...input } }, context) => ({
      item: await context.services.tasks.template.update(scopeOf(context), localId(String(id), 'ChecklistTemplateItem'), input),
    }),
  },
  { outputFields: (t) => ({ checklistTemplateItem: t.field({ type: ChecklistTemplateItemRef, resolve: (payload) => payload.item }) }) },
);

builder.relayMutationField(
  'deleteChecklistTemplateItem',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Owners and operators. Tasks already created from the item stay.',
    resolve: async (_root, { input }, context) => ({
      deletedId: (await context.services.tasks.template.delete(scopeOf(context), localId(String(input.id), 'ChecklistTemplateItem')), String(input.id)),
    }),
  },
  {
    outputFields: (t) => ({
      deletedId: t.exposeID('deletedId'),
      checklistTemplate: t.field({ type: [ChecklistTemplateItemRef], resolve: (_payload, _args, context) => context.services.tasks.template.list(scopeOf(context)) }),
    }),
  },
);

builder.relayMutationField(
  'reorderChecklistTemplate',
  { inputFields: (t) => ({ itemIds: t.idList({ required: true, description: 'Every item of the template, once each, in the new order.' }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Owners and operators.',
    resolve: async (_root, { input }, context) => ({
      checklistTemplate: await context.services.tasks.template.reorder(scopeOf(context), {
        itemIds: input.itemIds.map((id) => localId(String(id), 'ChecklistTemplateItem')),
      }),
    }),
  },
  { outputFields: (t) => ({ checklistTemplate: t.field({ type: [ChecklistTemplateItemRef], resolve: (payload) => payload.checklistTemplate }) }) },
);

builder.relayMutationField(
  'resetChecklistTemplate',
  { inputFields: (t) => ({ confirm: t.boolean({ required: true, description: 'Must be true: every change to the template is discarded.' }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Owners and operators. Replaces the template with the default one; checklists of scheduled sessions keep their tasks.',
    resolve: async (_root, { input }, context) => ({ checklistTemplate: await context.services.tasks.template.reset(scopeOf(context), input) }),
  },
  { outputFields: (t) => ({ checklistTemplate: t.field({ type: [ChecklistTemplateItemRef], resolve: (payload) => payload.checklistTemplate }) }) },
);

// Warm-up posts

builder.relayMutationField(
  'createWarmUpPost',
  {
    inputFields: (t) => ({
      sessionId: t.id({ required: true }),
      channel: t.field({ type: WarmUpChannelEnum, required: true }),
      plannedAt: t.field({ type: 'DateTime', required: true, description: 'Before the session’s scheduled end.' }),
      content: t.string(),
      link: t.string({ description: 'http(s) URL of the post.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Owners and operators. The post starts PLANNED.',
    resolve: async (_root, { input }, context) => ({
      warmUpPost: await context.services.tasks.warmUpPosts.create(scopeOf(context), { ...input, sessionId: localId(String(input.sessionId), 'LiveSession') }),
    }),
  },
  { outputFields: (t) => ({ warmUpPost: t.field({ type: WarmUpPostRef, resolve: (payload) => payload.warmUpPost }) }) },
);

builder.relayMutationField(
  'updateWarmUpPost',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      channel: t.field({ type: WarmUpChannelEnum }),
      plannedAt: t.field({ type: 'DateTime' }),
      content: t.string(),
      link: t.string({ description: 'null removes the link (not allowed while PUBLISHED).' }),
      status: t.field({ type: WarmUpPostStatusEnum, description: 'PUBLISHED requires a link.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Changes only the fields that are given.',
    resolve: async (_root, { input: { id, ...input } }, context) => ({
      warmUpPost: await context.services.tasks.warmUpPosts.update(scopeOf(context), localId(String(id), 'WarmUpPost'), input),
    }),
  },
  { outputFields: (t) => ({ warmUpPost: t.field({ type: WarmUpPostRef, resolve: (payload) => payload.warmUpPost }) }) },
);

builder.relayMutationField(
  'deleteWarmUpPost',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Owners and operators.',
    resolve: async (_root, { input }, context) => ({
      deletedId: (await context.services.tasks.warmUpPosts.delete(scopeOf(context), localId(String(input.id), 'WarmUpPost')), String(input.id)),
    }),
  },
  { outputFields: (t) => ({ deletedId: t.exposeID('deletedId') }) },
);
