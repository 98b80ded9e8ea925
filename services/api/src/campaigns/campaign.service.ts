import { raw, UniqueConstraintViolationException } from '@mikro-orm/core';
import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DomainEventMap, DomainEvents } from '../events/domain-events.js';
import { METRIC_KEYS, metricDefinition, metricValueIssue, type MetricDefinition, type MetricKey } from '../metrics/metric-dictionary.js';
import { Member } from '../organizations/member.entity.js';
import { LiveSession } from '../sessions/session.entity.js';
import { EDITOR_ROLES, requireRole, type Actor, type Scope } from '../shared/actor.js';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../shared/errors.js';
import { findInOrganization } from '../shared/lookup.js';
import { findConnection, type ConnectionArgs } from '../shared/pagination.js';
import { parseInput, presentFields } from '../shared/validate.js';
import { Campaign, CAMPAIGN_CHANNELS, CAMPAIGN_THEMES, CampaignGoal, GOAL_HORIZONS, type CampaignTheme } from './campaign.entity.js';
import { campaignRuleIssues, dueDateIssue, dueDateWindow, goalRuleIssues } from './campaign-rules.js';
import { childrenOf, depthOf, insertAt, MAX_GOAL_DEPTH, preorder, subtreeHeight, subtreeIds } from './goal-tree.js';
import { SessionTarget } from './session-target.entity.js';
import { checkAllocation, type Allocation } from './target-allocation.js';

const tag = z.string().trim().min(1, 'must not be empty').max(40, 'must have at most 40 characters');
const distinct = <T>(values: T[]) => [...new Set(values)];

const campaignFields = {
  name: z.string().trim().min(1, 'is required').max(200, 'must have at most 200 characters'),
  theme: z.enum(CAMPAIGN_THEMES),
  themeNote: z.string().trim().max(200, 'must have at most 200 characters'),
  startsAt: z.date(),
  endsAt: z.date(),
  targetAudienceTags: z.array(tag).max(30, 'must have at most 30 tags').transform(distinct),
  channels: z.array(z.enum(CAMPAIGN_CHANNELS)).transform(distinct),
  budgetAmount: z.number().int('must be whole minor units (fen)').min(0, 'must be at least 0').max(1_000_000_000_000),
};

const createCampaignInput = z.object({
  ...campaignFields,
  themeNote: campaignFields.themeNote.default(''),
  targetAudienceTags: campaignFields.targetAudienceTags.default([]),
  channels: campaignFields.channels.default([]),
  budgetAmount: campaignFields.budgetAmount.default(0),
});

const updateCampaignInput = z.object(campaignFields).partial();

/** Guards the in-memory tree checks; real goal trees have a few dozen nodes. */
export const MAX_GOALS_PER_CAMPAIGN = 200;
export const MAX_SESSION_TARGETS_PER_GOAL = 200;

const goalTitle = z.string().trim().min(1, 'is required').max(200, 'must have at most 200 characters');
const dueDate = z.iso.date('must be a date YYYY-MM-DD');

const createGoalInput = z.object({
  campaignId: z.string(),
  parentId: z.string().nullish(),
  title: goalTitle,
  horizon: z.enum(GOAL_HORIZONS),
  metric: z.enum(METRIC_KEYS),
  target: z.number(),
  ownerId: z.string().nullish(),
  dueDate: dueDate.nullish(),
});

const updateGoalInput = z.object({
  title: goalTitle.optional(),
  horizon: z.enum(GOAL_HORIZONS).optional(),
  metric: z.enum(METRIC_KEYS).optional(),
  target: z.number().optional(),
  /** null clears the owner. */
  ownerId: z.string().nullish(),
  /** null clears the due date. */
  dueDate: dueDate.nullish(),
});

const moveGoalInput = z.object({
  parentId: z.string().nullish(),
  position: z.number().int('must be a whole number').min(0, 'must be at least 0').nullish(),
});

const sessionTargetsInput = z.object({
  targets: z
    .array(z.object({ sessionId: z.string(), target: z.number() }))
    .max(MAX_SESSION_TARGETS_PER_GOAL, `must have at most ${MAX_SESSION_TARGETS_PER_GOAL} sessions`),
});

function checkDueDate(date: string, campaign: Campaign, actor: Actor): void {
  const issue = dueDateIssue(date, campaign, actor.timeZone);
  if (issue) throw ValidationError.field(['input', 'dueDate'], issue);
}

