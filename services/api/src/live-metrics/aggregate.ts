import type { AcceptedEvent, AudienceEventKind } from '../ingest/contract.js';
import { INTERACTION_FLAGS, VIEWER_FLAGS, type OrderItem, type OrderStatus } from './live-metrics.entity.js';

/*
 * The pure half of `LiveMetricsService.apply`: folds one flush of accepted events, in `seq` order,
 * over the locked current state (session totals, session viewers, orders) into the deltas and new
 * values the service writes back with one multi-row statement per table. Semantics:
 *
 * - VIEWER_JOINED: pv + 1 and an entry; opens the viewer's presence unless it is already open.
 *   VIEWER_LEFT closes an open presence (watch time += leftAt − joinedAt, never negative); a leave
 *   without an open presence is ignored. Tracked online = open presences.
 * - VIEWER_COUNT: the platform's figure; the sample with the latest occurredAt wins.
 * - peakOnline: the highest tracked online after any event and the highest sample.
 * - UV counts a viewer the first time any event of theirs reaches the session; the distinct-viewer
 *   counters (commenting, liking, interacting, impression, click viewers, buyers) grow only when
 *   a viewer's flag bit is set for the first time.
 * - ORDER_CREATED: ordersCreated + 1, gmvCreated += amount (the event's amount, else the sum of its
 *   lines). A second creation of the same platform order is ignored.
 * - ORDER_PAID: the first payment of an order counts: ordersPaid + 1, gmvPaid += the order's
 *   amount, the paying viewer becomes a buyer; products get orders, units and paid GMV per line.
 * - ORDER_REFUNDED: refundAmount += its amount (default: the order's amount), but an order whose
 *   creation was seen is never refunded beyond its total: a refund is cut to what is left of it,
 *   and one with nothing left changes nothing (a platform resending a refund under a new id must
 *   not refund twice). refunds + 1 for every refund that moved money. Products get the lines'
 *   value back only for a whole-order refund of an order nothing was refunded from before (a
 *   partial refund does not say which lines it covers).
 * - A payment or refund of an order never seen creates the order with what is known: amount 0,
 *   `createdSeen` false. When its ORDER_CREATED arrives later, the amount fills in and, if it was
 *   already paid, the paid GMV (session, product lines, the payment's minute and segment) is added
 *   then, so totals do not depend on the order in which those events arrive.
 * - Events without a viewer (VIEWER_COUNT) or without a product or segment simply skip the rows
 *   that need one. Nothing here throws on odd input: a flush must never fail on metrics.
 */

export interface SessionState {
  sessionId: string;
  organizationId: string;
  online: number;
  peakOnline: number;
  onlineSample: number | null;
  onlineSampleAt: Date | null;
}

export interface ViewerState {
  sessionId: string;
  viewerId: string;
  joinedAt: Date | null;
  flags: number;
  /** Whether this flush inserted the row (a new unique viewer). */
  isNew: boolean;
}

export interface OrderState {
  id: string | null;
  organizationId: string;
  sessionId: string;
  externalId: string;
  viewerId: string | null;
  amount: number;
  items: OrderItem[];
  couponCode: string | null;
  trackingCode: string | null;
  status: OrderStatus;
  createdSeen: boolean;
  createdAt: Date;
  paidAt: Date | null;
  paidSegmentId: string | null;
  refundedAmount: number;
}

export const SESSION_COUNTERS = [
  'pv', 'uv', 'watchMsClosed', 'openJoinEpochMsSum', 'openCount', 'comments', 'likes', 'shares', 'follows', 'fanClubJoins',
  'commentingViewers', 'likingViewers', 'interactingViewers', 'productImpressions', 'productClicks', 'impressionViewers',
  'clickViewers', 'addToCarts', 'ordersCreated', 'ordersPaid', 'buyers', 'gmvCreated', 'gmvPaid', 'refunds', 'refundAmount',
] as const;
export type SessionCounter = (typeof SESSION_COUNTERS)[number];

export const MINUTE_COUNTERS = [
  'pv', 'uvNew', 'comments', 'likes', 'shares', 'follows', 'impressions', 'clicks', 'addToCarts', 'ordersCreated', 'ordersPaid',
  'gmvCreated', 'gmvPaid', 'refundAmount',
] as const;
export type MinuteCounter = (typeof MINUTE_COUNTERS)[number];

export const PRODUCT_COUNTERS = ['impressions', 'clicks', 'addToCarts', 'orders', 'units', 'gmvCreated', 'gmvPaid', 'refundAmount'] as const;
export type ProductCounter = (typeof PRODUCT_COUNTERS)[number];

