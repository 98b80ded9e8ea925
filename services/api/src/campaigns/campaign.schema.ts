import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../schema/builder.js';
import { CampaignConnection, CampaignGoalRef, CampaignRef, LiveSessionRef, MemberRef, SessionTargetRef } from '../schema/refs.js';
import { MUTATION_ERRORS, Money, localId, optionalLocalId, orderByInput } from '../schema/common.schema.js';
import { loadChildren } from '../schema/loaders.js';
import { scopeOf } from '../context.js';
import { GoalHorizonEnum, MetricDefinitionRef, MetricKeyEnum } from '../metrics/metrics.schema.js';
import { metricDefinition, type MetricKey } from '../metrics/metric-dictionary.js';
import { CAMPAIGN_CHANNELS, CAMPAIGN_THEMES, CampaignGoal, type CampaignChannel } from './campaign.entity.js';
import type { ChildrenCheck, GoalSplit } from './campaign.service.js';
import type { Allocation } from './target-allocation.js';

export const CampaignThemeEnum = builder.enumType('CampaignTheme', {
  description: 'What the campaign is about. CUSTOM requires a themeNote.',
  values: CAMPAIGN_THEMES,
});

export const CampaignChannelEnum = builder.enumType('CampaignChannel', {
  description: 'Where the campaign is promoted: live platforms, social channels, KOLs, paid placements.',
  values: CAMPAIGN_CHANNELS,
});

