import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphQLClient, createGraphQLShowSource, createHttpSink, SimulationRunner, type WireEvent } from '@broadcart/api';
import { mutate, signUpOrg, type SignedIn } from '../support/seed.js';
import { addProduct, seedProduct, seedSession } from '../support/sessions-seed.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const METRICS = `query($id: ID!) { node(id: $id) { ... on LiveSession { liveMetrics {
  version pv uv likes comments shares follows productImpressions productClicks addToCarts ordersCreated ordersPaid
} } } }`;

describe('audience simulator against the ingestion API', () => {
  let t: TestApp;
  let owner: SignedIn;
  let sessionId: string;
  let lipsticks: string[];
  let serum: string[];
  let source: { sourceId: string; secret: string };

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
    const products = [await seedProduct(t, owner.token), await seedProduct(t, owner.token), await seedProduct(t, owner.token)];
    sessionId = await seedSession(t, owner.token, { hours: 3 });
    for (const product of products) await addProduct(t, owner.token, sessionId, product);
    lipsticks = products.slice(0, 2);
    serum = products.slice(2);
    await mutate(t, owner.token, 'replaceRunOfShow', {
      sessionId,
      segments: [
        { kind: 'PRODUCT_PITCH', title: '口红 Lipsticks', plannedOffsetSeconds: 0, plannedDurationSeconds: 3600, productIds: lipsticks },
        { kind: 'FLASH_SALE', title: '精华秒杀 Serum', plannedOffsetSeconds: 3600, plannedDurationSeconds: 3600, productIds: serum },
      ],
    }, 'session { id }');
    await mutate(t, owner.token, 'scheduleSession', { id: sessionId }, 'session { id }');
    await mutate(t, owner.token, 'startSession', { id: sessionId }, 'session { id }');
    const created = await mutate(t, owner.token, 'createIngestSource', { name: 'simulator', platform: 'DOUYIN' }, 'source { sourceId } secret');
    source = { sourceId: created.source.sourceId, secret: created.secret };
  });
  afterAll(() => t.close());

  it('drives 40 s of show through signed /ingest in accelerated time, follows the segment change, and moves the live metrics to match', async () => {
    const before = (await t.gql(METRICS, { id: sessionId }, owner.token)).node.liveMetrics;
    expect(before.likes).toBe(0);

    const sent: WireEvent[] = [];
    const httpSink = createHttpSink(t.url, source.sourceId, source.secret);
    const graphqlShow = createGraphQLShowSource(createGraphQLClient(t.url, owner.token), sessionId);
    let reads = 0;
    let switchedAt = -1;
    const runner = new SimulationRunner({
      sessionId,
      runId: 'itest',
      seed: 7,
      peakViewers: 60,
      durationSeconds: 40,
      speed: Infinity,
      sink: {
        async send(id, events) {
          const reply = await httpSink.send(id, events);
          sent.push(...events);
          return reply;
        },
      },
      showSource: {
        // The operator moves to the flash sale 20 s into the show.
        async read() {
          if (++reads === 21) {
            await mutate(t, owner.token, 'advanceSegment', { sessionId, direction: 'NEXT' }, 'session { id }');
            switchedAt = sent.length;
          }
          return graphqlShow.read();
        },
      },
    });

    expect(await runner.run()).toBe('DURATION');
    expect(runner.stats.rejected).toBe(0);
    expect(runner.stats.errors).toBe(0);
    expect(runner.stats.accepted).toBe(sent.length);
    expect(switchedAt).toBeGreaterThan(0);

    const productEvents = (events: WireEvent[]) => events.filter((event) => ['PRODUCT_IMPRESSION', 'PRODUCT_CLICK', 'ADD_TO_CART'].includes(event.kind));
    const firstHalf = productEvents(sent.slice(0, switchedAt));
    const secondHalf = productEvents(sent.slice(switchedAt));
    expect(firstHalf.length).toBeGreaterThan(0);
    expect(secondHalf.length).toBeGreaterThan(0);
    expect(new Set(firstHalf.map((event) => event.product))).toEqual(new Set(lipsticks));
    expect(new Set(secondHalf.map((event) => event.product))).toEqual(new Set(serum));

    const count = (kind: string) => sent.filter((event) => event.kind === kind).length;
    const after = (await t.gql(METRICS, { id: sessionId }, owner.token)).node.liveMetrics;
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.likes).toBe(sent.filter((event) => event.kind === 'LIKE').reduce((sum, event) => sum + (event.count ?? 1), 0));
    expect(after.comments).toBe(count('COMMENT'));
    expect(after.pv).toBe(count('VIEWER_JOINED'));
    expect(after.uv).toBe(new Set(sent.filter((event) => event.kind === 'VIEWER_JOINED').map((event) => event.viewer)).size);
    expect(after.productImpressions).toBe(count('PRODUCT_IMPRESSION'));
    expect(after.productClicks).toBe(count('PRODUCT_CLICK'));
    expect(after.addToCarts).toBe(count('ADD_TO_CART'));
  });

  it('resends nothing twice: a second run with the same run id and seed is all duplicates', async () => {
    const before = (await t.gql(METRICS, { id: sessionId }, owner.token)).node.liveMetrics;
    const options = { sessionId, runId: 'again', seed: 9, peakViewers: 20, durationSeconds: 5, speed: Infinity };
    const sink = createHttpSink(t.url, source.sourceId, source.secret);
    const show = createGraphQLShowSource(createGraphQLClient(t.url, owner.token), sessionId);
    const first = new SimulationRunner({ ...options, sink, showSource: show });
    await first.run();
    const middle = (await t.gql(METRICS, { id: sessionId }, owner.token)).node.liveMetrics;
    expect(middle.likes).toBeGreaterThan(before.likes);

    const second = new SimulationRunner({ ...options, sink, showSource: show });
    await second.run();
    expect(second.stats.accepted).toBe(0);
    expect(second.stats.duplicates).toBe(first.stats.accepted);
    const after = (await t.gql(METRICS, { id: sessionId }, owner.token)).node.liveMetrics;
    expect(after).toEqual(middle);
  });

  it('stops with SESSION_ENDED when the operator ends the show', async () => {
    const runner = new SimulationRunner({
      sessionId,
      runId: 'ending',
      seed: 3,
      peakViewers: 10,
      durationSeconds: 600,
      speed: 50,
      sink: createHttpSink(t.url, source.sourceId, source.secret),
      showSource: createGraphQLShowSource(createGraphQLClient(t.url, owner.token), sessionId),
    });
    const done = runner.run();
    await expect.poll(() => runner.stats.accepted).toBeGreaterThan(0);
    await mutate(t, owner.token, 'endSession', { id: sessionId }, 'session { id }');
    expect(await done).toBe('SESSION_ENDED');
  });
});
