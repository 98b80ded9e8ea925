import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, signUpOrg, type SignedIn } from '../support/seed.js';
import { seedSession } from '../support/sessions-seed.js';
import { subscribe as open, waitUntil, type Subscription } from '../support/realtime-clients.js';

const UPDATED = `subscription Updated($id: ID!) { sessionUpdated(id: $id) { id title version lineup { stockReserved } } }`;
const EVENTS = `subscription Events($sessionId: ID!, $kinds: [AudienceEventKind!]) {
  sessionEvents(sessionId: $sessionId, kinds: $kinds) { version events { seq kind text count } }
}`;

describe('shared subscriptions over graphql-ws', () => {
  let t: TestApp;
  let owner: SignedIn;
  const opened: Subscription[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((subscription) => subscription.dispose()));
    await waitUntil(() => hub().stats().groups === 0, 'every group stopped');
  });
  afterAll(() => t.close());

  const hub = () => t.app.services.realtime.hub;
  const localId = (id: string) => decodeGlobalID(id).id;
  /** graphql-ws has no subscribed acknowledgement: a group is ready once its source listens to the topic. */
  const listeners = (topic: 'session:updated' | 'session:events', id: string) => t.app.services.realtime.subscriberCount(topic, localId(id));

  function subscribe(token: string | null, query: string, variables: Record<string, unknown>): Subscription {
    const subscription = open(t.url, token, query, variables);
    opened.push(subscription);
    return subscription;
  }

  function notice(sessionId: string, events: { seq: number; kind: string; text?: string; count?: number }[]) {
    return {
      sessionId: localId(sessionId),
      organizationId: localId(owner.organizationId),
      version: events.at(-1)!.seq,
      events: events.map(({ seq, kind, ...data }) => ({ seq, kind, occurredAt: new Date().toISOString(), viewerId: null, productId: null, data })),
    };
  }

  /** Subscribes `count` owners' sockets to `sessionUpdated`, renames the session and returns what it cost. */
  async function renameWith(count: number, id: string, title: string) {
    const subscriptions = Array.from({ length: count }, () => subscribe(owner.token, UPDATED, { id }));
    await waitUntil(() => hub().stats().subscribers === count && listeners('session:updated', id) === 1, `${count} subscribers joined`);
    expect(hub().stats().groups).toBe(1);
    const executions = hub().stats().executions;
    t.sql.reset();
    await mutate(t, owner.token, 'updateSession', { id, title }, 'session { id }');
    await Promise.all(subscriptions.map((subscription) => subscription.received(1)));
    return { subscriptions, statements: t.sql.statements.length, executions: hub().stats().executions - executions };
  }

  it('runs one execution per event for 50 subscribers of the same operation, with the statements of one subscriber, and sends them identical payloads', async () => {
    const id = await seedSession(t, owner.token, { startHour: 0 });
    const single = await renameWith(1, id, 'alone');
    await single.subscriptions[0]!.dispose();
    await waitUntil(() => hub().stats().groups === 0, 'the single subscriber’s group stopped');

    const fifty = await renameWith(50, id, 'crowd');
    expect(single.executions).toBe(1);
    expect(fifty.executions).toBe(1);
    expect(fifty.statements).toBe(single.statements);
    const payloads = new Set(fifty.subscriptions.map((subscription) => JSON.stringify(subscription.results)));
    expect(payloads.size).toBe(1);
    expect(fifty.subscriptions[0]!.results).toEqual([{ data: { sessionUpdated: expect.objectContaining({ id, title: 'crowd' }) } }]);
  });

  it('forms one group per permission scope and per variables', async () => {
    const id = await seedSession(t, owner.token, { startHour: 10 });
    const host = await addMember(t, owner, 'HOST');
    const owners = [subscribe(owner.token, UPDATED, { id }), subscribe(owner.token, UPDATED, { id })];
    const hosts = [subscribe(host.token, UPDATED, { id })];
    const allKinds = [subscribe(owner.token, EVENTS, { sessionId: id }), subscribe(owner.token, EVENTS, { sessionId: id, kinds: null })];
    const likes = [subscribe(owner.token, EVENTS, { sessionId: id, kinds: ['LIKE'] }), subscribe(owner.token, EVENTS, { kinds: ['LIKE'], sessionId: id })];
    await waitUntil(
      () => hub().stats().subscribers === 7 && listeners('session:updated', id) === 2 && listeners('session:events', id) === 3,
      'seven subscribers joined',
    );
    // `{sessionId}` and `{sessionId, kinds: null}` differ as variables, so they are two groups; key order does not matter.
    expect(hub().stats().groups).toBe(5);

    t.app.services.realtime.publish('session:events', localId(id), notice(id, [{ seq: 1, kind: 'COMMENT', text: '有链接吗' }]));
    t.app.services.realtime.publish('session:events', localId(id), notice(id, [{ seq: 2, kind: 'COMMENT', text: '好看' }, { seq: 3, kind: 'LIKE', count: 5 }]));
    await mutate(t, owner.token, 'updateSession', { id, title: 'scoped' }, 'session { id }');
    await Promise.all([...owners, ...hosts].map((subscription) => subscription.received(1)));
    await Promise.all(allKinds.map((subscription) => subscription.received(2)));
    await Promise.all(likes.map((subscription) => subscription.received(1)));

    expect(hosts[0]!.results).toEqual(owners[0]!.results);
    expect(allKinds[0]!.results.map((result) => result.data.sessionEvents)).toEqual([
      { version: 1, events: [{ seq: 1, kind: 'COMMENT', text: '有链接吗', count: 1 }] },
      { version: 3, events: [{ seq: 2, kind: 'COMMENT', text: '好看', count: 1 }, { seq: 3, kind: 'LIKE', text: null, count: 5 }] },
    ]);
    // The comment-only batch is not sent to LIKE subscribers at all; the mixed one arrives filtered.
    expect(likes[0]!.results.map((result) => result.data.sessionEvents)).toEqual([{ version: 3, events: [{ seq: 3, kind: 'LIKE', text: null, count: 5 }] }]);
    expect(likes[1]!.results).toEqual(likes[0]!.results);
  });

  it('sends a subscribe-time error only to the subscriber it concerns, while the group runs on', async () => {
    const id = await seedSession(t, owner.token, { startHour: 20 });
    const members = [subscribe(owner.token, UPDATED, { id }), subscribe(owner.token, UPDATED, { id })];
    await waitUntil(() => hub().stats().subscribers === 2, 'two subscribers joined');

    const stranger = await signUpOrg(t);
    const foreign = subscribe(stranger.token, UPDATED, { id });
    const anonymous = subscribe(null, UPDATED, { id });
    await Promise.all([foreign.received(1), anonymous.received(1)]);
    expect(foreign.results[0]?.errors?.[0]?.message ?? String(foreign.error)).toMatch(/^LiveSession .* was not found$/);
    expect(anonymous.results[0]?.errors?.[0]?.message ?? String(anonymous.error)).toMatch(/Sign in first/);
    expect(hub().stats()).toMatchObject({ groups: 1, subscribers: 2 });

    await mutate(t, owner.token, 'updateSession', { id, title: 'still running' }, 'session { id }');
    await Promise.all(members.map((subscription) => subscription.received(1)));
    for (const member of members) expect(member.results).toEqual([{ data: { sessionUpdated: expect.objectContaining({ title: 'still running' }) } }]);
  });

  it('answers queries over graphql-ws as before, outside the hub', async () => {
    const query = subscribe(owner.token, '{ organization { id } }', {});
    await query.received(1);
    expect(query.results).toEqual([{ data: { organization: { id: owner.organizationId } } }]);
    expect(hub().stats().groups).toBe(0);
  });

  it('keeps serving the others when a subscriber leaves, and stops the source when the last one leaves', async () => {
    const id = await seedSession(t, owner.token, { startHour: 30 });
    const [leaving, ...staying] = [subscribe(owner.token, UPDATED, { id }), subscribe(owner.token, UPDATED, { id }), subscribe(owner.token, UPDATED, { id })];
    await waitUntil(() => hub().stats().subscribers === 3, 'three subscribers joined');
    expect(t.app.services.realtime.subscriberCount('session:updated', localId(id))).toBe(1);

    await leaving!.dispose();
    await waitUntil(() => hub().stats().subscribers === 2, 'the first subscriber left');
    await mutate(t, owner.token, 'updateSession', { id, title: 'after one left' }, 'session { id }');
    await Promise.all(staying.map((subscription) => subscription.received(1)));
    expect(leaving!.results).toEqual([]);

    await Promise.all(staying.map((subscription) => subscription.dispose()));
    await waitUntil(() => hub().stats().groups === 0, 'the group stopped');
    expect(t.app.services.realtime.subscriberCount('session:updated', localId(id))).toBe(0);
  });
});
