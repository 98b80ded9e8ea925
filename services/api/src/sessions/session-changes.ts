import { LockMode, type EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DomainEvents } from '../events/domain-events.js';
import type { Realtime } from '../realtime.js';
import type { Actor, Scope } from '../shared/actor.js';
import { NotFoundError } from '../shared/errors.js';
import { LiveSession } from './session.entity.js';

/** What a change callback works with: the transaction's entity manager and the locked session. */
export interface SessionChange {
  tx: EntityManager;
  session: LiveSession;
  actor: Actor;
}

/**
 * The one way sessions change: in a transaction holding the session's row lock (so versions,
 * positions and the single MAIN host never race), bumping `version`, and publishing
 * `session:updated` only after the commit so subscribers never see a rolled-back state.
 */
export class SessionChanges {
  constructor(
    readonly events: DomainEvents,
    private readonly realtime: Realtime,
    /** The app's clock: actual start/end times and the auto-advance schedule read it. */
    readonly clock: () => Date = () => new Date(),
  ) {}

  async apply<T>({ em, actor }: Scope, sessionId: string, change: (context: SessionChange) => Promise<T>): Promise<T> {
    const { result, session } = await em.transactional(async (tx) => {
      const session = await lockSession(tx, actor, sessionId);
      const result = await change({ tx, session, actor });
      session.version += 1;
      await tx.flush();
      return { result, session };
    });
    this.publish(session);
    return result;
  }

  /**
   * Like `apply`, for a row that belongs to a session (a host row, lineup item or segment): finds
   * the row's session, locks it and hands over the row re-read inside the transaction.
   */
  async applyToChild<C extends { id: string; session: string }, T>(
    scope: Scope,
    entity: EntityName<C>,
    typename: string,
    childId: string,
    change: (context: SessionChange, child: C) => Promise<T>,
  ): Promise<T> {
    const where = { id: childId, organization: scope.actor.organizationId } as never;
    const row = (await scope.em.findOne(entity, where)) as C | null;
    if (!row) throw new NotFoundError(typename, childId);
    return this.apply(scope, row.session, async (context) => {
      const child = (await context.tx.findOne(entity, { id: childId, session: context.session.id } as never, { refresh: true })) as C | null;
      // Deleted by a request that held the lock before us.
      if (!child) throw new NotFoundError(typename, childId);
      return change(context, child);
    });
  }

  publish(session: Pick<LiveSession, 'id' | 'organization' | 'version'>): void {
    this.realtime.publish('session:updated', session.id, {
      sessionId: session.id,
      organizationId: session.organization,
      version: session.version,
    });
  }
}

/**
 * The scheduler acting in an organization (auto-advance). It is no member, so the facts it
 * records carry no actor (`memberActorId` is null for it).
 */
export function systemActor(organizationId: string): Actor {
  return { organizationId, memberId: '', role: 'OWNER', currency: '', timeZone: 'UTC' };
}

/** The member id to record as a fact's actor; null when the system acted. */
export function memberActorId(actor: Actor): string | null {
  return actor.memberId || null;
}

/** Loads a session of the actor's organization with `SELECT ... FOR UPDATE`; a foreign id is not found. */
export async function lockSession(tx: EntityManager, actor: Actor, sessionId: string): Promise<LiveSession> {
  const session = await tx.findOne(
    LiveSession,
    { id: sessionId, organization: actor.organizationId },
    { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
  );
  if (!session) throw new NotFoundError('LiveSession', sessionId);
  return session;
}
