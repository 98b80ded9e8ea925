import { z } from 'zod';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { Campaign } from '../campaigns/campaign.entity.js';
import type { DomainEvents } from '../events/domain-events.js';
import { Host } from '../hosts/host.entity.js';
import type { Realtime } from '../realtime.js';
import { EDITOR_ROLES, requireRole, type Actor, type Scope } from '../shared/actor.js';
import { PLATFORMS, type Platform } from '../shared/enums.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { findInOrganization } from '../shared/lookup.js';
import { findConnection, type ConnectionArgs } from '../shared/pagination.js';
import { parseInput, presentFields } from '../shared/validate.js';
import { LineupService } from './lineup.service.js';
import { RunOfShowService } from './run-of-show.service.js';
import { lockSession, memberActorId, SessionChanges, type SessionChange } from './session-changes.js';
import type { Scheduler } from '../worker/scheduler.js';
import { campaignWindowIssue, scheduleIssues, type TimeWindow } from './session-rules.js';
import { assertEditable, assertTransition, PLAN_EDITABLE, SCHEDULE_EDITABLE } from './session-status.js';
import { LiveSession, SESSION_HOST_ROLES, SessionHost, type SessionStatus } from './session.entity.js';

const isHttpUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

const sessionFields = {
  title: z.string().trim().min(1, 'is required').max(200, 'must have at most 200 characters'),
  platform: z.enum(PLATFORMS),
  roomUrl: z.string().trim().max(2000).refine((url) => url === '' || isHttpUrl(url), 'must be an http(s) URL'),
  scheduledStart: z.date(),
  scheduledEnd: z.date(),
};

const createSessionInput = z
  // The GraphQL input lets a client send null for "no room yet", the same as leaving it out.
  .object({ ...sessionFields, roomUrl: sessionFields.roomUrl.nullish().transform((url) => url ?? '') })
  .superRefine((input, context) => {
    for (const issue of scheduleIssues({ start: input.scheduledStart, end: input.scheduledEnd }, [])) context.addIssue({ code: 'custom', ...issue });
  });

const updateSessionInput = z.object(sessionFields).partial();

const cancelInput = z.object({ reason: z.string().trim().min(1, 'is required').max(500, 'must have at most 500 characters') });

const hostRole = z.object({ role: z.enum(SESSION_HOST_ROLES) });

export interface SessionFilter {
  status?: SessionStatus[] | null;
  platform?: Platform | null;
  campaignId?: string | null;
  hostId?: string | null;
  startsAfter?: Date | null;
  startsBefore?: Date | null;
  search?: string | null;
}

export interface SessionUpdate {
  title?: string | null;
  platform?: Platform | null;
  roomUrl?: string | null;
  scheduledStart?: Date | null;
  scheduledEnd?: Date | null;
  /** Absent: unchanged; null: unlink the campaign. */
  campaignId?: string | null;
}

/** The scheduler task that advances auto-advancing sessions at their segments' planned ends. */
export const AUTO_ADVANCE_TASK = 'sessions.autoAdvance';

/** Live sessions: schedule, status, hosts, lineup, run-of-show. */
export class SessionService {
  readonly #changes: SessionChanges;
  readonly lineup: LineupService;
  readonly runOfShow: RunOfShowService;

