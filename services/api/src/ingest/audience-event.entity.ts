import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { LiveSession } from '../sessions/session.entity.js';
import { AUDIENCE_EVENT_KINDS } from './contract.js';

/**
 * The append-only audience event log. `seq` is the global order of arrival. Rows are only ever
 * inserted by the batch writer and deleted by the retention job (`pruneAudienceEvents`); nothing
 * updates them. (session, source, eventId) is the idempotency key: a resent event is a duplicate.
 */
export const AudienceEvent = defineEntity({
  name: 'AudienceEvent',
  tableName: 'audience_events',
  uniques: [{ properties: ['session', 'source', 'eventId'] }],
  indexes: [
    { properties: ['session', 'occurredAt'] },
    { properties: ['session', 'seq'] },
    // Finds an order's creation (its amount) when it is paid or refunded; only order rows are indexed.
    {
      name: 'audience_events_order_idx',
      expression: 'create index "audience_events_order_idx" on "audience_events" ("organization_id", "order_id") where "order_id" is not null',
    },
  ],
  properties: {
    seq: p.bigint('number').primary().autoincrement(),
    /**
     * No foreign key here: the session's already ties the row to its organization (and deletes it
     * with it), and a second per-row check cost about a third of the insert time of a flush.
     */
    organization: p.uuid().fieldName('organization_id'),
    session: () => p.manyToOne(LiveSession).mapToPk().deleteRule('cascade'),
    /** The ingest source id, or `api` for the `ingestEvents` mutation. */
    source: p.string().length(64),
    /** The event's `id` on the wire, unique per source and session. */
    eventId: p.string().length(200),
    kind: p.enum(AUDIENCE_EVENT_KINDS).nativeEnumName('audience_event_kind'),
    occurredAt: p.datetime(),
    receivedAt: p.datetime(),
    viewer: p.uuid().fieldName('viewer_id').nullable(),
    product: p.uuid().fieldName('product_id').nullable(),
    /** The segment on air when the event was received. */
    segment: p.uuid().fieldName('segment_id').nullable(),
    count: p.integer().default(1),
    /** Minor units. */
    amount: p.bigint('number').nullable(),
    orderId: p.string().length(200).nullable(),
    /** Kind-specific rest: text, items, couponCode, trackingCode, region. */
    data: p.json<Record<string, unknown>>(),
  },
});
export type AudienceEvent = InferEntity<typeof AudienceEvent>;