const definitionOf = (goal: CampaignGoal): MetricDefinition => metricDefinition(goal.metric as MetricKey);

/** A goal's split onto sessions, with the arithmetic check. */
export interface GoalSplit extends Allocation {
  targets: SessionTarget[];
}

/** Whether child goals measured in the parent's metric add up to the parent. */
export interface ChildrenCheck extends Allocation {
  children: CampaignGoal[];
}

export interface CampaignFilter {
  search?: string | null;
  theme?: CampaignTheme | null;
  /** Campaigns running at this instant. */
  activeAt?: Date | null;
  startsAfter?: Date | null;
  startsBefore?: Date | null;
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/** Campaigns, their goal trees and the split of goals onto sessions. */
export class CampaignService {
  constructor(events: DomainEvents) {
    events.on('session.updated', (payload, { em }) => this.onSessionUpdated(em, payload));
  }

  async create({ em, actor }: Scope, raw: Record<string, unknown>): Promise<Campaign> {
    requireRole(actor, EDITOR_ROLES, 'create campaigns');
    const input = parseInput(createCampaignInput, presentFields(raw));
    const issues = campaignRuleIssues(input, new Set(Object.keys(input)));
    if (issues.length) throw new ValidationError(issues);
    const campaign = em.create(Campaign, { ...input, organization: actor.organizationId });
    await em.flush();
    return campaign;
  }

  async update(scope: Scope, id: string, raw: Record<string, unknown>): Promise<Campaign> {
    requireRole(scope.actor, EDITOR_ROLES, 'update campaigns');
    const input = parseInput(updateCampaignInput, presentFields(raw));
    const campaign = await this.get(scope, id);
    const next = { ...campaign, ...input };
    const issues = campaignRuleIssues(next, new Set(Object.keys(input)));
    if (issues.length) throw new ValidationError(issues);
    if (input.startsAt || input.endsAt) await this.checkWindowStillFits(scope, campaign, next);
    scope.em.assign(campaign, input);
    await scope.em.flush();
    return campaign;
  }

  /** Deletes the campaign with its goal tree and session targets; its sessions stay, unlinked. */
  async delete(scope: Scope, id: string): Promise<string> {
    requireRole(scope.actor, EDITOR_ROLES, 'delete campaigns');
    const campaign = await this.get(scope, id);
    await scope.em.remove(campaign).flush();
    return id;
  }

  async get({ em, actor }: Scope, id: string): Promise<Campaign> {
    const campaign = await findInOrganization(em, Campaign, actor, id);
    return campaign;
  }

  list({ em, actor }: Scope, filter: CampaignFilter, orderBy: Record<string, 'asc' | 'desc'>, args: ConnectionArgs) {
    const search = filter.search?.trim();
    const startsAt = {
      ...(filter.startsAfter ? { $gte: filter.startsAfter } : {}),
      ...(filter.startsBefore ? { $lt: filter.startsBefore } : {}),
      ...(filter.activeAt ? { $lte: filter.activeAt } : {}),
    };
    return findConnection(
      em,
      Campaign,
      {
        organization: actor.organizationId,
        ...(search ? { $or: [{ name: { $ilike: likePattern(search) } }, { themeNote: { $ilike: likePattern(search) } }] } : {}),
        ...(filter.theme ? { theme: filter.theme } : {}),
        ...(Object.keys(startsAt).length ? { startsAt } : {}),
        ...(filter.activeAt ? { endsAt: { $gt: filter.activeAt } } : {}),
      },
      orderBy,
      args,
    );
  }