  constructor(
    private readonly events: DomainEvents,
    realtime: Realtime,
    { clock, scheduler }: { clock?: () => Date; scheduler?: Scheduler } = {},
  ) {
    this.#changes = new SessionChanges(events, realtime, clock);
    this.lineup = new LineupService(this.#changes);
    this.runOfShow = new RunOfShowService(this.#changes);
    scheduler?.every(AUTO_ADVANCE_TASK, 1000, async ({ em, now, logger }) => {
      await this.runOfShow.advanceDue(em, now, logger);
    });
  }

  async create({ em, actor }: Scope, raw: { campaignId?: string | null } & Record<string, unknown>): Promise<LiveSession> {
    requireRole(actor, EDITOR_ROLES, 'create sessions');
    const input = parseInput(createSessionInput, raw);
    const window = { start: input.scheduledStart, end: input.scheduledEnd };
    return em.transactional(async (tx) => {
      const campaign = raw.campaignId ? await this.campaignFor(tx, actor, raw.campaignId, window) : null;
      const session = tx.create(LiveSession, {
        organization: actor.organizationId,
        campaign,
        title: input.title,
        platform: input.platform,
        roomUrl: input.roomUrl,
        scheduledStart: input.scheduledStart,
        scheduledEnd: input.scheduledEnd,
      });
      await tx.flush();
      await this.events.emit('session.created', { organizationId: actor.organizationId, sessionId: session.id }, { em: tx, actorId: memberActorId(actor) });
      return session;
    });
  }

  async update(scope: Scope, id: string, raw: SessionUpdate): Promise<LiveSession> {
    requireRole(scope.actor, EDITOR_ROLES, 'update sessions');
    const { campaignId, ...fields } = raw;
    const input = presentFields(parseInput(updateSessionInput, fields));
    return this.#changes.apply(scope, id, async ({ tx, session, actor }) => {
      assertEditable(session, PLAN_EDITABLE, 'details');
      const window = { start: input.scheduledStart ?? session.scheduledStart, end: input.scheduledEnd ?? session.scheduledEnd };
      const rescheduled = window.start.getTime() !== session.scheduledStart.getTime() || window.end.getTime() !== session.scheduledEnd.getTime();
      if (rescheduled || (input.platform && input.platform !== session.platform)) {
        assertEditable(session, SCHEDULE_EDITABLE, rescheduled ? 'schedule' : 'platform');
      }
      const issues = scheduleIssues(window);
      if (issues.length) throw new ValidationError(issues);
      const nextCampaign = campaignId === undefined ? session.campaign : campaignId;
      if (nextCampaign && (rescheduled || nextCampaign !== session.campaign)) await this.campaignFor(tx, actor, nextCampaign, window);
      if (rescheduled) await assertHostsFree(tx, actor, session.id, window, await lockHosts(tx, actor, await hostIdsOf(tx, session.id)));

      tx.assign(session, { ...input, campaign: nextCampaign ?? null });
      await tx.flush();
      const event = { organizationId: actor.organizationId, sessionId: session.id };
      if (rescheduled && session.status === 'SCHEDULED') {
        await this.events.emit('session.rescheduled', { ...event, scheduledStart: window.start, scheduledEnd: window.end }, { em: tx, actorId: memberActorId(actor) });
      }
      await this.events.emit('session.updated', event, { em: tx, actorId: memberActorId(actor) });
      return session;
    });
  }

  /** Only drafts disappear; a session that was ever scheduled is cancelled instead, so its history stays. */
  async delete(scope: Scope, id: string): Promise<string> {
    requireRole(scope.actor, EDITOR_ROLES, 'delete sessions');
    const session = await scope.em.transactional(async (tx) => {
      const session = await lockSession(tx, scope.actor, id);
      if (session.status !== 'DRAFT') {
        throw new ConflictError(`Only DRAFT sessions can be deleted; this one is ${session.status}, cancel it instead`, [encodeGlobalID('LiveSession', id)]);
      }
      await tx.remove(session).flush();
      return session;
    });
    this.#changes.publish({ ...session, version: session.version + 1 });
    return id;
  }

  schedule(scope: Scope, id: string): Promise<LiveSession> {
    return this.transition(scope, id, 'SCHEDULED', async ({ tx, session, actor }) => {
      await this.events.emit(
        'session.scheduled',
        { organizationId: actor.organizationId, sessionId: session.id, scheduledStart: session.scheduledStart },
        { em: tx, actorId: memberActorId(actor) },
      );
    });
  }

  start(scope: Scope, id: string): Promise<LiveSession> {
    return this.transition(scope, id, 'LIVE', async (change) => {
      const at = this.#changes.clock();
      change.session.actualStart = at;
      await this.events.emit(
        'session.started',
        { organizationId: change.actor.organizationId, sessionId: change.session.id, at },
        { em: change.tx, actorId: memberActorId(change.actor) },
      );
      await this.runOfShow.openFirstSegment(change, at);
    });
  }

  end(scope: Scope, id: string): Promise<LiveSession> {
    return this.transition(scope, id, 'ENDED', async (change) => {
      const at = this.#changes.clock();
      change.session.actualEnd = at;
      await this.runOfShow.closeCurrentSegment(change, at);
      await this.events.emit(
        'session.ended',
        { organizationId: change.actor.organizationId, sessionId: change.session.id, at },
        { em: change.tx, actorId: memberActorId(change.actor) },
      );
    });
  }

