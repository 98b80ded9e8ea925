import { decodeGlobalID } from '@pothos/plugin-relay';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, signUpOrg, type SignedIn } from '../support/seed.js';
import { addProduct, seedProduct, seedSession } from '../support/sessions-seed.js';

const SUBSCRIPTION = `subscription($id: ID!) { sessionUpdated(id: $id) {
  id status version currentSegment { title } lineup { stockReserved product { title } }
} }`;

type Result = { data?: { sessionUpdated: any } | null; errors?: { message: string }[] };

describe('sessionUpdated subscription', () => {
  let t: TestApp;
  let owner: SignedIn;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  });
  afterAll(() => t.close());

  /** Subscribes over graphql-ws and returns a function that waits for the next `count` results. */
  function subscribe(token: string | null, id: string) {
    const client = createClient({
      url: `${t.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
    });
    clients.push(client);
    const iterator = client.iterate({ query: SUBSCRIPTION, variables: { id } })[Symbol.asyncIterator]();
    return async (count = 1): Promise<Result[]> => {
      const results: Result[] = [];
      while (results.length < count) {
        const next = await Promise.race([
          iterator.next(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${results.length} of ${count} results`)), 5000)),
        ]);
        if (next.done) break;
        results.push(next.value as Result);
      }
      return results;
    };
  }

  /** graphql-ws has no subscribed acknowledgement: wait until the server listens to the session's topic. */
  async function settle(id: string): Promise<void> {
    const sessionId = decodeGlobalID(id).id;
    const deadline = Date.now() + 5_000;
    while (t.app.services.realtime.subscriberCount('session:updated', sessionId) === 0) {
      if (Date.now() > deadline) throw new Error('the subscription was never registered');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('delivers the started session with its new status and a higher version', async () => {
    const id = await seedSession(t, owner.token, { startHour: 0 });
    await mutate(t, owner.token, 'createSegment', { sessionId: id, kind: 'WARM_UP', title: '开场', plannedOffsetSeconds: 0, plannedDurationSeconds: 300 }, 'segment { id }');
    const { session: scheduled } = await mutate(t, owner.token, 'scheduleSession', { id }, 'session { version }');
    const next = subscribe(owner.token, id);
    await settle(id);
    await mutate(t, owner.token, 'startSession', { id }, 'session { id }');
    const [update] = await next();
    expect(update!.errors).toBeUndefined();
    expect(update!.data!.sessionUpdated).toMatchObject({ id, status: 'LIVE', currentSegment: { title: '开场' } });
    expect(update!.data!.sessionUpdated.version).toBeGreaterThan(scheduled.version);
  });

  it('reads every event fresh, nested lists included', async () => {
    const id = await seedSession(t, owner.token, { startHour: 10 });
    const itemId = await addProduct(t, owner.token, id, await seedProduct(t, owner.token, 100, '面霜'));
    const host = await addMember(t, owner, 'HOST');
    const next = subscribe(host.token, id);
    await settle(id);
    for (const stockReserved of [10, 20]) {
      await mutate(t, owner.token, 'confirmLineupItem', { id: itemId, stockReserved, livePriceAmount: 100, deliveryPromise: '现货' }, 'lineupItem { id }');
    }
    await mutate(t, owner.token, 'updateSession', { id, title: 'renamed' }, 'session { id }');
    const updates = (await next(3)).map((result) => result.data!.sessionUpdated);
    expect(updates.map((session) => session.lineup[0].stockReserved)).toEqual([10, 20, 20]);
    expect(updates.map((session) => session.version)).toEqual([3, 4, 5]);
  });

  it('refuses another organization’s session exactly like an unknown one, and anonymous callers', async () => {
    const id = await seedSession(t, owner.token, { startHour: 20 });
    const stranger = await signUpOrg(t);
    const [foreign] = await subscribe(stranger.token, id)();
    expect(foreign!.errors?.[0]?.message).toMatch(/^LiveSession .* was not found$/);
    const unknown = Buffer.from('LiveSession:00000000-0000-7000-8000-000000000000').toString('base64');
    const [missing] = await subscribe(stranger.token, unknown)();
    expect(missing!.errors?.[0]?.message).toMatch(/^LiveSession .* was not found$/);
    const [anonymous] = await subscribe(null, id)();
    expect(anonymous!.errors?.[0]?.message).toMatch(/Sign in first/);
  });

  it('tells subscribers when a draft is deleted', async () => {
    const id = await seedSession(t, owner.token, { startHour: 30 });
    const next = subscribe(owner.token, id);
    await settle(id);
    await mutate(t, owner.token, 'deleteSession', { id }, 'deletedId');
    const [update] = await next();
    expect(update!.data!.sessionUpdated).toBeNull();
  });
});
