import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcceptedEvent } from '@broadcart/api';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, signUpOrg, type SignedIn } from '../support/seed.js';
import { addProduct, seedCampaign, seedProduct, seedSession } from '../support/sessions-seed.js';
import { localSessionId, readStoredMetrics, recomputeSessionMetrics } from '../support/metrics-recompute.js';
import { subscribe, waitUntil } from '../support/realtime-clients.js';

let t: TestApp;
let owner: SignedIn;
let organizationId: string;

beforeAll(async () => {
  t = await startTestApp();
  owner = await signUpOrg(t);
  organizationId = localSessionId(owner.organizationId);
});
afterAll(() => t?.close());

const minutesAgo = (minutes: number, seconds = 0) => new Date(Date.now() - minutes * 60_000 + seconds * 1000).toISOString();

async function ingest(sessionId: string, events: Record<string, unknown>[]) {
  const result = await mutate(t, owner.token, 'ingestEvents', { sessionId, events }, 'acceptedCount rejected { reason }');
  expect(result.rejected).toEqual([]);
  return result;
}

async function liveMetrics(sessionId: string, selection: string) {
  const { node } = await t.gql<{ node: { liveMetrics: any } }>(`query($id: ID!) { node(id: $id) { ... on LiveSession { liveMetrics { ${selection} } } } }`, { id: sessionId }, owner.token);
  return node.liveMetrics;
}

let seq = 1;
/** A synthetic accepted event for calling the aggregator directly (as the batch writer does). */
function accepted(sessionId: string, kind: AcceptedEvent['kind'], fields: Partial<AcceptedEvent> = {}): AcceptedEvent {
  return {
    seq: seq++, organizationId, sessionId, kind, occurredAt: new Date(), receivedAt: new Date(), viewerId: null, productId: null,
    segmentId: null, count: 1, amount: null, orderId: null, data: {}, ...fields,
  };
}

/** Statements of the aggregator since the last reset: background work (outbox, scheduler, tick notices) runs meanwhile. */
function aggregatorStatements() {
  return t.sql.statements.filter(
    (statement) =>
      /\b(session_metrics|session_viewers|orders|session_metric_minutes|session_product_metrics|session_segment_metrics)\b/.test(statement) &&
      !statement.startsWith('select organization_id, version from session_metrics'),
  );
}

async function applyDirectly(events: AcceptedEvent[]) {
  await t.app.orm.em.fork().transactional((tx) => t.app.services.liveMetrics.apply(tx, events));
}