CampaignRef.implement({
  description: 'A promotion that spans sessions (e.g. 双11 warm-up to final day), with a goal tree.',
  fields: (t) => ({
    name: t.exposeString('name'),
    theme: t.expose('theme', { type: CampaignThemeEnum }),
    themeNote: t.exposeString('themeNote', { description: 'What a CUSTOM theme is, or a subtitle for the others; may be empty.' }),
    startsAt: t.expose('startsAt', { type: 'DateTime' }),
    endsAt: t.expose('endsAt', { type: 'DateTime', description: 'After startsAt, at most 366 days later.' }),
    targetAudienceTags: t.exposeStringList('targetAudienceTags', { description: 'Who the campaign addresses, e.g. 宝妈, 学生党.' }),
    channels: t.field({ type: [CampaignChannelEnum], resolve: (campaign) => campaign.channels as CampaignChannel[] }),
    budget: t.field({
      type: Money,
      description: 'Total promotion budget.',
      resolve: (campaign, _args, context) => ({ amount: campaign.budgetAmount, currency: context.actor!.currency }),
    }),
    goals: t.loadableGroup({
      type: CampaignGoalRef,
      description: 'Root goals of the goal tree, in order; follow `children` down.',
      load: (campaignIds: string[], context) => context.services.campaigns.rootGoals(scopeOf(context), campaignIds),
      // Loadable refs type their values as "id or row"; `load` returns rows.
      group: (goal) => (goal as CampaignGoal).campaign,
      resolve: (campaign) => campaign.id,
    }),
    allGoals: t.loadableGroup({
      type: CampaignGoalRef,
      description: 'Every goal of the tree, depth-first: each goal directly followed by its subtree.',
      load: (campaignIds: string[], context) => context.services.campaigns.allGoals(scopeOf(context), campaignIds),
      // Loadable refs type their values as "id or row"; `load` returns rows.
      group: (goal) => (goal as CampaignGoal).campaign,
      resolve: (campaign) => campaign.id,
    }),
    goalCount: t.loadable({
      type: 'Int',
      description: 'Goals on every level of the tree.',
      load: (campaignIds: string[], context) => context.services.campaigns.countGoals(scopeOf(context), campaignIds),
      resolve: (campaign) => campaign.id,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const CampaignOrder = orderByInput('Campaign', { STARTS_AT: 'startsAt', NAME: 'name', CREATED_AT: 'createdAt' }, 'STARTS_AT');

const CampaignFilter = builder.inputType('CampaignFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Matches name or theme note, case-insensitively.' }),
    theme: t.field({ type: CampaignThemeEnum }),
    activeAt: t.field({ type: 'DateTime', description: 'Campaigns running at this instant (startsAt ≤ activeAt < endsAt).' }),
    startsAfter: t.field({ type: 'DateTime', description: 'Campaigns starting at or after this instant.' }),
    startsBefore: t.field({ type: 'DateTime', description: 'Campaigns starting before this instant.' }),
  }),
});

builder.queryFields((t) => ({
  campaigns: t.connection({
    type: CampaignRef,
    authScopes: { member: true },
    args: { filter: t.arg({ type: CampaignFilter }), orderBy: t.arg({ type: CampaignOrder.input }) },
    resolve: (_root, args, context) =>
      context.services.campaigns.list(scopeOf(context), args.filter ?? {}, CampaignOrder.toOrder(args.orderBy), args),
  }, CampaignConnection),
}));

builder.relayMutationField(
  'createCampaign',
  {
    inputFields: (t) => ({
      name: t.string({ required: true }),
      theme: t.field({ type: CampaignThemeEnum, required: true }),
      themeNote: t.string({ description: 'Required when theme is CUSTOM.' }),
      startsAt: t.field({ type: 'DateTime', required: true }),
      endsAt: t.field({ type: 'DateTime', required: true, description: 'After startsAt, at most 366 days later.' }),
      targetAudienceTags: t.stringList({ description: 'Trimmed; duplicates are dropped.' }),
      channels: t.field({ type: [CampaignChannelEnum] }),
      budgetAmount: t.field({ type: 'SafeInt', description: 'Minor units; default 0.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    resolve: async (_root, { input }, context) => ({ campaign: await context.services.campaigns.create(scopeOf(context), input) }),
  },
  { outputFields: (t) => ({ campaign: t.field({ type: CampaignRef, resolve: (payload) => payload.campaign }) }) },
);

builder.relayMutationField(
  'updateCampaign',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      name: t.string(),
      theme: t.field({ type: CampaignThemeEnum }),
      themeNote: t.string(),
      startsAt: t.field({ type: 'DateTime' }),
      endsAt: t.field({ type: 'DateTime' }),
      targetAudienceTags: t.stringList(),
      channels: t.field({ type: [CampaignChannelEnum] }),
      budgetAmount: t.field({ type: 'SafeInt', description: 'Minor units.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Changes only the fields that are given; the rules are checked on the result.',
    resolve: async (_root, { input: { id, ...input } }, context) => ({
      campaign: await context.services.campaigns.update(scopeOf(context), localId(String(id), 'Campaign'), input),
    }),
  },
  { outputFields: (t) => ({ campaign: t.field({ type: CampaignRef, resolve: (payload) => payload.campaign }) }) },
);

builder.relayMutationField(
  'deleteCampaign',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Deletes the campaign, its goal tree and session targets. Its sessions stay, no longer linked to a campaign.',
    resolve: async (_root, { input }, context) => ({
      deletedId: (await context.services.campaigns.delete(scopeOf(context), localId(String(input.id), 'Campaign')), String(input.id)),
    }),
  },
  { outputFields: (t) => ({ deletedId: t.exposeID('deletedId') }) },
);

const GoalAllocationRef = builder.interfaceRef<Allocation>('GoalAllocation').implement({
  description: 'Whether the parts of a goal (session targets, child goals) add up to its target.',
  fields: (t) => ({
    target: t.exposeFloat('target', { description: 'The goal’s target, in the unit of its metric.' }),
    allocated: t.exposeFloat('allocated', { nullable: true, description: 'Sum of the parts; null for non-additive metrics (rates, averages, peaks).' }),
    difference: t.exposeFloat('difference', {
      nullable: true,
      description: 'target − allocated: positive is still unallocated, negative is over-allocated; null for non-additive metrics.',
    }),
    addsUp: t.exposeBoolean('addsUp', {
      nullable: true,
      description: 'Whether the parts sum to the target (exactly for whole units, within float tolerance otherwise); null for non-additive metrics.',
    }),
    message: t.exposeString('message', { description: 'A readable verdict, e.g. "Session targets sum to ¥180,000 of ¥200,000: ¥20,000 unallocated".' }),
  }),
});

const GoalSplitRef = builder.objectRef<GoalSplit>('GoalSplit').implement({
  description: 'How a goal is split onto the sessions of its campaign, and whether the parts add up to the whole.',
  interfaces: [GoalAllocationRef],
  fields: (t) => ({
    targets: t.field({ type: [SessionTargetRef], resolve: (split) => split.targets }),
  }),
});

const GoalChildrenCheckRef = builder.objectRef<ChildrenCheck>('GoalChildrenCheck').implement({
  description: 'Whether the child goals measured in the parent’s metric add up to the parent.',
  interfaces: [GoalAllocationRef],
  fields: (t) => ({
    children: t.field({ type: [CampaignGoalRef], description: 'The children in the same metric (the ones summed).', resolve: (check) => check.children }),
  }),
});

CampaignGoalRef.implement({
  description: 'A node of a campaign’s goal tree: a metric from the dictionary with a target, an owner and a due date.',
  fields: (t) => ({
    campaign: t.field({ type: CampaignRef, resolve: (goal) => goal.campaign }),
    parent: t.field({ type: CampaignGoalRef, nullable: true, resolve: (goal) => goal.parent ?? null }),
    children: t.loadableGroup({
      type: CampaignGoalRef,
      description: 'Sub-goals, in order.',
      load: loadChildren(CampaignGoal, 'parent', { position: 'asc' }),
      group: (goal) => (goal as CampaignGoal).parent!,
      resolve: (goal) => goal.id,
    }),
    title: t.exposeString('title'),
    horizon: t.expose('horizon', { type: GoalHorizonEnum }),
    metric: t.field({ type: MetricKeyEnum, resolve: (goal) => goal.metric as MetricKey }),
    metricDefinition: t.field({ type: MetricDefinitionRef, resolve: (goal) => metricDefinition(goal.metric as MetricKey) }),
    target: t.exposeFloat('target', {
      description: 'In the metric’s unit: a count, minor units for MONEY, seconds, a fraction from 0 to 1 for RATE, a multiple for RATIO.',
    }),
    owner: t.field({ type: MemberRef, nullable: true, resolve: (goal) => goal.owner ?? null }),
    dueDate: t.expose('dueDate', { type: 'Date', nullable: true }),
    position: t.exposeInt('position', { description: 'Order among its siblings, from 0.' }),
    split: t.loadable({
      type: GoalSplitRef,
      description: 'The goal’s split onto sessions (set with setSessionTargets) and whether it adds up.',
      load: (goals: CampaignGoal[], context) => context.services.campaigns.splits(scopeOf(context), goals),
      loaderOptions: { cacheKeyFn: (goal) => goal.id },
      resolve: (goal) => goal,
    }),
    childrenCheck: t.loadable({
      type: GoalChildrenCheckRef,
      nullable: true,
      description: 'Whether the children in the same metric add up to this goal; null when no child uses its metric.',
      load: (goals: CampaignGoal[], context) => context.services.campaigns.childrenChecks(scopeOf(context), goals),
      loaderOptions: { cacheKeyFn: (goal) => goal.id },
      resolve: (goal) => goal,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

SessionTargetRef.implement({
  description: 'The part of a campaign goal that one session is expected to deliver.',
  fields: (t) => ({
    goal: t.field({ type: CampaignGoalRef, resolve: (row) => row.goal }),
    session: t.field({ type: LiveSessionRef, resolve: (row) => row.session }),
    target: t.exposeFloat('target', { description: 'In the unit of the goal’s metric.' }),
  }),
});

/** Decodes an optional ID input, keeping null (clear) apart from undefined (not given). */
const optionalId = (id: string | number | null | undefined, typename: string) => optionalLocalId(id == null ? id : String(id), typename);

const goalInputFields = {
  ownerId: 'A member of the organization who answers for the goal.',
  dueDate: 'From 30 days before the campaign starts to 180 days after it ends (organization time zone).',
};

builder.relayMutationField(
  'createCampaignGoal',
  {
    inputFields: (t) => ({
      campaignId: t.id({ required: true }),
      parentId: t.id({ description: 'The parent goal in the same campaign; omit for a root goal. Trees have at most 4 levels.' }),
      title: t.string({ required: true }),
      horizon: t.field({ type: GoalHorizonEnum, required: true, description: 'Must be one of the metric’s horizons.' }),
      metric: t.field({ type: MetricKeyEnum, required: true }),
      target: t.float({ required: true, description: 'In the metric’s unit; a fraction from 0 to 1 for rates.' }),
      ownerId: t.id({ description: goalInputFields.ownerId }),
      dueDate: t.field({ type: 'Date', description: goalInputFields.dueDate }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Adds a goal at the end of its siblings.',
    resolve: async (_root, { input }, context) => ({
      goal: await context.services.campaigns.createGoal(scopeOf(context), {
        ...input,
        campaignId: localId(String(input.campaignId), 'Campaign'),
        parentId: optionalId(input.parentId, 'CampaignGoal'),
        ownerId: optionalId(input.ownerId, 'Member'),
      }),
    }),
  },
  { outputFields: (t) => ({ goal: t.field({ type: CampaignGoalRef, resolve: (payload) => payload.goal }) }) },
);

builder.relayMutationField(
  'updateCampaignGoal',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      title: t.string(),
      horizon: t.field({ type: GoalHorizonEnum }),
      metric: t.field({ type: MetricKeyEnum, description: 'Refused while session targets do not fit the new metric’s unit.' }),
      target: t.float(),
      ownerId: t.id({ description: `${goalInputFields.ownerId} null removes the owner.` }),
      dueDate: t.field({ type: 'Date', description: `${goalInputFields.dueDate} null removes the due date.` }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Changes only the fields that are given; horizon and target are checked against the resulting metric.',
    resolve: async (_root, { input: { id, ...input } }, context) => ({
      goal: await context.services.campaigns.updateGoal(scopeOf(context), localId(String(id), 'CampaignGoal'), {
        ...input,
        ownerId: optionalId(input.ownerId, 'Member'),
      }),
    }),
  },
  { outputFields: (t) => ({ goal: t.field({ type: CampaignGoalRef, resolve: (payload) => payload.goal }) }) },
);

builder.relayMutationField(
  'deleteCampaignGoal',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Deletes the goal with its whole subtree and their session targets.',
    resolve: async (_root, { input }, context) => {
      const result = await context.services.campaigns.deleteGoal(scopeOf(context), localId(String(input.id), 'CampaignGoal'));
      return { deletedIds: result.deletedIds.map((id) => encodeGlobalID('CampaignGoal', id)), campaign: result.campaignId };
    },
  },
  {
    outputFields: (t) => ({
      deletedIds: t.exposeIDList('deletedIds', { description: 'The goal and every descendant.' }),
      campaign: t.field({ type: CampaignRef, resolve: (payload) => payload.campaign }),
    }),
  },
);

builder.relayMutationField(
  'moveCampaignGoal',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      parentId: t.id({ description: 'The new parent in the same campaign; null or omitted makes the goal a root.' }),
      position: t.int({ description: 'Index among the new siblings, from 0; appended when omitted.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Moves a goal with its subtree. Moving a goal under itself or a descendant is a ConflictError.',
    resolve: async (_root, { input: { id, ...input } }, context) => ({
      goal: await context.services.campaigns.moveGoal(scopeOf(context), localId(String(id), 'CampaignGoal'), {
        ...input,
        parentId: optionalId(input.parentId, 'CampaignGoal'),
      }),
    }),
  },
  { outputFields: (t) => ({ goal: t.field({ type: CampaignGoalRef, resolve: (payload) => payload.goal }) }) },
);

const SessionTargetInput = builder.inputType('SessionTargetInput', {
  fields: (t) => ({
    sessionId: t.id({ required: true, description: 'A session of the goal’s campaign.' }),
    target: t.float({ required: true, description: 'In the unit of the goal’s metric.' }),
  }),
});

builder.relayMutationField(
  'setSessionTargets',
  {
    inputFields: (t) => ({
      goalId: t.id({ required: true }),
      targets: t.field({ type: [SessionTargetInput], required: true, description: 'The whole split: sessions left out lose their target.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Replaces the split of a goal onto sessions of its campaign. Read `goal.split` to see whether it adds up.',
    resolve: async (_root, { input }, context) => ({
      goal: await context.services.campaigns.setSessionTargets(scopeOf(context), localId(String(input.goalId), 'CampaignGoal'), {
        targets: input.targets.map((row) => ({ sessionId: localId(String(row.sessionId), 'LiveSession'), target: row.target })),
      }),
    }),
  },
  { outputFields: (t) => ({ goal: t.field({ type: CampaignGoalRef, resolve: (payload) => payload.goal }) }) },
);
