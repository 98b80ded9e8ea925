import { z } from 'zod';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Campaign } from '../campaigns/campaign.entity.js';
import type { DomainEventMap, DomainEvents } from '../events/domain-events.js';
import { Member, MEMBER_ROLES } from '../organizations/member.entity.js';
import { LiveSession } from '../sessions/session.entity.js';
import { EDITOR_ROLES, requireRole, type Scope } from '../shared/actor.js';
import { ForbiddenError, NotFoundError } from '../shared/errors.js';
import { findInOrganization } from '../shared/lookup.js';
import { findConnection, type ConnectionArgs } from '../shared/pagination.js';
import { givenFields, parseInput } from '../shared/validate.js';
import { completedAtAfter, dueAtFor, offsetMinutesBetween, OPEN_TASK_STATUSES } from './checklist.js';
import { ChecklistTemplateService } from './checklist-template.service.js';
import { findConnectionsByParent } from '../shared/connections-by-parent.js';
import { ChecklistTemplateItem, Task, TASK_STATUSES, TEAM_ROLES, WarmUpPost, type TaskStatus, type TeamRole } from './task.entity.js';
import { WarmUpPostService } from './warm-up-post.service.js';

/** Members who may touch tasks at all; ANALYST only reads. */
const TASK_ROLES = MEMBER_ROLES.filter((role) => role !== 'ANALYST');

const taskFields = {
  title: z.string().trim().min(1, 'is required').max(200, 'must have at most 200 characters'),
  description: z.string().trim().max(5000, 'must have at most 5000 characters'),
  assigneeId: z.string().nullable(),
  teamRole: z.enum(TEAM_ROLES),
  dueAt: z.date().nullable(),
  status: z.enum(TASK_STATUSES),
  sessionId: z.string().nullable(),
  campaignId: z.string().nullable(),
};

const createTaskInput = z.object({
  ...taskFields,
  description: taskFields.description.default(''),
  assigneeId: taskFields.assigneeId.optional(),
  dueAt: taskFields.dueAt.optional(),
  status: taskFields.status.default('TODO'),
  sessionId: taskFields.sessionId.optional(),
  campaignId: taskFields.campaignId.optional(),
});

/** Absent fields stay as they are; `null` clears the nullable ones. */
const updateTaskInput = z.object(taskFields).partial();

export interface TaskFilter {
  status?: TaskStatus[] | null;
  teamRole?: TeamRole[] | null;
  assigneeId?: string | null;
  sessionId?: string | null;
  campaignId?: string | null;
  dueAfter?: Date | null;
  dueBefore?: Date | null;
  overdue?: boolean | null;
}

type TaskLinks = Pick<z.output<typeof updateTaskInput>, 'assigneeId' | 'sessionId' | 'campaignId'>;

/**
 * Tasks (日常任务) of the team. Also owns the session checklist: it creates, moves and cancels a
 * session's checklist tasks when the session is scheduled, rescheduled or cancelled.
 */
export class TaskService {
  readonly template = new ChecklistTemplateService();
  readonly warmUpPosts = new WarmUpPostService();

  constructor(events: DomainEvents) {
    events.on('organization.created', (payload, { em }) => this.template.onOrganizationCreated(em, payload.organizationId));
    events.on('session.scheduled', (payload, { em }) => this.onSessionScheduled(em, payload));
    events.on('session.rescheduled', (payload, { em }) => this.onSessionRescheduled(em, payload));
    events.on('session.statusChanged', (payload, { em }) => this.onSessionStatusChanged(em, payload));
  }

  async create(scope: Scope, raw: unknown): Promise<Task> {
    requireRole(scope.actor, EDITOR_ROLES, 'create tasks');
    const { assigneeId, sessionId, campaignId, ...input } = parseInput(createTaskInput, raw);
    await this.checkLinks(scope, { assigneeId, sessionId, campaignId });
    const task = scope.em.create(Task, {
      ...input,
      organization: scope.actor.organizationId,
      assignee: assigneeId ?? null,
      session: sessionId ?? null,
      campaign: campaignId ?? null,
      dueAt: input.dueAt ?? null,
      completedAt: input.status === 'DONE' ? new Date() : null,
    });
    await scope.em.flush();
    return task;
  }

  /**
   * Editors change anything. Other members who work on tasks (e.g. a HOST) may only move the
   * status of tasks assigned to them.
   */
  async update(scope: Scope, id: string, raw: unknown): Promise<Task> {
    const { em, actor } = scope;
    requireRole(actor, TASK_ROLES, 'update tasks');
    const input = givenFields(parseInput(updateTaskInput, raw));
    const task = await this.get(scope, id);
    if (!EDITOR_ROLES.includes(actor.role)) {
      const onlyStatus = Object.keys(input).every((key) => key === 'status');
      if (!onlyStatus || task.assignee !== actor.memberId) {
        throw new ForbiddenError(`Your role ${actor.role} can only change the status of tasks assigned to you`);
      }
    }
    const { assigneeId, sessionId, campaignId, status, ...fields } = input;
    const session = await this.checkLinks(scope, { assigneeId, sessionId, campaignId });
    if (status !== undefined) {
      task.completedAt = completedAtAfter(task, status, new Date());
      task.status = status;
    }
    em.assign(task, {
      ...fields,
      ...(assigneeId !== undefined ? { assignee: assigneeId } : {}),
      ...(sessionId !== undefined ? { session: sessionId } : {}),
      ...(campaignId !== undefined ? { campaign: campaignId } : {}),
    });
    if (task.templateItem && (input.dueAt !== undefined || sessionId !== undefined)) {
      // A checklist task keeps its distance to the session start so rescheduling keeps this edit.
      const start = session?.scheduledStart ?? (task.session ? (await em.findOneOrFail(LiveSession, { id: task.session })).scheduledStart : null);
      task.offsetMinutes = start && task.dueAt ? offsetMinutesBetween(start, task.dueAt) : null;
    }
    await em.flush();
    return task;
  }