describe('live metrics', () => {
  it('reports hand-checked raw counts, derived metrics, products and series', async () => {
    const [p1, p2] = [await seedProduct(t, owner.token), await seedProduct(t, owner.token)];
    const sessionId = await seedSession(t, owner.token);
    const paidAt = minutesAgo(4);
    await addProduct(t, owner.token, sessionId, p1);
    await addProduct(t, owner.token, sessionId, p2);
    await mutate(t, owner.token, 'scheduleSession', { id: sessionId }, 'session { id }');
    await ingest(sessionId, [
      ...['a', 'b', 'c', 'd'].map((viewer, index) => ({ id: `join-${viewer}`, kind: 'VIEWER_JOINED', viewer, occurredAt: minutesAgo(10, index) })),
      { id: 'leave-a', kind: 'VIEWER_LEFT', viewer: 'a', occurredAt: minutesAgo(9) },
      { id: 'rejoin-a', kind: 'VIEWER_JOINED', viewer: 'a', occurredAt: minutesAgo(8) },
      { id: 'join-b-again', kind: 'VIEWER_JOINED', viewer: 'b', occurredAt: minutesAgo(8) },
      { id: 'c1', kind: 'COMMENT', viewer: 'a', text: '多少钱', occurredAt: minutesAgo(7) },
      { id: 'c2', kind: 'COMMENT', viewer: 'b', text: '好看', occurredAt: minutesAgo(7) },
      { id: 'c3', kind: 'COMMENT', viewer: 'b', text: '要', occurredAt: minutesAgo(7) },
      { id: 'l1', kind: 'LIKE', viewer: 'c', count: 10, occurredAt: minutesAgo(7) },
      { id: 'i1', kind: 'PRODUCT_IMPRESSION', viewer: 'a', product: p1, occurredAt: minutesAgo(6) },
      { id: 'i2', kind: 'PRODUCT_IMPRESSION', viewer: 'b', product: p1, occurredAt: minutesAgo(6) },
      { id: 'k1', kind: 'PRODUCT_CLICK', viewer: 'a', product: p1, occurredAt: minutesAgo(6) },
      { id: 'o1', kind: 'ORDER_CREATED', viewer: 'a', orderId: 'A-1', amount: 10_000, items: [{ product: p1, quantity: 2, unitPrice: 5000 }], occurredAt: minutesAgo(5) },
      { id: 'o2', kind: 'ORDER_CREATED', viewer: 'b', orderId: 'B-1', amount: 6000, items: [{ product: p2, quantity: 1, unitPrice: 6000 }], occurredAt: minutesAgo(5) },
      { id: 'p1', kind: 'ORDER_PAID', viewer: 'a', orderId: 'A-1', occurredAt: paidAt },
      { id: 'p1-again', kind: 'ORDER_PAID', viewer: 'a', orderId: 'A-1', occurredAt: paidAt },
      { id: 'r1', kind: 'ORDER_REFUNDED', viewer: 'a', orderId: 'A-1', amount: 3000, occurredAt: minutesAgo(3) },
      { id: 'vc', kind: 'VIEWER_COUNT', count: 120, occurredAt: minutesAgo(0) },
    ]);

    const metrics = await liveMetrics(
      sessionId,
      `version pv uv onlineNow onlineTracked peakOnline comments likes commentingViewers likingViewers interactingViewers
       productImpressions productClicks impressionViewers clickViewers ordersCreated ordersPaid buyers refunds
       gmvCreated { amount currency } gmvPaid { amount } refundAmount { amount }
       interactionRate commentRate likeRate productCtr conversionRate gpm { amount } uvValue { amount } aov { amount }
       watchSeconds avgWatchSeconds liveSeconds acv
       products { product { id } impressions clicks orders units gmvPaid { amount } gmvCreated { amount } ctr gmvShare }
       series(metrics: [PV, COMMENTS, GMV_PAID]) { minute metric value }`,
    );
    expect(metrics).toMatchObject({
      version: 1, pv: 6, uv: 4, onlineNow: 120, onlineTracked: 4, peakOnline: 120, comments: 3, likes: 10,
      commentingViewers: 2, likingViewers: 1, interactingViewers: 3, productImpressions: 2, productClicks: 1, impressionViewers: 2, clickViewers: 1,
      ordersCreated: 2, ordersPaid: 1, buyers: 1, refunds: 1,
      gmvCreated: { amount: 16_000, currency: 'CNY' }, gmvPaid: { amount: 10_000 }, refundAmount: { amount: 3000 },
      interactionRate: 0.75, commentRate: 0.5, likeRate: 0.25, productCtr: 0.5, conversionRate: 0.25,
      // GPM = 10 000 × 1000 / 6 PV; UV value = 10 000 / 4; AOV = 10 000 / 1 buyer.
      gpm: { amount: 1_666_667 }, uvValue: { amount: 2500 }, aov: { amount: 10_000 },
      liveSeconds: null, acv: null,
    });
    // a watched 60 s before leaving; everyone is still in the room, so watch time keeps growing.
    expect(metrics.watchSeconds).toBeGreaterThan(60 + 4 * 7 * 60);
    expect(metrics.avgWatchSeconds).toBeCloseTo(metrics.watchSeconds / 4);
    expect(metrics.products).toEqual([
      { product: { id: p1 }, impressions: 2, clicks: 1, orders: 1, units: 2, gmvPaid: { amount: 10_000 }, gmvCreated: { amount: 10_000 }, ctr: 0.5, gmvShare: 1 },
      { product: { id: p2 }, impressions: 0, clicks: 0, orders: 0, units: 0, gmvPaid: { amount: 0 }, gmvCreated: { amount: 6000 }, ctr: null, gmvShare: 0 },
    ]);
    const sum = (metric: string) => metrics.series.filter((point: any) => point.metric === metric).reduce((total: number, point: any) => total + point.value, 0);
    expect([sum('PV'), sum('COMMENTS'), sum('GMV_PAID')]).toEqual([6, 3, 10_000]);
    // The payment lands in the minute it was paid in.
    expect(metrics.series.filter((point: any) => point.metric === 'GMV_PAID' && point.value > 0)).toEqual([
      expect.objectContaining({ minute: new Date(Math.floor(Date.parse(paidAt) / 60_000) * 60_000).toISOString(), metric: 'GMV_PAID', value: 10_000 }),
    ]);
  });

  it('attributes a payment that arrives before its order once the order arrives', async () => {
    const product = await seedProduct(t, owner.token);
    const sessionId = await seedSession(t, owner.token);
    await addProduct(t, owner.token, sessionId, product);
    await mutate(t, owner.token, 'scheduleSession', { id: sessionId }, 'session { id }');
    await ingest(sessionId, [{ id: 'paid', kind: 'ORDER_PAID', viewer: 'x', orderId: 'LATE-1', occurredAt: minutesAgo(2) }]);
    expect(await liveMetrics(sessionId, 'ordersPaid buyers gmvPaid { amount }')).toEqual({ ordersPaid: 1, buyers: 1, gmvPaid: { amount: 0 } });
    await ingest(sessionId, [
      { id: 'created', kind: 'ORDER_CREATED', viewer: 'x', orderId: 'LATE-1', amount: 4200, items: [{ product, quantity: 1, unitPrice: 4200 }], occurredAt: minutesAgo(3) },
    ]);
    expect(await liveMetrics(sessionId, 'ordersCreated ordersPaid buyers gmvPaid { amount } products { units gmvPaid { amount } }')).toEqual({
      ordersCreated: 1, ordersPaid: 1, buyers: 1, gmvPaid: { amount: 4200 }, products: [{ units: 1, gmvPaid: { amount: 4200 } }],
    });
  });

  it('never refunds an order beyond its total, however many refunds arrive', async () => {
    const product = await seedProduct(t, owner.token);
    const sessionId = await seedSession(t, owner.token);
    await addProduct(t, owner.token, sessionId, product);
    await mutate(t, owner.token, 'scheduleSession', { id: sessionId }, 'session { id }');
    const order = (orderId: string, amount: number) => [
      { id: `${orderId}-c`, kind: 'ORDER_CREATED', viewer: orderId, orderId, amount, items: [{ product, quantity: 1, unitPrice: amount }], occurredAt: minutesAgo(5) },
      { id: `${orderId}-p`, kind: 'ORDER_PAID', viewer: orderId, orderId, occurredAt: minutesAgo(5) },
    ];
    await ingest(sessionId, [...order('PART', 10_000), ...order('WHOLE', 3_000)]);
    // Partial refunds of 6,000 and 6,000 on 10,000 move 6,000 and 4,000; a third one has nothing left.
    await ingest(sessionId, [
      { id: 'r1', kind: 'ORDER_REFUNDED', viewer: 'PART', orderId: 'PART', amount: 6_000, occurredAt: minutesAgo(4) },
      { id: 'r2', kind: 'ORDER_REFUNDED', viewer: 'PART', orderId: 'PART', amount: 6_000, occurredAt: minutesAgo(4) },
    ]);
    await ingest(sessionId, [{ id: 'r3', kind: 'ORDER_REFUNDED', viewer: 'PART', orderId: 'PART', occurredAt: minutesAgo(3) }]);
    // A whole refund gives the product its line back once, even when the platform resends it under a new id.
    await ingest(sessionId, [
      { id: 'w1', kind: 'ORDER_REFUNDED', viewer: 'WHOLE', orderId: 'WHOLE', occurredAt: minutesAgo(3) },
      { id: 'w2', kind: 'ORDER_REFUNDED', viewer: 'WHOLE', orderId: 'WHOLE', occurredAt: minutesAgo(2) },
    ]);
    expect(await liveMetrics(sessionId, 'refunds refundAmount { amount } gmvPaid { amount } products { refundAmount { amount } }')).toEqual({
      refunds: 3, refundAmount: { amount: 13_000 }, gmvPaid: { amount: 13_000 }, products: [{ refundAmount: { amount: 3_000 } }],
    });
    const session = localSessionId(sessionId);
    const [stored, recomputed] = await Promise.all([readStoredMetrics(t.databaseUrl, session), recomputeSessionMetrics(t.databaseUrl, session)]);
    expect(stored).toEqual(recomputed);
  });

  it('applies a flush in the same number of statements for 10 and 1,000 events', async () => {
    const session = localSessionId(await seedSession(t, owner.token));
    const products = [randomUUID(), randomUUID()];
    const kinds: AcceptedEvent['kind'][] = ['VIEWER_JOINED', 'COMMENT', 'LIKE', 'PRODUCT_IMPRESSION', 'PRODUCT_CLICK', 'ADD_TO_CART', 'ORDER_CREATED', 'ORDER_PAID', 'ORDER_REFUNDED', 'VIEWER_LEFT', 'VIEWER_COUNT'];
    const batch = (size: number) =>
      Array.from({ length: size }, (_, index) => {
        const kind = kinds[index % kinds.length]!;
        return accepted(session, kind, {
          viewerId: kind === 'VIEWER_COUNT' ? null : `00000000-0000-4000-8000-${String(index % 97).padStart(12, '0')}`,
          productId: kind.startsWith('PRODUCT') || kind === 'ADD_TO_CART' ? products[index % 2]! : null,
          segmentId: products[index % 2]!,
          orderId: kind.startsWith('ORDER') ? `order-${Math.floor(index / kinds.length)}` : null,
          amount: kind === 'ORDER_CREATED' ? 1000 : null,
          data: kind === 'ORDER_CREATED' ? { items: [{ product: products[0], quantity: 1, unitPrice: 1000 }] } : {},
          occurredAt: new Date(Date.now() - index * 10_000),
        });
      });
    const count = async (events: AcceptedEvent[]) => {
      t.sql.reset();
      await applyDirectly(events);
      return aggregatorStatements().length;
    };
    const small = await count(batch(11));
    const large = await count(batch(1000));
    expect(small).toBe(large);
    expect(large).toBeLessThanOrEqual(10);
  });

  it('reads live metrics, breakdowns and pacing of a list of sessions in the same number of statements for 1 and 4 sessions', async () => {
    const other = await signUpOrg(t);
    const campaignId = await seedCampaign(t, other.token, 0, 200);
    const products = [await seedProduct(t, other.token), await seedProduct(t, other.token), await seedProduct(t, other.token)];
    const sessionIds: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      const sessionId = await seedSession(t, other.token, { campaignId, startHour: 10 + index * 10 });
      sessionIds.push(sessionId);
      for (const product of products) await addProduct(t, other.token, sessionId, product);
      await mutate(t, other.token, 'scheduleSession', { id: sessionId }, 'session { id }');
      await mutate(t, other.token, 'ingestEvents', {
        sessionId,
        events: products.flatMap((product, line) => [
          { id: `i${line}`, kind: 'PRODUCT_IMPRESSION', viewer: `v${line}`, product, occurredAt: minutesAgo(line + 1) },
          { id: `c${line}`, kind: 'COMMENT', viewer: `v${line}`, text: 'hi', occurredAt: minutesAgo(line + 1) },
        ]),
      }, 'acceptedCount');
    }
    const query = `query($first: Int!) { liveSessions(first: $first) { edges { node {
      liveMetrics { version pv uv onlineNow conversionRate gpm { amount } series(metrics: [COMMENTS, PV]) { value }
        products { product { title } impressions ctr gmvShare } segments { pv segment { title } } }
      goalPacing { actual projected } campaign { goalPacing { actual } }
    } } } }`;
    const countFor = async (first: number) => {
      t.sql.reset();
      const data = await t.gql<{ liveSessions: { edges: { node: any }[] } }>(query, { first }, other.token);
      expect(data.liveSessions.edges).toHaveLength(first);
      expect(data.liveSessions.edges[0]!.node.liveMetrics.products).toHaveLength(3);
      return t.sql.statements.filter((statement) => !statement.startsWith('select organization_id, version from session_metrics')).length;
    };
    expect(await countFor(4)).toBe(await countFor(1));
  });

  it('paces session targets and campaign goals', async () => {
    const campaignId = await seedCampaign(t, owner.token, 0, 24);
    const sessionId = await seedSession(t, owner.token, { campaignId, startHour: 20, hours: 2 });
    const goal = async (metric: string, horizon: string, target: number) =>
      (await mutate(t, owner.token, 'createCampaignGoal', { campaignId, title: metric, horizon, metric, target }, 'goal { id }')).goal.id as string;
    const gmvGoal = await goal('GMV_PAID', 'MID', 20_000);
    const adGoal = await goal('AD_SPEND', 'MID', 5000);
    await mutate(t, owner.token, 'setSessionTargets', { goalId: gmvGoal, targets: [{ sessionId, target: 20_000 }] }, 'goal { id }');
    await mutate(t, owner.token, 'setSessionTargets', { goalId: adGoal, targets: [{ sessionId, target: 5000 }] }, 'goal { id }');
    await mutate(t, owner.token, 'scheduleSession', { id: sessionId }, 'session { id }');
    await mutate(t, owner.token, 'startSession', { id: sessionId }, 'session { id }');
    await ingest(sessionId, [
      { id: 'o', kind: 'ORDER_CREATED', viewer: 'v', orderId: 'O-1', amount: 10_000, occurredAt: minutesAgo(1) },
      { id: 'p', kind: 'ORDER_PAID', viewer: 'v', orderId: 'O-1', occurredAt: minutesAgo(1) },
    ]);
    const { node } = await t.gql<{ node: any }>(
      `query($id: ID!) { node(id: $id) { ... on LiveSession {
        goalPacing { metric target actual progress projected onPace goal { id } sessionTarget { id } }
        campaign { goalPacing { metric target actual progress projected onPace goal { id } sessionTarget { id } } }
      } } }`,
      { id: sessionId },
      owner.token,
    );
    const [gmv, ad] = node.goalPacing;
    // Minutes into a 2-hour session: 10 000 so far projects far beyond the target.
    expect(gmv).toMatchObject({ metric: 'GMV_PAID', target: 20_000, actual: 10_000, progress: 0.5, onPace: true, goal: { id: gmvGoal } });
    expect(gmv.projected).toBeGreaterThan(20_000);
    expect(gmv.sessionTarget.id).toBeTruthy();
    expect(ad).toMatchObject({ metric: 'AD_SPEND', actual: null, progress: null, projected: null, onPace: null });
    // The campaign runs in 2030: actuals count already, the projection waits for its start.
    expect(node.campaign.goalPacing).toEqual([
      { metric: 'GMV_PAID', target: 20_000, actual: 10_000, progress: 0.5, projected: null, onPace: null, goal: { id: gmvGoal }, sessionTarget: null },
      { metric: 'AD_SPEND', target: 5000, actual: null, progress: null, projected: null, onPace: null, goal: { id: adGoal }, sessionTarget: null },
    ]);
  });

  it('recognises repeat buyers across sessions and sums follower growth', async () => {
    const other = await signUpOrg(t);
    const campaignId = await seedCampaign(t, other.token, 0, 48);
    const first = await seedSession(t, other.token, { campaignId, startHour: 10 });
    const second = await seedSession(t, other.token, { campaignId, startHour: 30 });
    const outside = await seedSession(t, other.token, { startHour: 40 });
    const send = async (sessionId: string, events: Record<string, unknown>[]) => {
      await mutate(t, other.token, 'scheduleSession', { id: sessionId }, 'session { id }');
      await mutate(t, other.token, 'ingestEvents', { sessionId, events }, 'acceptedCount');
    };
    const buy = (viewer: string, order: string) => [
      { id: `${order}-c`, kind: 'ORDER_CREATED', viewer, orderId: order, amount: 100, occurredAt: minutesAgo(5) },
      { id: `${order}-p`, kind: 'ORDER_PAID', viewer, orderId: order, occurredAt: minutesAgo(4) },
    ];
    await send(first, [...buy('x', 'X1'), ...buy('y', 'Y1'), { id: 'f1', kind: 'FOLLOW', viewer: 'x', occurredAt: minutesAgo(3) }, { id: 'f2', kind: 'FOLLOW', viewer: 'y', occurredAt: minutesAgo(3) }]);
    await send(second, [...buy('x', 'X2'), { id: 'f3', kind: 'FOLLOW', viewer: 'z', occurredAt: minutesAgo(3) }, { id: 'o', kind: 'ORDER_CREATED', viewer: 'z', orderId: 'Z1', amount: 5, occurredAt: minutesAgo(3) }]);
    await send(outside, [...buy('y', 'Y2'), { id: 'f4', kind: 'FOLLOW', viewer: 'w', occurredAt: minutesAgo(3) }]);

    const query = `query($from: DateTime!, $to: DateTime!, $campaignId: ID) { organization { buyerRetention(from: $from, to: $to, campaignId: $campaignId) {
      buyers repeatBuyers repurchaseRate followerGrowth sessions { session { id } newFollowers } } } }`;
    const window = { from: minutesAgo(60), to: minutesAgo(-60) };
    const inCampaign = await t.gql<{ organization: any }>(query, { ...window, campaignId }, other.token);
    expect(inCampaign.organization.buyerRetention).toEqual({
      buyers: 2, repeatBuyers: 1, repurchaseRate: 0.5, followerGrowth: 3,
      sessions: [{ session: { id: first }, newFollowers: 2 }, { session: { id: second }, newFollowers: 1 }],
    });
    const everywhere = await t.gql<{ organization: any }>(query, window, other.token);
    expect(everywhere.organization.buyerRetention).toMatchObject({ buyers: 2, repeatBuyers: 2, repurchaseRate: 1, followerGrowth: 4 });
    // Another organization sees none of it.
    const stranger = await t.gql<{ organization: any }>(query, window, owner.token);
    expect(stranger.organization.buyerRetention).toMatchObject({ buyers: expect.any(Number), followerGrowth: 0 });
    expect(stranger.organization.buyerRetention.sessions.map((row: any) => row.session.id)).not.toContain(first);
  });

  it('coalesces metric ticks: many fast flushes give a few ticks, the last with the final version', async () => {
    const sessionId = await seedSession(t, owner.token);
    const local = localSessionId(sessionId);
    const subscription = subscribe(t.url, owner.token, 'subscription($id: ID!) { sessionMetrics(sessionId: $id) { version comments } }', { id: sessionId });
    try {
      await waitUntil(() => t.app.services.realtime.subscriberCount('session:metrics', local) > 0, 'the subscription is registered');
      const started = Date.now();
      for (let flush = 0; flush < 50; flush += 1) {
        await applyDirectly([accepted(local, 'COMMENT', { viewerId: randomUUID() })]);
        t.app.services.liveMetrics.afterCommit([local]);
      }
      const elapsed = Date.now() - started;
      await waitUntil(() => subscription.results.at(-1)?.data?.sessionMetrics?.version === 50, 'the final version arrives');
      expect(subscription.results.at(-1)!.data!.sessionMetrics).toEqual({ version: 50, comments: 50 });
      // At most one tick per 250 ms window plus the leading and trailing ones.
      expect(subscription.results.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 2);
      expect(subscription.results.length).toBeLessThan(50);
    } finally {
      await subscription.dispose();
    }
  });

  it('refuses the metrics subscription of another organization’s session', async () => {
    const other = await signUpOrg(t);
    const sessionId = await seedSession(t, other.token);
    const subscription = subscribe(t.url, owner.token, 'subscription($id: ID!) { sessionMetrics(sessionId: $id) { version } }', { id: sessionId });
    try {
      await subscription.received(1);
      const message = subscription.results[0]?.errors?.[0]?.message ?? String((subscription.error as any)?.[0]?.message ?? subscription.error);
      expect(message).toMatch(/not found|LiveSession/i);
    } finally {
      await subscription.dispose();
    }
  });
});