  async createGoal(scope: Scope, raw: Record<string, unknown>): Promise<CampaignGoal> {
    const { em, actor } = scope;
    requireRole(actor, EDITOR_ROLES, 'plan campaign goals');
    const input = parseInput(createGoalInput, raw);
    const issues = goalRuleIssues(input, new Set(Object.keys(input)));
    if (issues.length) throw new ValidationError(issues);
    const campaign = await this.get(scope, input.campaignId);
    const goals = await this.goalsOf(scope, campaign.id);
    if (input.parentId) {
      const parent = await this.getGoal(scope, input.parentId);
      if (parent.campaign !== campaign.id) throw ValidationError.field(['input', 'parentId'], 'belongs to another campaign');
      if (depthOf(parent.id, goals) >= MAX_GOAL_DEPTH) {
        throw ValidationError.field(['input', 'parentId'], `is on level ${MAX_GOAL_DEPTH}; goal trees have at most ${MAX_GOAL_DEPTH} levels`);
      }
    }
    if (input.ownerId) await this.requireOwner(scope, input.ownerId);
    if (input.dueDate) checkDueDate(input.dueDate, campaign, actor);
    if (goals.length >= MAX_GOALS_PER_CAMPAIGN) {
      throw new ConflictError(`The campaign already has ${MAX_GOALS_PER_CAMPAIGN} goals, the most it may have`, [campaign.id]);
    }
    const siblings = childrenOf(input.parentId ?? null, goals);
    const goal = em.create(CampaignGoal, {
      organization: actor.organizationId,
      campaign: campaign.id,
      parent: input.parentId ?? null,
      title: input.title,
      horizon: input.horizon,
      metric: input.metric,
      target: input.target,
      owner: input.ownerId ?? null,
      dueDate: input.dueDate ?? null,
      position: (siblings.at(-1)?.position ?? -1) + 1,
    });
    await em.flush();
    return goal;
  }

  async updateGoal(scope: Scope, id: string, raw: Record<string, unknown>): Promise<CampaignGoal> {
    const { em, actor } = scope;
    requireRole(actor, EDITOR_ROLES, 'plan campaign goals');
    // null means "unchanged" except for the fields it clears.
    const { ownerId, dueDate, ...rest } = raw;
    const input = parseInput(updateGoalInput, { ...presentFields(rest), ownerId, dueDate });
    const goal = await this.getGoal(scope, id);
    const sent = new Set(Object.keys(presentFields(input)));
    const next = { horizon: input.horizon ?? goal.horizon, metric: input.metric ?? (goal.metric as MetricKey), target: input.target ?? goal.target };
    const issues = goalRuleIssues(next, sent);
    if (issues.length) throw new ValidationError(issues);
    if (next.metric !== goal.metric) await this.checkTargetsFit(scope, goal, metricDefinition(next.metric));
    if (input.ownerId) await this.requireOwner(scope, input.ownerId);
    if (input.dueDate) checkDueDate(input.dueDate, await this.get(scope, goal.campaign), actor);
    em.assign(goal, {
      ...next,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.ownerId !== undefined ? { owner: input.ownerId } : {}),
      ...(input.dueDate !== undefined ? { dueDate: input.dueDate } : {}),
    });
    await em.flush();
    return goal;
  }

  /** Deletes the goal with its whole subtree and their session targets; returns the deleted ids, the goal first. */
  async deleteGoal(scope: Scope, id: string): Promise<{ deletedIds: string[]; campaignId: string }> {
    requireRole(scope.actor, EDITOR_ROLES, 'plan campaign goals');
    const goal = await this.getGoal(scope, id);
    const deletedIds = subtreeIds(goal.id, await this.goalsOf(scope, goal.campaign));
    // The database cascades from the goal to its descendants and their session targets.
    await scope.em.remove(goal).flush();
    return { deletedIds, campaignId: goal.campaign };
  }

  /**
   * Moves a goal (with its subtree) under another goal of the same campaign, or to the roots when
   * `parentId` is null, at `position` among its new siblings (appended by default).
   */
  async moveGoal(scope: Scope, id: string, raw: Record<string, unknown>): Promise<CampaignGoal> {
    requireRole(scope.actor, EDITOR_ROLES, 'plan campaign goals');
    const input = parseInput(moveGoalInput, raw);
    const goal = await this.getGoal(scope, id);
    const goals = await this.goalsOf(scope, goal.campaign);
    const parentId = input.parentId ?? null;
    if (parentId) {
      const parent = await this.getGoal(scope, parentId);
      if (parent.campaign !== goal.campaign) throw ValidationError.field(['input', 'parentId'], 'belongs to another campaign');
      if (subtreeIds(goal.id, goals).includes(parent.id)) {
        throw new ConflictError(
          parent.id === goal.id ? 'A goal cannot be its own parent' : 'The new parent is a descendant of the goal: the move would make a cycle',
          [goal.id, parent.id],
        );
      }
      const levels = depthOf(parent.id, goals) + subtreeHeight(goal.id, goals);
      if (levels > MAX_GOAL_DEPTH) {
        throw ValidationError.field(['input', 'parentId'], `would make the tree ${levels} levels deep; goal trees have at most ${MAX_GOAL_DEPTH} levels`);
      }
    }
    const byId = new Map(goals.map((node) => [node.id, node]));
    for (const [siblingId, position] of insertAt(goal.id, childrenOf(parentId, goals), input.position)) {
      byId.get(siblingId)!.position = position;
    }
    goal.parent = parentId;
    await scope.em.flush();
    return goal;
  }

