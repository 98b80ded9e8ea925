import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Organization } from '../organizations/organization.entity.js';

/**
 * The outbox: every recorded domain fact, written in the transaction that caused it. The review
 * timeline reads it by (session, occurred_at); durable handlers are fed from `event_deliveries`.
 * Rows are written with multi-row SQL (see `DomainEvents`), never through the unit of work.
 */
export const DomainEventRecord = defineEntity({
  name: 'DomainEventRecord',
  tableName: 'domain_events',
  indexes: [{ properties: ['session', 'occurredAt'] }, { properties: ['occurredAt'] }],
  properties: {
    /** Commit-independent insertion order; the delivery rows point at it. */
    seq: p.bigint('number').primary().autoincrement(),
    id: p.uuid().unique(),
    /** Null for facts outside any tenant. */
    organization: () => p.manyToOne(Organization).mapToPk().nullable().index().deleteRule('cascade'),
    /** No foreign key: a deleted draft's facts stay on record. */
    session: p.uuid().nullable().fieldName('session_id'),
    name: p.string().length(100),
    /** The payload as JSON (Dates as ISO strings). */
    payload: p.json<Record<string, unknown>>(),
    occurredAt: p.datetime(),
    /** The member whose action caused the fact; null for the system (scheduler, ingestion). */
    actor: p.uuid().nullable().fieldName('actor_id'),
  },
});
export type DomainEventRecord = InferEntity<typeof DomainEventRecord>;

export const EVENT_DELIVERY_STATUSES = ['PENDING', 'DONE', 'DEAD'] as const;
export type EventDeliveryStatus = (typeof EVENT_DELIVERY_STATUSES)[number];

/** One durable handler's delivery of one event: retried with backoff until DONE or DEAD. */
export const EventDelivery = defineEntity({
  name: 'EventDelivery',
  tableName: 'event_deliveries',
  uniques: [{ properties: ['event', 'handler'] }],
  indexes: [
    {
      name: 'event_deliveries_due_idx',
      expression: `create index "event_deliveries_due_idx" on "event_deliveries" ("next_attempt_at") where "status" = 'PENDING'`,
    },
    { properties: ['status', 'handler'] },
  ],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    event: () => p.manyToOne(DomainEventRecord).mapToPk().deleteRule('cascade'),
    /** `<namespace>:<name>`, e.g. `core:tasks.onSessionScheduled`. */
    handler: p.string().length(200),
    status: p.enum(EVENT_DELIVERY_STATUSES).nativeEnumName('event_delivery_status').default('PENDING'),
    /** Claims so far (a claim counts before the handler runs, so a crash still counts). */
    attempts: p.integer().default(0),
    /** When the delivery is next due; while claimed, when the claim's lease runs out. */
    nextAttemptAt: p.datetime(),
    lastError: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** When it became DONE or DEAD. */
    doneAt: p.datetime().nullable(),
  },
});
export type EventDelivery = InferEntity<typeof EventDelivery>;