export const SEGMENT_COUNTERS = ['pv', 'uvNew', 'comments', 'likes', 'clicks', 'addToCarts', 'ordersPaid', 'gmvPaid', 'refundAmount'] as const;
export type SegmentCounter = (typeof SEGMENT_COUNTERS)[number];

type Counts<K extends string> = Record<K, number>;

export interface SessionWrite extends SessionState {
  delta: Counts<SessionCounter>;
}
export interface ViewerWrite {
  sessionId: string;
  viewerId: string;
  joinedAt: Date | null;
  flags: number;
  watchMs: number;
  entries: number;
}
export interface MinuteWrite {
  sessionId: string;
  organizationId: string;
  minute: Date;
  delta: Counts<MinuteCounter>;
  onlineMax: number;
}
export interface ProductWrite {
  sessionId: string;
  organizationId: string;
  productId: string;
  delta: Counts<ProductCounter>;
}
export interface SegmentWrite {
  sessionId: string;
  organizationId: string;
  segmentId: string;
  delta: Counts<SegmentCounter>;
}

export interface FoldResult {
  sessions: SessionWrite[];
  viewers: ViewerWrite[];
  orders: OrderState[];
  minutes: MinuteWrite[];
  products: ProductWrite[];
  segments: SegmentWrite[];
}

/** Kinds that only add to counters: where each counts (LIKE by its taps) and the viewer flag it sets. */
const COUNTED: Partial<Record<AudienceEventKind, {
  session: SessionCounter;
  minute?: MinuteCounter;
  segment?: SegmentCounter;
  product?: ProductCounter;
  flag?: number;
  byCount?: boolean;
}>> = {
  COMMENT: { session: 'comments', minute: 'comments', segment: 'comments', flag: VIEWER_FLAGS.COMMENTED },
  LIKE: { session: 'likes', minute: 'likes', segment: 'likes', flag: VIEWER_FLAGS.LIKED, byCount: true },
  SHARE: { session: 'shares', minute: 'shares', flag: VIEWER_FLAGS.SHARED },
  FOLLOW: { session: 'follows', minute: 'follows', flag: VIEWER_FLAGS.FOLLOWED },
  FAN_CLUB_JOIN: { session: 'fanClubJoins' },
  PRODUCT_IMPRESSION: { session: 'productImpressions', minute: 'impressions', product: 'impressions', flag: VIEWER_FLAGS.IMPRESSED },
  PRODUCT_CLICK: { session: 'productClicks', minute: 'clicks', segment: 'clicks', product: 'clicks', flag: VIEWER_FLAGS.CLICKED },
  ADD_TO_CART: { session: 'addToCarts', minute: 'addToCarts', segment: 'addToCarts', product: 'addToCarts', flag: VIEWER_FLAGS.CARTED },
};

/**
 * What an event may change on its viewer's row: the flag bit it may set, or PRESENCE for joins and
 * leaves (open presence, entries, watch time). A viewer whose events only need bits already known
 * to be set changes nothing on the row.
 */
export const PRESENCE = -1;
export function viewerNeed(kind: AudienceEventKind): number {
  if (kind === 'VIEWER_JOINED' || kind === 'VIEWER_LEFT') return PRESENCE;
  if (kind === 'ORDER_PAID') return VIEWER_FLAGS.BOUGHT;
  return COUNTED[kind]?.flag ?? 0;
}

const zeros = <K extends string>(keys: readonly K[]): Counts<K> => Object.fromEntries(keys.map((key) => [key, 0])) as Counts<K>;

export const viewerKey = (sessionId: string, viewerId: string) => `${sessionId}/${viewerId}`;
export const orderKey = (sessionId: string, externalId: string) => `${sessionId}/${externalId}`;

/** The lines of an ORDER_CREATED event, keeping only well-formed ones. */
export function orderItems(data: Record<string, unknown>): OrderItem[] {
  const raw = data.items;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    const { product, quantity, unitPrice } = (item ?? {}) as Record<string, unknown>;
    return typeof product === 'string' && Number.isFinite(quantity) && Number.isFinite(unitPrice)
      ? [{ product, quantity: Number(quantity), unitPrice: Number(unitPrice) }]
      : [];
  });
}

const lineTotal = (item: OrderItem) => item.quantity * item.unitPrice;
const itemsTotal = (items: OrderItem[]) => items.reduce((sum, item) => sum + lineTotal(item), 0);
const minuteOf = (date: Date) => new Date(Math.floor(date.getTime() / 60_000) * 60_000);
// Columns are varchar(200); ingestion validates lengths, and a flush must not fail on one odd value.
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value.slice(0, 200) : null);