  async delete(scope: Scope, id: string): Promise<string> {
    requireRole(scope.actor, EDITOR_ROLES, 'delete tasks');
    const task = await this.get(scope, id);
    await scope.em.remove(task).flush();
    return id;
  }

  async get({ em, actor }: Scope, id: string): Promise<Task> {
    const task = await findInOrganization(em, Task, actor, id);
    return task;
  }

  list({ em, actor }: Scope, filter: TaskFilter, orderBy: Record<string, 'asc' | 'desc'>, args: ConnectionArgs) {
    return findConnection(em, Task, taskWhere(actor.organizationId, filter), orderBy, args);
  }

  /** The tasks of many campaigns, one page each, in a constant number of statements. */
  listByCampaigns({ em, actor }: Scope, campaignIds: readonly string[], filter: TaskFilter, orderBy: Record<string, 'asc' | 'desc'>, args: ConnectionArgs) {
    return findConnectionsByParent(em, Task, 'campaign', campaignIds, taskWhere(actor.organizationId, filter), orderBy, args);
  }

  /** Creates the session's checklist from the template; scheduling again adds only what is missing. */
  async onSessionScheduled(em: EntityManager, { organizationId, sessionId, scheduledStart }: DomainEventMap['session.scheduled']): Promise<void> {
    const items = await em.find(ChecklistTemplateItem, { organization: organizationId }, { orderBy: { position: 'asc', id: 'asc' } });
    const existing = await em.find(Task, { organization: organizationId, session: sessionId, templateItem: { $ne: null } });
    const created = new Set(existing.map((task) => task.templateItem));
    // The start may have moved while the session was back in draft.
    this.realign(existing, scheduledStart);
    for (const item of items.filter((line) => !created.has(line.id))) {
      em.create(Task, {
        organization: organizationId,
        session: sessionId,
        templateItem: item.id,
        title: item.title,
        description: item.description,
        teamRole: item.teamRole,
        offsetMinutes: item.offsetMinutes,
        dueAt: dueAtFor(scheduledStart, item.offsetMinutes),
      });
    }
    await em.flush();
  }

  /** Moves the session's unfinished checklist tasks with its new start. */
  async onSessionRescheduled(em: EntityManager, { organizationId, sessionId, scheduledStart }: DomainEventMap['session.rescheduled']): Promise<void> {
    this.realign(await em.find(Task, { organization: organizationId, session: sessionId, templateItem: { $ne: null } }), scheduledStart);
    await em.flush();
  }

  /** A cancelled session cancels its open tasks and its planned warm-up posts. */
  async onSessionStatusChanged(em: EntityManager, { organizationId, sessionId, to }: DomainEventMap['session.statusChanged']): Promise<void> {
    if (to !== 'CANCELLED') return;
    const tasks = await em.find(Task, { organization: organizationId, session: sessionId, status: { $in: [...OPEN_TASK_STATUSES] } });
    for (const task of tasks) task.status = 'CANCELLED';
    const posts = await em.find(WarmUpPost, { organization: organizationId, session: sessionId, status: 'PLANNED' });
    for (const post of posts) post.status = 'CANCELLED';
    await em.flush();
  }

  private realign(tasks: Task[], scheduledStart: Date): void {
    for (const task of tasks) {
      if (task.status !== 'DONE' && task.offsetMinutes != null) task.dueAt = dueAtFor(scheduledStart, task.offsetMinutes);
    }
  }

  /** Linked rows must belong to the caller's organization; returns the linked session, if any was given. */
  private async checkLinks({ em, actor }: Scope, links: TaskLinks): Promise<LiveSession | null> {
    const organization = actor.organizationId;
    if (links.assigneeId && !(await em.count(Member, { id: links.assigneeId, organization }))) throw new NotFoundError('Member', links.assigneeId);
    if (links.campaignId && !(await em.count(Campaign, { id: links.campaignId, organization }))) throw new NotFoundError('Campaign', links.campaignId);
    if (!links.sessionId) return null;
    const session = await em.findOne(LiveSession, { id: links.sessionId, organization });
    if (!session) throw new NotFoundError('LiveSession', links.sessionId);
    return session;
  }
}

function taskWhere(organization: string, filter: TaskFilter): FilterQuery<Task> {
  const conditions: FilterQuery<Task>[] = [];
  if (filter.status?.length) conditions.push({ status: { $in: filter.status } });
  if (filter.teamRole?.length) conditions.push({ teamRole: { $in: filter.teamRole } });
  if (filter.assigneeId) conditions.push({ assignee: filter.assigneeId });
  if (filter.sessionId) conditions.push({ session: filter.sessionId });
  if (filter.campaignId) conditions.push({ campaign: filter.campaignId });
  if (filter.dueAfter) conditions.push({ dueAt: { $gte: filter.dueAfter } });
  if (filter.dueBefore) conditions.push({ dueAt: { $lt: filter.dueBefore } });
  if (filter.overdue != null) {
    const now = new Date();
    conditions.push(
      filter.overdue
        ? { dueAt: { $lt: now }, status: { $in: [...OPEN_TASK_STATUSES] } }
        : { $or: [{ dueAt: null }, { dueAt: { $gte: now } }, { status: { $nin: [...OPEN_TASK_STATUSES] } }] },
    );
  }
  return conditions.length ? { organization, $and: conditions } : { organization };
}
