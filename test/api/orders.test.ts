import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, signUpOrg, type SignedIn } from '../support/seed.js';
import { seedProduct } from '../support/sessions-seed.js';
import { seedScheduledSession } from '../support/ingest.js';

/** `Order`: the platform orders a session's audience events describe (also handed to plugins). */
describe('orders of a session', () => {
  let t: TestApp;
  let owner: SignedIn;
  let sessionId: string;
  let productId: string;

  const ORDERS = `query($id: ID!, $filter: OrderFilter) { node(id: $id) { ... on LiveSession { orders(filter: $filter) { totalCount edges { node {
    externalId status amount { amount currency } refunded { amount } couponCode paidAt viewer { platformUserId }
    items { quantity unitPrice { amount } product { id } } session { id } } } } } } }`;

  beforeAll(async () => {
    t = await startTestApp({ plugins: [] });
    owner = await signUpOrg(t);
    sessionId = await seedScheduledSession(t, owner.token);
    productId = await seedProduct(t, owner.token);
    const at = new Date().toISOString();
    const event = (id: string, kind: string, rest: Record<string, unknown>) => ({ id, kind, occurredAt: at, viewer: 'buyer-1', ...rest });
    await mutate(t, owner.token, 'ingestEvents', {
      sessionId,
      events: [
        event('o1-created', 'ORDER_CREATED', { orderId: 'o-1', amount: 3980, items: [{ product: productId, quantity: 2, unitPrice: 1990 }], couponCode: 'NEW10' }),
        event('o1-paid', 'ORDER_PAID', { orderId: 'o-1' }),
        event('o2-created', 'ORDER_CREATED', { orderId: 'o-2', amount: 1990, items: [{ product: productId, quantity: 1, unitPrice: 1990 }] }),
      ],
    }, 'acceptedCount');
  });
  afterAll(() => t?.close());

  it('lists the session’s orders with their lines, money and status, filtered by status', async () => {
    const all = await t.gql<{ node: { orders: { totalCount: number; edges: { node: any }[] } } }>(ORDERS, { id: sessionId }, owner.token);
    expect(all.node.orders.totalCount).toBe(2);
    const paid = await t.gql<{ node: { orders: { totalCount: number; edges: { node: any }[] } } }>(ORDERS, { id: sessionId, filter: { status: ['PAID'] } }, owner.token);
    expect(paid.node.orders.totalCount).toBe(1);
    expect(paid.node.orders.edges[0]!.node).toMatchObject({
      externalId: 'o-1',
      status: 'PAID',
      amount: { amount: 3980, currency: 'CNY' },
      refunded: { amount: 0 },
      couponCode: 'NEW10',
      paidAt: expect.any(String),
      viewer: { platformUserId: 'buyer-1' },
      items: [{ quantity: 2, unitPrice: { amount: 1990 }, product: { id: productId } }],
      session: { id: sessionId },
    });
  });

  it('keeps another organization’s orders unknown', async () => {
    const stranger = await signUpOrg(t);
    const read = await t.gql<{ node: null }>(ORDERS, { id: sessionId }, stranger.token);
    expect(read.node).toBeNull();
  });
});
