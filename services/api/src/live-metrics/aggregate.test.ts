import { describe, expect, it } from 'vitest';
import type { AcceptedEvent } from '../ingest/contract.js';
import { fold, type OrderState, type SessionState, type ViewerState } from './aggregate.js';

const session: SessionState = { sessionId: 's', organizationId: 'o', online: 0, peakOnline: 0, onlineSample: null, onlineSampleAt: null };
const at = (seconds: number) => new Date(Date.UTC(2030, 0, 7, 20, 0, seconds));
let seq = 0;
const event = (kind: AcceptedEvent['kind'], fields: Partial<AcceptedEvent> = {}): AcceptedEvent => ({
  seq: ++seq, organizationId: 'o', sessionId: 's', kind, occurredAt: at(0), receivedAt: at(0), viewerId: 'v', productId: null,
  segmentId: null, count: 1, amount: null, orderId: null, data: {}, ...fields,
});
const viewer = (fields: Partial<ViewerState> = {}): ViewerState => ({ sessionId: 's', viewerId: 'v', joinedAt: null, flags: 0, isNew: true, ...fields });

describe('fold', () => {
  it('ignores a second join and a leave without a join; watch time never goes negative', () => {
    const result = fold(
      [
        event('VIEWER_LEFT', { occurredAt: at(1) }),
        event('VIEWER_JOINED', { occurredAt: at(10) }),
        event('VIEWER_JOINED', { occurredAt: at(20) }),
        event('VIEWER_LEFT', { occurredAt: at(70) }),
        event('VIEWER_JOINED', { occurredAt: at(80) }),
        event('VIEWER_LEFT', { occurredAt: at(75) }),
      ],
      [session], [viewer()], [],
    );
    const [totals] = result.sessions;
    expect(totals!.delta).toMatchObject({ pv: 3, uv: 1, watchMsClosed: 60_000, openCount: 0, openJoinEpochMsSum: 0 });
    expect(totals!.online).toBe(0);
    expect(totals!.peakOnline).toBe(1);
    expect(result.viewers).toEqual([{ sessionId: 's', viewerId: 'v', joinedAt: null, flags: 0, watchMs: 60_000, entries: 3 }]);
  });

  it('grows distinct counters only for flag bits set for the first time', () => {
    const result = fold(
      [event('COMMENT'), event('COMMENT'), event('LIKE', { count: 5 }), event('SHARE'), event('PRODUCT_CLICK', { productId: 'p' })],
      [session], [viewer({ flags: 2, isNew: false })], [],
    );
    expect(result.sessions[0]!.delta).toMatchObject({ uv: 0, comments: 2, likes: 5, commentingViewers: 1, likingViewers: 0, interactingViewers: 0, clickViewers: 1 });
    expect(result.viewers[0]!.flags).toBe(1 | 2 | 4 | 32);
    expect(result.products).toEqual([{ sessionId: 's', organizationId: 'o', productId: 'p', delta: expect.objectContaining({ clicks: 1, impressions: 0 }) }]);
  });

  it('adds the paid GMV of an order paid before its creation arrived, at the payment’s minute and segment', () => {
    const paidEarlier: OrderState = {
      id: 'id', organizationId: 'o', sessionId: 's', externalId: 'X', viewerId: 'v', amount: 0, items: [], couponCode: null, trackingCode: null,
      status: 'PAID', createdSeen: false, createdAt: at(30), paidAt: at(30), paidSegmentId: 'seg-1', refundedAmount: 0,
    };
    const result = fold(
      [event('ORDER_CREATED', { orderId: 'X', amount: 900, occurredAt: at(125), segmentId: 'seg-2', data: { items: [{ product: 'p', quantity: 3, unitPrice: 300 }] } })],
      [session], [viewer({ isNew: false, flags: 128 })], [paidEarlier],
    );
    expect(result.sessions[0]!.delta).toMatchObject({ ordersCreated: 1, gmvCreated: 900, ordersPaid: 0, gmvPaid: 900, buyers: 0 });
    expect(result.minutes.map((row) => [row.minute.toISOString(), row.delta.gmvPaid, row.delta.gmvCreated])).toEqual([
      [at(120).toISOString(), 0, 900],
      [at(0).toISOString(), 900, 0],
    ]);
    expect(result.segments.map((row) => [row.segmentId, row.delta.gmvPaid])).toEqual([['seg-2', 0], ['seg-1', 900]]);
    expect(result.products[0]!.delta).toMatchObject({ orders: 1, units: 3, gmvCreated: 900, gmvPaid: 900 });
    expect(result.orders[0]).toMatchObject({ amount: 900, createdSeen: true, status: 'PAID' });
  });

  it('keeps the viewer-count sample with the latest occurredAt and counts it towards the peak', () => {
    const result = fold(
      [event('VIEWER_COUNT', { viewerId: null, count: 500, occurredAt: at(50) }), event('VIEWER_COUNT', { viewerId: null, count: 300, occurredAt: at(40) })],
      [session], [], [],
    );
    expect(result.sessions[0]).toMatchObject({ onlineSample: 500, onlineSampleAt: at(50), peakOnline: 500 });
  });

  it('takes odd events without failing: no order id, no viewer, malformed order lines', () => {
    const result = fold(
      [
        event('ORDER_PAID', { orderId: null }),
        event('LIKE', { viewerId: null, count: 3 }),
        event('ORDER_CREATED', { orderId: 'Y', amount: null, data: { items: [{ product: 'p', quantity: 2, unitPrice: 50 }, { product: 7 }, null], couponCode: 'x'.repeat(300) } }),
      ],
      [session], [], [],
    );
    expect(result.sessions[0]!.delta).toMatchObject({ ordersPaid: 0, likes: 3, likingViewers: 0, ordersCreated: 1, gmvCreated: 100 });
    expect(result.orders[0]).toMatchObject({ items: [{ product: 'p', quantity: 2, unitPrice: 50 }], amount: 100 });
    expect(result.orders[0]!.couponCode).toHaveLength(200);
  });
});
