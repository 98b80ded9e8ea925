import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { idColumn, timestampColumns } from '../db/columns.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Member } from '../organizations/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { LiveSession } from '../sessions/session.entity.js';

export const TEAM_ROLES = ['OPERATOR', 'PRODUCT_MANAGER', 'DESIGNER', 'CUSTOMER_SERVICE', 'HOST'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const TASK_STATUSES = ['TODO', 'IN_PROGRESS', 'DONE', 'BLOCKED', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A daily task (日常任务) of the team, optionally tied to a session or campaign. */
export const Task = defineEntity({
  name: 'Task',
  tableName: 'tasks',
  indexes: [{ properties: ['organization', 'dueAt'] }],
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    title: p.string().length(200),
    description: p.text().default(''),
    assignee: () => p.manyToOne(Member).mapToPk().nullable().index().deleteRule('set null'),
    teamRole: p.enum(TEAM_ROLES).nativeEnumName('team_role'),
    dueAt: p.datetime().nullable(),
    status: p.enum(TASK_STATUSES).nativeEnumName('task_status').default('TODO'),
    session: () => p.manyToOne(LiveSession).mapToPk().nullable().index().deleteRule('cascade'),
    campaign: () => p.manyToOne(Campaign).mapToPk().nullable().index().deleteRule('cascade'),
    /** The checklist template item this task was created from, if any. */
    templateItem: p.uuid().nullable(),
    /**
     * For checklist tasks: `dueAt` in minutes after the session's scheduled start (negative = before),
     * so rescheduling moves the task with its session and keeps manual due-date edits.
     */
    offsetMinutes: p.integer().nullable(),
    completedAt: p.datetime().nullable(),
    ...timestampColumns(),
  },
});
export type Task = InferEntity<typeof Task>;

/**
 * One line of the organization's session checklist template: created as a task when a session
 * is scheduled, due `offsetMinutes` after the scheduled start (negative = before).
 */
export const ChecklistTemplateItem = defineEntity({
  name: 'ChecklistTemplateItem',
  tableName: 'checklist_template_items',
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    title: p.string().length(200),
    description: p.text().default(''),
    offsetMinutes: p.integer(),
    teamRole: p.enum(TEAM_ROLES).nativeEnumName('team_role'),
    position: p.integer(),
    ...timestampColumns(),
  },
});
export type ChecklistTemplateItem = InferEntity<typeof ChecklistTemplateItem>;

export const WARM_UP_CHANNELS = ['WEIBO', 'DOUYIN', 'WECHAT', 'XIAOHONGSHU', 'OTHER'] as const;
export type WarmUpChannel = (typeof WARM_UP_CHANNELS)[number];
export const WARM_UP_STATUSES = ['PLANNED', 'PUBLISHED', 'CANCELLED'] as const;
export type WarmUpStatus = (typeof WARM_UP_STATUSES)[number];

/** A pre-show post (预热) announcing a session. */
export const WarmUpPost = defineEntity({
  name: 'WarmUpPost',
  tableName: 'warm_up_posts',
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    session: () => p.manyToOne(LiveSession).mapToPk().index().deleteRule('cascade'),
    channel: p.enum(WARM_UP_CHANNELS).nativeEnumName('warm_up_channel'),
    plannedAt: p.datetime(),
    status: p.enum(WARM_UP_STATUSES).nativeEnumName('warm_up_status').default('PLANNED'),
    link: p.string().length(2000).nullable(),
    content: p.text().default(''),
    ...timestampColumns(),
  },
});
export type WarmUpPost = InferEntity<typeof WarmUpPost>;