  markReviewed(scope: Scope, id: string): Promise<LiveSession> {
    return this.transition(scope, id, 'REVIEWED', async () => {});
  }

  cancel(scope: Scope, id: string, raw: unknown): Promise<LiveSession> {
    requireRole(scope.actor, EDITOR_ROLES, 'change session status');
    const { reason } = parseInput(cancelInput, raw);
    return this.transition(scope, id, 'CANCELLED', async ({ session }) => {
      session.cancelReason = reason;
    });
  }

  async assignHost(scope: Scope, sessionId: string, hostId: string, raw: unknown): Promise<{ session: LiveSession; sessionHost: SessionHost }> {
    requireRole(scope.actor, EDITOR_ROLES, 'assign hosts');
    const { role } = parseInput(hostRole, raw);
    return this.#changes.apply(scope, sessionId, async ({ tx, session, actor }) => {
      assertEditable(session, PLAN_EDITABLE, 'hosts');
      const [host] = await lockHosts(tx, actor, [hostId]);
      if (!host) throw new NotFoundError('Host', hostId);
      const hosts = await tx.find(SessionHost, { session: session.id });
      const existing = hosts.find((row) => row.host === hostId);
      if (existing) throw new ConflictError(`${host.name} is already on this session as ${existing.role}`, [encodeGlobalID('SessionHost', existing.id)]);
      if (role === 'MAIN') assertNoOtherMain(hosts, null);
      await assertHostsFree(tx, actor, session.id, windowOf(session), [host]);
      const sessionHost = tx.create(SessionHost, { organization: actor.organizationId, session: session.id, host: hostId, role });
      return { session, sessionHost };
    });
  }

  async updateHostRole(scope: Scope, sessionHostId: string, raw: unknown): Promise<{ session: LiveSession; sessionHost: SessionHost }> {
    requireRole(scope.actor, EDITOR_ROLES, 'change host roles');
    const { role } = parseInput(hostRole, raw);
    return this.#changes.applyToChild(scope, SessionHost, 'SessionHost', sessionHostId, async ({ tx, session }, sessionHost) => {
      assertEditable(session, PLAN_EDITABLE, 'hosts');
      if (role === 'MAIN') assertNoOtherMain(await tx.find(SessionHost, { session: session.id }), sessionHost.id);
      sessionHost.role = role;
      return { session, sessionHost };
    });
  }

  async removeHost(scope: Scope, sessionHostId: string): Promise<LiveSession> {
    requireRole(scope.actor, EDITOR_ROLES, 'remove hosts');
    return this.#changes.applyToChild(scope, SessionHost, 'SessionHost', sessionHostId, async ({ tx, session }, sessionHost) => {
      assertEditable(session, PLAN_EDITABLE, 'hosts');
      tx.remove(sessionHost);
      return session;
    });
  }

  /**
   * Fails exactly as `start` would (role, unknown or foreign id, status) without changing
   * anything, so plugins' `session.beforeStart` is asked only about a start that can happen.
   */
  async assertCanStart(scope: Scope, id: string): Promise<void> {
    requireRole(scope.actor, EDITOR_ROLES, 'change session status');
    assertTransition(await this.get({ ...scope, em: scope.em.fork() }, id), 'LIVE');
  }

  async get(scope: Scope, id: string): Promise<LiveSession> {
    const session = await this.find(scope, id);
    if (!session) throw new NotFoundError('LiveSession', id);
    return session;
  }

  find({ em, actor }: Scope, id: string): Promise<LiveSession | null> {
    return em.findOne(LiveSession, { id, organization: actor.organizationId });
  }

  async list({ em, actor }: Scope, filter: SessionFilter, orderBy: Record<string, 'asc' | 'desc'>, args: ConnectionArgs) {
    const search = filter.search?.trim();
    const hostSessions = filter.hostId
      ? (await em.find(SessionHost, { host: filter.hostId, organization: actor.organizationId }, { fields: ['session'] })).map((row) => row.session)
      : null;
    return findConnection(
      em,
      LiveSession,
      {
        organization: actor.organizationId,
        ...(hostSessions ? { id: { $in: hostSessions } } : {}),
        ...(filter.status?.length ? { status: { $in: filter.status } } : {}),
        ...(filter.platform ? { platform: filter.platform } : {}),
        ...(filter.campaignId ? { campaign: filter.campaignId } : {}),
        ...(search ? { title: { $ilike: `%${search.replace(/[\\%_]/g, '\\$&')}%` } } : {}),
        ...(filter.startsAfter || filter.startsBefore
          ? {
              scheduledStart: {
                ...(filter.startsAfter ? { $gte: filter.startsAfter } : {}),
                ...(filter.startsBefore ? { $lt: filter.startsBefore } : {}),
              },
            }
          : {}),
      },
      orderBy,
      args,
    );
  }

  private transition(scope: Scope, id: string, to: SessionStatus, effect: (change: SessionChange) => Promise<void>): Promise<LiveSession> {
    requireRole(scope.actor, EDITOR_ROLES, 'change session status');
    return this.#changes.apply(scope, id, async (change) => {
      const { tx, session, actor } = change;
      const from = session.status;
      assertTransition(session, to);
      session.status = to;
      await effect(change);
      await tx.flush();
      await this.events.emit('session.statusChanged', { organizationId: actor.organizationId, sessionId: session.id, from, to }, { em: tx, actorId: memberActorId(actor) });
      return session;
    });
  }

  /** The campaign, if it is in the organization and the session falls within its window. */
  private async campaignFor(tx: EntityManager, actor: Actor, campaignId: string, window: TimeWindow): Promise<string> {
    const campaign = await findInOrganization(tx, Campaign, actor, campaignId);
    const issue = campaignWindowIssue(window, campaign);
    if (issue) throw new ValidationError([issue]);
    return campaign.id;
  }
}

