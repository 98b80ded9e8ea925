import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { idColumn, timestampColumns } from '../db/columns.js';
import { Member } from '../organizations/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';

export const CAMPAIGN_THEMES = ['SEASONAL_PROMOTION', 'NEW_LAUNCH', 'LIMITED_TIME_DISCOUNT', 'SHOPPING_FESTIVAL', 'BRAND_DAY', 'CUSTOM'] as const;
export type CampaignTheme = (typeof CAMPAIGN_THEMES)[number];

/** Where a campaign is promoted. */
export const CAMPAIGN_CHANNELS = ['DOUYIN', 'TAOBAO_LIVE', 'KUAISHOU', 'WECHAT_CHANNELS', 'XIAOHONGSHU', 'WEIBO', 'WECHAT', 'KOL', 'PAID_PLACEMENT', 'OTHER'] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];

/** A promotion that spans sessions, with a goal tree. */
export const Campaign = defineEntity({
  name: 'Campaign',
  tableName: 'campaigns',
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    name: p.string().length(200),
    theme: p.enum(CAMPAIGN_THEMES).nativeEnumName('campaign_theme'),
    /** Free text when theme is CUSTOM (or a subtitle otherwise). */
    themeNote: p.string().length(200).default(''),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    targetAudienceTags: p.array().onCreate(() => []),
    channels: p.array().onCreate(() => []),
    /** Minor units. */
    budgetAmount: p.integer().default(0),
    ...timestampColumns(),
  },
});
export type Campaign = InferEntity<typeof Campaign>;

export const GOAL_HORIZONS = ['SHORT', 'MID', 'LONG'] as const;
export type GoalHorizon = (typeof GOAL_HORIZONS)[number];

/** A node of a campaign's goal tree: a metric from the dictionary with a target, owner and due date. */
export const CampaignGoal = defineEntity({
  name: 'CampaignGoal',
  tableName: 'campaign_goals',
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    campaign: () => p.manyToOne(Campaign).mapToPk().index().deleteRule('cascade'),
    parent: () => p.manyToOne(CampaignGoal).mapToPk().nullable().index().deleteRule('cascade'),
    title: p.string().length(200),
    horizon: p.enum(GOAL_HORIZONS).nativeEnumName('goal_horizon'),
    /** Key in the metric dictionary (see metrics/metric-dictionary.ts). */
    metric: p.string().length(40),
    /** Target in the metric's unit: counts, minor units for money, a fraction (0-1) for rates. */
    // Without runtimeType MikroORM hydrates double precision as a string, and sums would concatenate.
    target: p.double().$type<number>().runtimeType('number'),
    owner: () => p.manyToOne(Member).mapToPk().nullable().deleteRule('set null'),
    dueDate: p.string().columnType('date').nullable(),
    position: p.integer().default(0),
    ...timestampColumns(),
  },
});
export type CampaignGoal = InferEntity<typeof CampaignGoal>;
