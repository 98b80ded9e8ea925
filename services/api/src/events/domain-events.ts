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
  /** The session went live (status LIVE); `at` is its actual start. */
  'session.started': { organizationId: string; sessionId: string; at: Date };
  /** The session went off air (status ENDED); `at` is its actual end. */
  'session.ended': { organizationId: string; sessionId: string; at: Date };
  /**
   * The segment on air changed (null: none, e.g. the show ended). Carries what the overlay and
   * plugins need without a read: the new segment's products and the segment it replaced.
   */
  'segment.changed': {
    organizationId: string;
    sessionId: string;
    segmentId: string | null;
    previousSegmentId?: string | null;
    productIds?: string[];
    /** MANUAL: an operator's next/previous/go-to; SCHEDULE: advanced at its planned time. */
    trigger?: 'MANUAL' | 'SCHEDULE' | 'START' | 'END';
    at?: Date;
  };
  // Audience facts, raised by ingestion for accepted (non-duplicate) events.
  'viewer.joined': { organizationId: string; sessionId: string; viewerId: string; at: Date; eventSeq: number };
  'comment.posted': { organizationId: string; sessionId: string; viewerId: string | null; text: string; at: Date; eventSeq: number };
  'order.paid': { organizationId: string; sessionId: string; viewerId: string | null; orderId: string; amount: number; at: Date; eventSeq: number };
  'order.refunded': { organizationId: string; sessionId: string; viewerId: string | null; orderId: string; amount: number; at: Date; eventSeq: number };
  // Alerts
  'alert.fired': { organizationId: string; sessionId: string; alertId: string; ruleId: string; metric: string; value: number; threshold: number; message: string; at: Date };
  'alert.cleared': { organizationId: string; sessionId: string; alertId: string; ruleId: string; at: Date };
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