  /** Replaces the goal's split onto sessions of its campaign. */
  async setSessionTargets(scope: Scope, goalId: string, raw: Record<string, unknown>): Promise<CampaignGoal> {
    const { em, actor } = scope;
    requireRole(actor, EDITOR_ROLES, 'split campaign goals onto sessions');
    const { targets } = parseInput(sessionTargetsInput, raw);
    const goal = await this.getGoal(scope, goalId);
    const definition = definitionOf(goal);
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    targets.forEach(({ sessionId, target }, index) => {
      const issue = metricValueIssue(definition, target);
      if (issue) issues.push({ path: ['input', 'targets', index, 'target'], message: `${issue} (${goal.metric} is measured in ${definition.unit})` });
      if (seen.has(sessionId)) issues.push({ path: ['input', 'targets', index, 'sessionId'], message: 'appears more than once' });
      seen.add(sessionId);
    });
    if (issues.length) throw new ValidationError(issues);

    const sessions = await em.find(LiveSession, { id: { $in: [...seen] }, organization: actor.organizationId });
    const campaignOf = new Map(sessions.map((session) => [session.id, session.campaign ?? null]));
    targets.forEach(({ sessionId }, index) => {
      if (!campaignOf.has(sessionId)) throw new NotFoundError('LiveSession', sessionId);
      if (campaignOf.get(sessionId) !== goal.campaign) {
        issues.push({ path: ['input', 'targets', index, 'sessionId'], message: 'is not a session of the goal’s campaign' });
      }
    });
    if (issues.length) throw new ValidationError(issues);

    // Update in place so unchanged sessions keep their target ids.
    const existing = new Map(
      (await em.find(SessionTarget, { goal: goal.id, organization: actor.organizationId })).map((row) => [row.session, row]),
    );
    for (const { sessionId, target } of targets) {
      const row = existing.get(sessionId);
      if (row) row.target = target;
      else em.create(SessionTarget, { organization: actor.organizationId, goal: goal.id, session: sessionId, target });
      existing.delete(sessionId);
    }
    for (const row of existing.values()) em.remove(row);
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new ConflictError('The split of this goal was changed at the same time; read it again and retry', [goal.id]);
      }
      throw error;
    }
    return goal;
  }

  /** A session moved to another campaign (or none) no longer carries targets of its old campaign's goals. */
  private async onSessionUpdated(em: EntityManager, { organizationId, sessionId }: DomainEventMap['session.updated']): Promise<void> {
    const session = await em.findOne(LiveSession, { id: sessionId, organization: organizationId });
    if (!session) return;
    const targets = await em.find(SessionTarget, { session: sessionId, organization: organizationId });
    if (!targets.length) return;
    const goals = await em.find(CampaignGoal, { id: { $in: targets.map((row) => row.goal) }, organization: organizationId });
    const elsewhere = new Set(goals.filter((goal) => goal.campaign !== session.campaign).map((goal) => goal.id));
    const stale = targets.filter((row) => elsewhere.has(row.goal));
    if (stale.length) await em.nativeDelete(SessionTarget, { id: { $in: stale.map((row) => row.id) } });
  }

  async getGoal({ em, actor }: Scope, id: string): Promise<CampaignGoal> {
    const goal = await findInOrganization(em, CampaignGoal, actor, id);
    return goal;
  }

  /** Root goals of each campaign, by position. */
  async rootGoals({ em, actor }: Scope, campaignIds: readonly string[]): Promise<CampaignGoal[]> {
    return em.find(
      CampaignGoal,
      { campaign: { $in: [...campaignIds] }, parent: null, organization: actor.organizationId },
      { orderBy: { position: 'asc', id: 'asc' } },
    );
  }

  /** Every goal of each campaign in tree order: each goal followed by its subtree. */
  async allGoals({ em, actor }: Scope, campaignIds: readonly string[]): Promise<CampaignGoal[]> {
    return preorder(await em.find(CampaignGoal, { campaign: { $in: [...campaignIds] }, organization: actor.organizationId }));
  }

  /** Goal counts per campaign, in the order of `campaignIds`. */
  async countGoals({ em, actor }: Scope, campaignIds: readonly string[]): Promise<number[]> {
    const rows: { campaign: string; count: string }[] = await em
      .createQueryBuilder(CampaignGoal, 'g')
      .select([raw('g.campaign_id as campaign'), raw('count(*) as count')])
      .where({ campaign: { $in: [...campaignIds] }, organization: actor.organizationId })
      .groupBy('g.campaign')
      .execute('all', false);
    const counts = new Map(rows.map((row) => [row.campaign, Number(row.count)]));
    return campaignIds.map((id) => counts.get(id) ?? 0);
  }

  /** The split of each goal onto sessions (by schedule), in the order of `goals`: one query for all of them. */
  async splits({ em, actor }: Scope, goals: readonly CampaignGoal[]): Promise<GoalSplit[]> {
    const rows = await em.find(
      SessionTarget,
      { goal: { $in: goals.map((goal) => goal.id) }, organization: actor.organizationId },
      { orderBy: { session: { scheduledStart: 'asc' }, id: 'asc' } },
    );
    return goals.map((goal) => {
      const targets = rows.filter((row) => row.goal === goal.id);
      const allocation = checkAllocation(definitionOf(goal), goal.target, targets.map((row) => row.target), 'Session targets', actor.currency);
      return { ...allocation, targets };
    });
  }

  /** For each goal, how its children in the same metric add up; null when it has none. */
  async childrenChecks({ em, actor }: Scope, goals: readonly CampaignGoal[]): Promise<(ChildrenCheck | null)[]> {
    const rows = await em.find(
      CampaignGoal,
      { parent: { $in: goals.map((goal) => goal.id) }, organization: actor.organizationId },
      { orderBy: { position: 'asc', id: 'asc' } },
    );
    return goals.map((goal) => {
      const children = rows.filter((row) => row.parent === goal.id && row.metric === goal.metric);
      if (!children.length) return null;
      const allocation = checkAllocation(definitionOf(goal), goal.target, children.map((row) => row.target), 'Child goals', actor.currency);
      return { ...allocation, children };
    });
  }

  private goalsOf({ em, actor }: Scope, campaignId: string): Promise<CampaignGoal[]> {
    return em.find(CampaignGoal, { campaign: campaignId, organization: actor.organizationId });
  }

  private async requireOwner({ em, actor }: Scope, memberId: string): Promise<void> {
    const member = await findInOrganization(em, Member, actor, memberId);
    if (member.status === 'DISABLED') throw ValidationError.field(['input', 'ownerId'], 'is a disabled member');
  }

  /** A goal's session targets must stay meaningful when its metric changes. */
  private async checkTargetsFit({ em, actor }: Scope, goal: CampaignGoal, next: MetricDefinition): Promise<void> {
    const targets = await em.find(SessionTarget, { goal: goal.id, organization: actor.organizationId });
    const misfits = targets.filter((row) => next.unit !== definitionOf(goal).unit || metricValueIssue(next, row.target));
    if (misfits.length) {
      throw new ConflictError(
        `The goal has session targets in ${definitionOf(goal).unit} that do not fit ${next.key} (${next.unit}); clear them with setSessionTargets first`,
        misfits.map((row) => row.id),
      );
    }
  }

  /** A new campaign window must still hold the campaign's sessions and its goals' due dates. */
  private async checkWindowStillFits({ em, actor }: Scope, campaign: Campaign, next: Pick<Campaign, 'startsAt' | 'endsAt'>): Promise<void> {
    const outside = await em.find(
      LiveSession,
      {
        campaign: campaign.id,
        organization: actor.organizationId,
        $or: [{ scheduledStart: { $lt: next.startsAt } }, { scheduledEnd: { $gt: next.endsAt } }],
      },
      { fields: ['id'] },
    );
    if (outside.length) {
      throw new ConflictError(
        `${outside.length} session(s) of the campaign would fall outside the new window; reschedule or unlink them first`,
        outside.map((session) => session.id),
      );
    }
    const { from, to } = dueDateWindow(next, actor.timeZone);
    const stranded = await em.find(
      CampaignGoal,
      { campaign: campaign.id, organization: actor.organizationId, $or: [{ dueDate: { $lt: from } }, { dueDate: { $gt: to } }] },
      { fields: ['id'] },
    );
    if (stranded.length) {
      throw new ConflictError(
        `${stranded.length} goal(s) would fall due outside the new window (${from} to ${to}); change their due dates first`,
        stranded.map((goal) => goal.id),
      );
    }
  }
}
