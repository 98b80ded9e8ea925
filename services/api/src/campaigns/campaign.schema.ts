import { builder } from '../schema/builder.js';
import { MUTATION_ERRORS, Money, localId, orderByInput } from '../schema/common.schema.js';
import { loadScoped } from '../schema/loaders.js';
import { scopeOf } from '../context.js';
import '../metrics/metrics.schema.js';
import { Campaign, CAMPAIGN_CHANNELS, CAMPAIGN_THEMES, CampaignGoal, type CampaignChannel } from './campaign.entity.js';
import { SessionTarget } from './session-target.entity.js';

export const CampaignRef = builder.loadableNodeRef('Campaign', {
  id: { resolve: (campaign: Campaign) => campaign.id },
  load: loadScoped<Campaign>(Campaign),
  sort: (campaign) => campaign.id,
});

export const CampaignGoalRef = builder.loadableNodeRef('CampaignGoal', {
  id: { resolve: (goal: CampaignGoal) => goal.id },
  load: loadScoped<CampaignGoal>(CampaignGoal),
  sort: (goal) => goal.id,
});

export const SessionTargetRef = builder.loadableNodeRef('SessionTarget', {
  id: { resolve: (target: SessionTarget) => target.id },
  load: loadScoped<SessionTarget>(SessionTarget),
  sort: (target) => target.id,
});

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
  }),
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
      budgetAmount: t.int({ description: 'Minor units; default 0.' }),
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
      budgetAmount: t.int({ description: 'Minor units.' }),
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

// STUB until the goal tree lands.
CampaignGoalRef.implement({ description: 'A goal of a campaign.', fields: () => ({}) });
SessionTargetRef.implement({ description: 'A session’s part of a campaign goal.', fields: () => ({}) });