async function hostIdsOf(tx: EntityManager, sessionId: string): Promise<string[]> {
  return (await tx.find(SessionHost, { session: sessionId })).map((row) => row.host);
}

/** Locks host rows in id order, so concurrent bookings of one host queue instead of deadlocking. */
function lockHosts(tx: EntityManager, actor: Actor, hostIds: string[]): Promise<Host[]> {
  if (!hostIds.length) return Promise.resolve([]);
  return tx.find(
    Host,
    { id: { $in: [...new Set(hostIds)] }, organization: actor.organizationId },
    { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
  );
}

/**
 * Refuses to put `hosts` on a session overlapping another non-cancelled session of theirs.
 * Callers hold the hosts' row locks, so two requests booking one host cannot both pass.
 */
async function assertHostsFree(tx: EntityManager, actor: Actor, sessionId: string, window: TimeWindow, hosts: Host[]): Promise<void> {
  if (!hosts.length) return;
  const clashes = await tx.execute<{ session_id: string; title: string; host_id: string }[]>(
    `select s.id as session_id, s.title, sh.host_id
       from session_hosts sh join live_sessions s on s.id = sh.session_id
      where sh.organization_id = ? and sh.host_id in (?) and s.id <> ? and s.status <> 'CANCELLED'
        and s.scheduled_start < ? and s.scheduled_end > ?
      order by s.scheduled_start, s.id`,
    [actor.organizationId, hosts.map((host) => host.id), sessionId, window.end, window.start],
  );
  if (!clashes.length) return;
  const names = [...new Set(clashes.map((row) => hosts.find((host) => host.id === row.host_id)?.name ?? row.host_id))];
  const sessions = [...new Map(clashes.map((row) => [row.session_id, row.title])).entries()];
  throw new ConflictError(
    `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} already booked on overlapping sessions: ${sessions.map(([, title]) => `“${title}”`).join(', ')}`,
    sessions.map(([id]) => encodeGlobalID('LiveSession', id)),
  );
}

function windowOf(session: LiveSession): TimeWindow {
  return { start: session.scheduledStart, end: session.scheduledEnd };
}

function assertNoOtherMain(hosts: SessionHost[], except: string | null): void {
  const main = hosts.find((row) => row.role === 'MAIN' && row.id !== except);
  if (main) throw new ConflictError('The session already has a MAIN host; make them ASSISTANT or GUEST first', [encodeGlobalID('SessionHost', main.id)]);
}