export function fold(
  events: readonly AcceptedEvent[],
  sessionStates: readonly SessionState[],
  viewerStates: readonly ViewerState[],
  orderStates: readonly OrderState[],
): FoldResult {
  const sessions = new Map(sessionStates.map((state) => [state.sessionId, { ...state, delta: zeros(SESSION_COUNTERS) } as SessionWrite]));
  const viewers = new Map(viewerStates.map((state) => [viewerKey(state.sessionId, state.viewerId), { ...state, watchMs: 0, entries: 0, seen: false, changed: false }]));
  const orders = new Map(orderStates.map((state) => [orderKey(state.sessionId, state.externalId), { ...state }]));
  const touchedOrders = new Set<string>();
  const minutes = new Map<string, MinuteWrite>();
  const products = new Map<string, ProductWrite>();
  const segments = new Map<string, SegmentWrite>();

  const minuteRow = (session: SessionWrite, at: Date) => {
    const minute = minuteOf(at);
    const key = `${session.sessionId}/${minute.getTime()}`;
    let row = minutes.get(key);
    if (!row) minutes.set(key, (row = { sessionId: session.sessionId, organizationId: session.organizationId, minute, delta: zeros(MINUTE_COUNTERS), onlineMax: 0 }));
    return row;
  };
  const productRow = (session: SessionWrite, productId: string) => {
    const key = `${session.sessionId}/${productId}`;
    let row = products.get(key);
    if (!row) products.set(key, (row = { sessionId: session.sessionId, organizationId: session.organizationId, productId, delta: zeros(PRODUCT_COUNTERS) }));
    return row;
  };
  const segmentRow = (session: SessionWrite, segmentId: string | null) => {
    if (!segmentId) return null;
    const key = `${session.sessionId}/${segmentId}`;
    let row = segments.get(key);
    if (!row) segments.set(key, (row = { sessionId: session.sessionId, organizationId: session.organizationId, segmentId, delta: zeros(SEGMENT_COUNTERS) }));
    return row;
  };

  /** Sets a viewer flag; bumps the distinct counters for bits set for the first time. */
  const flag = (session: SessionWrite, viewer: ReturnType<typeof viewers.get>, bit: number) => {
    if (!viewer || viewer.flags & bit) return;
    const interactedBefore = (viewer.flags & INTERACTION_FLAGS) !== 0;
    viewer.flags |= bit;
    viewer.changed = true;
    const delta = session.delta;
    if (bit === VIEWER_FLAGS.COMMENTED) delta.commentingViewers += 1;
    if (bit === VIEWER_FLAGS.LIKED) delta.likingViewers += 1;
    if (bit === VIEWER_FLAGS.IMPRESSED) delta.impressionViewers += 1;
    if (bit === VIEWER_FLAGS.CLICKED) delta.clickViewers += 1;
    if (bit === VIEWER_FLAGS.BOUGHT) delta.buyers += 1;
    if (bit & INTERACTION_FLAGS && !interactedBefore) delta.interactingViewers += 1;
  };

  /** Paid GMV and units of an order's lines, at the payment's minute and segment. */
  const attributePaid = (session: SessionWrite, order: OrderState) => {
    session.delta.gmvPaid += order.amount;
    minuteRow(session, order.paidAt!).delta.gmvPaid += order.amount;
    const segment = segmentRow(session, order.paidSegmentId);
    if (segment) segment.delta.gmvPaid += order.amount;
    for (const item of order.items) {
      const row = productRow(session, item.product);
      row.delta.orders += 1;
      row.delta.units += item.quantity;
      row.delta.gmvPaid += lineTotal(item);
    }
  };

  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  for (const event of sorted) {
    const session = sessions.get(event.sessionId);
    if (!session) continue;
    const delta = session.delta;
    const at = event.occurredAt;
    const minute = minuteRow(session, at);
    const segment = segmentRow(session, event.segmentId);
    const viewer = event.viewerId ? viewers.get(viewerKey(event.sessionId, event.viewerId)) : undefined;
    if (viewer && !viewer.seen) {
      viewer.seen = true;
      if (viewer.isNew) {
        delta.uv += 1;
        minute.delta.uvNew += 1;
        if (segment) segment.delta.uvNew += 1;
      }
    }
    const trackOnline = () => {
      session.peakOnline = Math.max(session.peakOnline, session.online);
      minute.onlineMax = Math.max(minute.onlineMax, session.online);
    };

    const counted = COUNTED[event.kind];
    if (counted) {
      const amount = counted.byCount ? event.count : 1;
      delta[counted.session] += amount;
      if (counted.minute) minute.delta[counted.minute] += amount;
      if (counted.segment && segment) segment.delta[counted.segment] += amount;
      if (counted.product && event.productId) productRow(session, event.productId).delta[counted.product] += amount;
      if (counted.flag) flag(session, viewer, counted.flag);
      continue;
    }

    switch (event.kind) {
      case 'VIEWER_JOINED':
        delta.pv += 1;
        minute.delta.pv += 1;
        if (segment) segment.delta.pv += 1;
        if (viewer) {
          viewer.entries += 1;
          viewer.changed = true;
          if (!viewer.joinedAt) {
            viewer.joinedAt = at;
            session.online += 1;
            delta.openCount += 1;
            delta.openJoinEpochMsSum += at.getTime();
          }
        }
        trackOnline();
        break;
      case 'VIEWER_LEFT':
        if (viewer?.joinedAt) {
          const watched = Math.max(0, at.getTime() - viewer.joinedAt.getTime());
          viewer.watchMs += watched;
          delta.watchMsClosed += watched;
          delta.openCount -= 1;
          delta.openJoinEpochMsSum -= viewer.joinedAt.getTime();
          session.online -= 1;
          viewer.joinedAt = null;
          viewer.changed = true;
        }
        trackOnline();
        break;
      case 'VIEWER_COUNT':
        if (!session.onlineSampleAt || at.getTime() >= session.onlineSampleAt.getTime()) {
          session.onlineSample = event.count;
          session.onlineSampleAt = at;
        }
        session.peakOnline = Math.max(session.peakOnline, event.count);
        minute.onlineMax = Math.max(minute.onlineMax, event.count);
        break;
      case 'ORDER_CREATED':
      case 'ORDER_PAID':
      case 'ORDER_REFUNDED': {
        if (!event.orderId) break;
        const key = orderKey(event.sessionId, event.orderId);
        let order = orders.get(key);
        if (!order) {
          order = {
            id: null, organizationId: event.organizationId, sessionId: event.sessionId, externalId: event.orderId,
            viewerId: event.viewerId, amount: 0, items: [], couponCode: null, trackingCode: null, status: 'CREATED',
            createdSeen: false, createdAt: at, paidAt: null, paidSegmentId: null, refundedAmount: 0,
          };
          orders.set(key, order);
        }
        order.viewerId ??= event.viewerId;
        if (event.kind === 'ORDER_CREATED') {
          if (order.createdSeen) break;
          touchedOrders.add(key);
          order.items = orderItems(event.data);
          order.amount = event.amount ?? itemsTotal(order.items);
          order.couponCode = text(event.data.couponCode);
          order.trackingCode = text(event.data.trackingCode);
          order.createdAt = at;
          order.createdSeen = true;
          delta.ordersCreated += 1;
          delta.gmvCreated += order.amount;
          minute.delta.ordersCreated += 1;
          minute.delta.gmvCreated += order.amount;
          for (const item of order.items) productRow(session, item.product).delta.gmvCreated += lineTotal(item);
          if (order.paidAt) attributePaid(session, order);
        } else if (event.kind === 'ORDER_PAID') {
          if (order.paidAt) break;
          touchedOrders.add(key);
          order.paidAt = at;
          order.paidSegmentId = event.segmentId;
          if (order.status === 'CREATED') order.status = 'PAID';
          delta.ordersPaid += 1;
          minute.delta.ordersPaid += 1;
          if (segment) segment.delta.ordersPaid += 1;
          attributePaid(session, order);
          flag(session, viewer, VIEWER_FLAGS.BOUGHT);
        } else {
          const requested = event.amount ?? order.amount;
          const amount = order.createdSeen ? Math.min(requested, Math.max(0, order.amount - order.refundedAmount)) : requested;
          if (amount <= 0) break;
          touchedOrders.add(key);
          const whole = order.createdSeen && order.refundedAmount === 0 && amount === order.amount;
          order.refundedAmount += amount;
          order.status = order.refundedAmount >= order.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
          delta.refunds += 1;
          delta.refundAmount += amount;
          minute.delta.refundAmount += amount;
          if (segment) segment.delta.refundAmount += amount;
          if (whole) {
            for (const item of order.items) productRow(session, item.product).delta.refundAmount += lineTotal(item);
          }
        }
        break;
      }
    }
  }

  return {
    sessions: [...sessions.values()],
    viewers: [...viewers.values()]
      .filter((viewer) => viewer.changed)
      .map(({ sessionId, viewerId, joinedAt, flags, watchMs, entries }) => ({ sessionId, viewerId, joinedAt, flags, watchMs, entries })),
    orders: [...touchedOrders].map((key) => orders.get(key)!),
    minutes: [...minutes.values()],
    products: [...products.values()],
    segments: [...segments.values()],
  };
}
