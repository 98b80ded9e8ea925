import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, signUpOrg, type SignedIn } from '../support/seed.js';
import { addProduct, seedProduct, seedSession } from '../support/sessions-seed.js';
import { localSessionId, readStoredMetrics, recomputeSessionMetrics } from '../support/metrics-recompute.js';

/**
 * A randomized audience (seeded, the seed is printed) through `ingestEvents` of two API processes
 * on one database: the incrementally maintained metrics must equal a recomputation over the raw
 * log. Events whose effect does not depend on arrival order go in concurrent, partly duplicated
 * batches; presence and orders, whose effect does, go in sequential batches of random sizes.
 */

function mulberry32(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

type Wire = Record<string, unknown> & { id: string; kind: string };

let t: TestApp;
/** A second API process on the same database: flushes of both race for the same rows. */
let second: TestApp;
let owner: SignedIn;

beforeAll(async () => {
  t = await startTestApp();
  second = await startTestApp({ databaseUrl: t.databaseUrl });
  owner = await signUpOrg(t);
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

async function ingest(sessionId: string, events: Wire[], through: TestApp = t) {
  return mutate(through, owner.token, 'ingestEvents', { sessionId, events }, 'acceptedCount duplicateCount rejectedCount');
}

describe('live metrics against a recomputation', () => {
  it('equal a GROUP BY recomputation of a randomized stream sent in random, concurrent and repeated batches', { timeout: 120_000 }, async () => {
    const seed = Number(process.env.METRICS_SEED ?? Date.now() % 1_000_000);
    console.log(`live-metrics-recompute seed: ${seed} (rerun with METRICS_SEED=${seed})`);
    const random = mulberry32(seed);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

    const products: string[] = [];
    for (let index = 0; index < 4; index += 1) products.push(await seedProduct(t, owner.token, 1000));
    const sessionId = await seedSession(t, owner.token);
    for (const product of products) await addProduct(t, owner.token, sessionId, product);
    for (const [index, kind] of (['WARM_UP', 'PRODUCT_PITCH', 'FLASH_SALE'] as const).entries()) {
      await mutate(t, owner.token, 'createSegment', {
        sessionId, kind, title: `Segment ${index}`, plannedOffsetSeconds: index * 1200, plannedDurationSeconds: 1200,
      }, 'segment { id }');
    }
    await mutate(t, owner.token, 'scheduleSession', { id: sessionId }, 'session { id }');
    await mutate(t, owner.token, 'startSession', { id: sessionId }, 'session { id }');

    let clock = Date.now() - 45 * 60_000;
    let counter = 0;
    const next = (kind: string, fields: Record<string, unknown> = {}): Wire => {
      clock += between(50, 900);
      counter += 1;
      return { id: `e${counter}`, kind, occurredAt: new Date(clock).toISOString(), ...fields };
    };
    const viewers = Array.from({ length: 300 }, (_, index) => `viewer-${index}`);
    const batches = (events: Wire[]) => {
      const result: Wire[][] = [];
      for (let start = 0; start < events.length; ) {
        const size = between(1, 250);
        result.push(events.slice(start, start + size));
        start += size;
      }
      return result;
    };
    const sequential = async (events: Wire[]) => {
      for (const batch of batches(events)) {
        await ingest(sessionId, batch, random() < 0.5 ? t : second);
        // A connector retrying a batch it is unsure about: every event is a duplicate.
        if (random() < 0.1) expect((await ingest(sessionId, batch, second)).duplicateCount).toBe(batch.length);
      }
    };

    // 1. Everyone arrives (sequential: presence and first appearances depend on order).
    await sequential(viewers.map((viewer) => next('VIEWER_JOINED', { viewer })));

    // 2. Order-independent interaction, concurrently and partly twice.
    await mutate(t, owner.token, 'advanceSegment', { sessionId, direction: 'NEXT' }, 'segment { id }');
    const interaction: Wire[] = [];
    for (let index = 0; index < 3000; index += 1) {
      const viewer = pick(viewers);
      const roll = random();
      if (roll < 0.3) interaction.push(next('COMMENT', { viewer, text: `好 ${index}` }));
      else if (roll < 0.5) interaction.push(next('LIKE', { viewer, count: between(1, 30) }));
      else if (roll < 0.55) interaction.push(next('SHARE', { viewer }));
      else if (roll < 0.6) interaction.push(next('FOLLOW', { viewer }));
      else if (roll < 0.62) interaction.push(next('FAN_CLUB_JOIN', { viewer }));
      else if (roll < 0.77) interaction.push(next('PRODUCT_IMPRESSION', { viewer, product: pick(products) }));
      else if (roll < 0.87) interaction.push(next('PRODUCT_CLICK', { viewer, product: pick(products) }));
      else if (roll < 0.95) interaction.push(next('ADD_TO_CART', { viewer, product: pick(products) }));
      else interaction.push(next('VIEWER_COUNT', { count: between(100, 5000) }));
    }
    const concurrentBatches = batches(interaction);
    const resent = concurrentBatches.filter(() => random() < 0.2);
    const queue = [...concurrentBatches, ...resent];
    for (let start = 0; start < queue.length; start += 4) {
      await Promise.all(queue.slice(start, start + 4).map((batch, index) => ingest(sessionId, batch, index % 2 ? second : t)));
    }

    // 3. Presence churn, new viewers and orders, sequentially.
    await mutate(t, owner.token, 'advanceSegment', { sessionId, direction: 'NEXT' }, 'segment { id }');
    const everyone = [...viewers, ...Array.from({ length: 60 }, (_, index) => `late-${index}`)];
    const orders: { id: string; viewer: string; amount: number; paid: boolean }[] = [];
    const mixed: Wire[] = [];
    for (let index = 0; index < 2000; index += 1) {
      const viewer = pick(everyone);
      const roll = random();
      if (roll < 0.2) mixed.push(next('VIEWER_JOINED', { viewer }));
      else if (roll < 0.38) mixed.push(next('VIEWER_LEFT', { viewer }));
      else if (roll < 0.5) mixed.push(next('COMMENT', { viewer, text: '多少钱' }));
      else if (roll < 0.58) mixed.push(next('PRODUCT_CLICK', { viewer, product: pick(products) }));
      else if (roll < 0.7) {
        const lines = Array.from({ length: between(1, 2) }, (_, line) => ({ product: products[(index + line) % products.length]!, quantity: between(1, 3), unitPrice: between(990, 9990) }));
        const amount = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
        const order = { id: `order-${index}`, viewer, amount, paid: false };
        orders.push(order);
        mixed.push(next('ORDER_CREATED', { viewer, orderId: order.id, amount, items: lines, couponCode: random() < 0.3 ? 'COUPON10' : undefined }));
        // Sometimes the platform sends the creation twice under another event id.
        if (random() < 0.05) mixed.push(next('ORDER_CREATED', { viewer, orderId: order.id, amount, items: lines }));
      } else if (roll < 0.85 && orders.length) {
        const order = pick(orders);
        order.paid = true;
        mixed.push(next('ORDER_PAID', { viewer: order.viewer, orderId: order.id }));
      } else if (roll < 0.9 && orders.some((order) => order.paid)) {
        const order = pick(orders.filter((candidate) => candidate.paid));
        const partial = random() < 0.5;
        mixed.push(next('ORDER_REFUNDED', { viewer: order.viewer, orderId: order.id, ...(partial ? { amount: Math.floor(order.amount / 3) } : {}) }));
      } else if (roll < 0.93) {
        // A payment or refund for an order whose creation never reached us.
        mixed.push(next(random() < 0.7 ? 'ORDER_PAID' : 'ORDER_REFUNDED', { viewer, orderId: `ghost-${index}` }));
      } else if (roll < 0.96) mixed.push(next('VIEWER_COUNT', { count: between(100, 5000) }));
      else mixed.push(next('LIKE', { viewer, count: between(1, 99) }));
    }
    await sequential(mixed);

    const local = localSessionId(sessionId);
    const [stored, recomputed] = await Promise.all([readStoredMetrics(t.databaseUrl, local), recomputeSessionMetrics(t.databaseUrl, local)]);
    expect(recomputed.totals.pv).toBeGreaterThan(300);
    expect(recomputed.totals.commenting_viewers).toBeLessThan(recomputed.totals.uv!);
    expect(recomputed.totals.orders_paid).toBeGreaterThan(10);
    expect(Object.keys(recomputed.segments)).toHaveLength(3);
    expect(stored.totals).toEqual(recomputed.totals);
    expect(stored.products).toEqual(recomputed.products);
    expect(stored.segments).toEqual(recomputed.segments);
    expect(stored.minutes).toEqual(recomputed.minutes);

    const { node } = await t.gql<{ node: { liveMetrics: Record<string, any> } }>(
      `query($id: ID!) { node(id: $id) { ... on LiveSession { liveMetrics {
        pv uv comments likes buyers ordersPaid peakOnline gmvPaid { amount } conversionRate
      } } } }`,
      { id: sessionId },
      owner.token,
    );
    const totals = recomputed.totals;
    expect(node.liveMetrics).toEqual({
      pv: totals.pv, uv: totals.uv, comments: totals.comments, likes: totals.likes, buyers: totals.buyers, ordersPaid: totals.orders_paid,
      peakOnline: totals.peak_online, gmvPaid: { amount: totals.gmv_paid }, conversionRate: totals.buyers! / totals.uv!,
    });
  });
});
