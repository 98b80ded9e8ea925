import type { EntityManager } from '@mikro-orm/postgresql';
import type { SessionStatus } from '../sessions/session.entity.js';

/**
 * Every domain fact the core emits, by name. Names are past-tense facts, `<noun>.<verb>`.
 * Payloads carry ids, not entities, so they can be stored and replayed.
 */
export interface DomainEventMap {
  'organization.created': { organizationId: string; ownerId: string };
  'member.invited': { organizationId: string; memberId: string; invitedBy: string };
  'member.roleChanged': { organizationId: string; memberId: string; from: string; to: string };
  'session.created': { organizationId: string; sessionId: string };
  'session.scheduled': { organizationId: string; sessionId: string; scheduledStart: Date };
  'session.rescheduled': { organizationId: string; sessionId: string; scheduledStart: Date; scheduledEnd: Date };
  'session.statusChanged': { organizationId: string; sessionId: string; from: SessionStatus; to: SessionStatus };
  'session.updated': { organizationId: string; sessionId: string };
  'segment.changed': { organizationId: string; sessionId: string; segmentId: string | null };
}

export type DomainEventName = keyof DomainEventMap;

/** Context handed to in-transaction handlers: they write through the same unit of work. */
export interface DomainEventContext {
  em: EntityManager;
}

export type DomainEventHandler<N extends DomainEventName> = (
  payload: DomainEventMap[N],
  context: DomainEventContext,
) => void | Promise<void>;

/**
 * Typed event bus owned by the services. `emit` runs handlers inside the emitting service's
 * transaction, so a session and its checklist are created or rolled back together. (The live
 * engine adds durable, after-commit delivery through an outbox.)
 */
export class DomainEvents {
  readonly #handlers = new Map<DomainEventName, DomainEventHandler<DomainEventName>[]>();

  on<N extends DomainEventName>(name: N, handler: DomainEventHandler<N>): void {
    const list = this.#handlers.get(name) ?? [];
    list.push(handler as DomainEventHandler<DomainEventName>);
    this.#handlers.set(name, list);
  }

  /** Runs in-transaction handlers in registration order; a failure aborts the transaction. */
  async emit<N extends DomainEventName>(name: N, payload: DomainEventMap[N], context: DomainEventContext): Promise<void> {
    for (const handler of this.#handlers.get(name) ?? []) {
      await handler(payload, context);
    }
  }
}
