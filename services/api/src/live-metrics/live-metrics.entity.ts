import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { idColumn } from '../db/columns.js';
import { Organization } from '../organizations/organization.entity.js';
import { LiveSession } from '../sessions/session.entity.js';

/*
 * The live-metrics read model. Rows are written only by `LiveMetricsService.apply` inside the
 * ingestion batch transaction, with multi-row upserts (raw SQL), and read by loaders. Viewer,
 * product and segment ids are plain uuids without foreign keys: the hot path must not pay for FK
 * checks, and metrics of a product or segment deleted later stay readable.
 */

const counter = () => p.integer().default(0);
/** Money and milliseconds: bigint in the database, numbers in JS (exact below 2^53). */
const big = () => p.bigint('number').default(0);

export const ORDER_STATUSES = ['CREATED', 'PAID', 'REFUNDED', 'PARTIALLY_REFUNDED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderItem {
  product: string;
  quantity: number;
  unitPrice: number;
}

/** A platform order seen in a session's audience events. */
export const Order = defineEntity({
  name: 'Order',
  tableName: 'orders',
  uniques: [{ properties: ['organization', 'session', 'externalId'] }],
  indexes: [{ properties: ['organization', 'viewer', 'paidAt'] }],
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    session: () => p.manyToOne(LiveSession).mapToPk().index().deleteRule('cascade'),
    viewer: p.uuid().nullable().fieldName('viewer_id'),
    /** The platform's order id. */
    externalId: p.string().length(200),
    /** Minor units: the ORDER_CREATED total; 0 while only a payment or refund has been seen. */
    amount: big(),
    items: p.json<OrderItem[]>().onCreate(() => []),
    couponCode: p.string().length(200).nullable(),
    trackingCode: p.string().length(200).nullable(),
    status: p.enum(ORDER_STATUSES).nativeEnumName('order_status').default('CREATED'),
    /** False while the row was made by an ORDER_PAID or ORDER_REFUNDED whose ORDER_CREATED has not arrived. */
    createdSeen: p.boolean().default(true),
    /** When the order was created (ORDER_CREATED occurredAt), or first seen. */
    createdAt: p.datetime(),
    paidAt: p.datetime().nullable(),
    /** The segment on air when the payment arrived (late order details are attributed to it). */
    paidSegment: p.uuid().nullable().fieldName('paid_segment_id'),
    refundedAmount: big(),
  },
});
export type Order = InferEntity<typeof Order>;

/** Viewer flags in `session_viewers.flags`: each bit is set once, so distinct counts grow only by new bits. */
export const VIEWER_FLAGS = {
  COMMENTED: 1,
  LIKED: 2,
  SHARED: 4,
  FOLLOWED: 8,
  IMPRESSED: 16,
  CLICKED: 32,
  CARTED: 64,
  BOUGHT: 128,
} as const;
export const INTERACTION_FLAGS = VIEWER_FLAGS.COMMENTED | VIEWER_FLAGS.LIKED | VIEWER_FLAGS.SHARED | VIEWER_FLAGS.FOLLOWED;

/** One viewer in one session: presence and what they did (for exact distinct counts). */
export const SessionViewer = defineEntity({
  name: 'SessionViewer',
  tableName: 'session_viewers',
  properties: {
    session: () => p.manyToOne(LiveSession).mapToPk().primary().deleteRule('cascade'),
    viewer: p.uuid().primary().fieldName('viewer_id'),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    firstSeenAt: p.datetime(),
    /** Set while the viewer is in the room (open presence), from the VIEWER_JOINED occurredAt. */
    joinedAt: p.datetime().nullable(),
    watchMs: big(),
    flags: counter(),
    entries: counter(),
  },
});
export type SessionViewer = InferEntity<typeof SessionViewer>;

/** A session's running totals; `version` grows with every flush that touches the session. */
export const SessionMetrics = defineEntity({
  name: 'SessionMetrics',
  tableName: 'session_metrics',
  properties: {
    session: () => p.manyToOne(LiveSession).mapToPk().primary().deleteRule('cascade'),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    version: big(),
    /** Tracked presence: viewers with an open join. */
    online: counter(),
    onlineSample: p.integer().nullable(),
    onlineSampleAt: p.datetime().nullable(),
    peakOnline: counter(),
    pv: counter(),
    uv: counter(),
    watchMsClosed: big(),
    openJoinEpochMsSum: big(),
    openCount: counter(),
    comments: counter(),
    likes: big(),
    shares: counter(),
    follows: counter(),
    fanClubJoins: counter(),
    commentingViewers: counter(),
    likingViewers: counter(),
    interactingViewers: counter(),
    productImpressions: counter(),
    productClicks: counter(),
    impressionViewers: counter(),
    clickViewers: counter(),
    addToCarts: counter(),
    ordersCreated: counter(),
    ordersPaid: counter(),
    buyers: counter(),
    gmvCreated: big(),
    gmvPaid: big(),
    refunds: counter(),
    refundAmount: big(),
    updatedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type SessionMetrics = InferEntity<typeof SessionMetrics>;

/** Per-minute flows of a session (minute = occurredAt truncated to the minute, UTC). */
export const SessionMetricMinute = defineEntity({
  name: 'SessionMetricMinute',
  tableName: 'session_metric_minutes',
  properties: {
    session: () => p.manyToOne(LiveSession).mapToPk().primary().deleteRule('cascade'),
    minute: p.datetime().primary(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    pv: counter(),
    uvNew: counter(),
    comments: counter(),
    likes: big(),
    shares: counter(),
    follows: counter(),
    impressions: counter(),
    clicks: counter(),
    addToCarts: counter(),
    ordersCreated: counter(),
    ordersPaid: counter(),
    gmvCreated: big(),
    gmvPaid: big(),
    refundAmount: big(),
    onlineMax: counter(),
  },
});
export type SessionMetricMinute = InferEntity<typeof SessionMetricMinute>;

/** Per-product totals of a session. Orders, units and GMV come from order lines. */
export const SessionProductMetrics = defineEntity({
  name: 'SessionProductMetrics',
  tableName: 'session_product_metrics',
  properties: {
    session: () => p.manyToOne(LiveSession).mapToPk().primary().deleteRule('cascade'),
    product: p.uuid().primary().fieldName('product_id'),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    impressions: counter(),
    clicks: counter(),
    addToCarts: counter(),
    orders: counter(),
    units: counter(),
    gmvCreated: big(),
    gmvPaid: big(),
    refundAmount: big(),
  },
});
export type SessionProductMetrics = InferEntity<typeof SessionProductMetrics>;

/** Per-segment totals of a session (the segment on air when each event was received). */
export const SessionSegmentMetrics = defineEntity({
  name: 'SessionSegmentMetrics',
  tableName: 'session_segment_metrics',
  properties: {
    session: () => p.manyToOne(LiveSession).mapToPk().primary().deleteRule('cascade'),
    segment: p.uuid().primary().fieldName('segment_id'),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    pv: counter(),
    uvNew: counter(),
    comments: counter(),
    likes: big(),
    clicks: counter(),
    addToCarts: counter(),
    ordersPaid: counter(),
    gmvPaid: big(),
    refundAmount: big(),
  },
});
export type SessionSegmentMetrics = InferEntity<typeof SessionSegmentMetrics>;

export const liveMetricsEntities = [Order, SessionViewer, SessionMetrics, SessionMetricMinute, SessionProductMetrics, SessionSegmentMetrics];
