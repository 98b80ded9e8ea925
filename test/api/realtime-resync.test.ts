import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, signUpOrg, type SignedIn } from '../support/seed.js';
import { seedSession } from '../support/sessions-seed.js';
import { subscribe, waitUntil, type Subscription } from '../support/realtime-clients.js';

const EVENTS = `subscription($sessionId: ID!) { sessionEvents(sessionId: $sessionId) { version events { seq kind text } } }`;
const PAGE = `query($id: ID!, $afterSeq: SafeInt, $kinds: [AudienceEventKind!], $first: Int) {
  node(id: $id) { ... on LiveSession { audienceEvents(afterSeq: $afterSeq, kinds: $kinds, first: $first) { version hasMore events { seq kind text count } } } }
}`;

type Event = { seq: number; kind: string; text: string | null };

describe('sessionEvents resync', () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
  });
  afterAll(() => t.close());

  async function liveSession(startHour: number): Promise<string> {
    const id = await seedSession(t, owner.token, { startHour });
    await mutate(t, owner.token, 'scheduleSession', { id }, 'session { id }');
    return id;
  }

  let counter = 0;
  const start = Date.now() - 60_000;
  /** Ingests comments (one flush per call) and returns their seqs; a flush numbers its events by occurrence, so each comes 1 ms after the previous. */
  async function comment(id: string, ...texts: string[]): Promise<number[]> {
    const reply = await mutate(t, owner.token, 'ingestEvents', {
      sessionId: id,
      events: texts.map((text) => ({ id: `e${++counter}`, kind: 'COMMENT', viewer: `v${counter}`, text, occurredAt: new Date(start + counter).toISOString() })),
    }, 'accepted { seq } rejected { reason }');
    expect(reply.rejected).toEqual([]);
    return reply.accepted.map((accepted: { seq: number }) => accepted.seq);
  }

  async function page(id: string, args: { afterSeq?: number; kinds?: string[]; first?: number }) {
    return (await t.gql<{ node: { audienceEvents: { version: number; hasMore: boolean; events: (Event & { count: number })[] } } }>(PAGE, { id, ...args }, owner.token)).node.audienceEvents;
  }

  const listening = (id: string) => t.app.services.realtime.subscriberCount('session:events', decodeGlobalID(id).id);

  it('ends with every seq exactly once after a client disconnects, misses events and resumes from its last version', async () => {
    const id = await liveSession(0);
    const applied: Event[] = [];
    let version = 0;
    /** The client's rule: apply an event unless its seq was applied already. */
    const apply = (events: Event[]) => {
      for (const event of events) if (!applied.some((seen) => seen.seq === event.seq)) applied.push(event);
    };

    let live: Subscription = subscribe(t.url, owner.token, EVENTS, { sessionId: id });
    await waitUntil(() => listening(id) === 1, 'the first connection listens');
    const before = [...(await comment(id, 'a', 'b')), ...(await comment(id, 'c'))];
    await live.received(2);
    for (const result of live.results) {
      apply(result.data.sessionEvents.events);
      version = result.data.sessionEvents.version;
    }
    expect(version).toBe(before.at(-1));
    await live.dispose();
    await waitUntil(() => listening(id) === 0, 'the first connection is gone');

    const missed = [...(await comment(id, 'd', 'e')), ...(await comment(id, 'f', 'g'))];

    // Reconnect: subscribe first and hold the batches, then page from the last version applied.
    live = subscribe(t.url, owner.token, EVENTS, { sessionId: id });
    await waitUntil(() => listening(id) === 1, 'the second connection listens');
    const duringResync = await comment(id, 'h');
    await live.received(1);
    let cursor = version;
    for (;;) {
      const next = await page(id, { afterSeq: cursor, first: 2 });
      apply(next.events);
      cursor = next.version;
      if (!next.hasMore) break;
    }
    for (const result of live.results) apply(result.data.sessionEvents.events);
    const after = await comment(id, 'i');
    await live.received(2);
    apply(live.results[1]!.data.sessionEvents.events);
    await live.dispose();

    // 'h' came both live and in the last page: applied once.
    const all = [...before, ...missed, ...duringResync, ...after];
    expect(applied.map((event) => event.seq)).toEqual(all);
    expect(applied.map((event) => event.text)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
  });

  it('pages the log in seq order after a seq, filters kinds, and refuses pages above 1000', async () => {
    const id = await liveSession(10);
    const [first] = await comment(id, 'x');
    const reply = await mutate(t, owner.token, 'ingestEvents', {
      sessionId: id,
      events: [
        { id: 'like-1', kind: 'LIKE', viewer: 'v-like', count: 7, occurredAt: new Date().toISOString() },
        { id: 'c-last', kind: 'COMMENT', viewer: 'v-like', text: 'y', occurredAt: new Date().toISOString() },
      ],
    }, 'accepted { seq }');
    const [like, second] = reply.accepted.map((accepted: { seq: number }) => accepted.seq) as [number, number];
    // A flush numbers its rows in its own order, not necessarily the request's.
    const expected = [
      { seq: first!, kind: 'COMMENT', text: 'x', count: 1 },
      { seq: like, kind: 'LIKE', text: null, count: 7 },
      { seq: second, kind: 'COMMENT', text: 'y', count: 1 },
    ].sort((x, y) => x.seq - y.seq);
    const last = expected.at(-1)!.seq;

    expect(await page(id, {})).toEqual({ version: last, hasMore: false, events: expected });
    expect(await page(id, { afterSeq: first, first: 1 })).toEqual({ version: expected[1]!.seq, hasMore: true, events: [expected[1]] });
    expect(await page(id, { afterSeq: last })).toEqual({ version: last, hasMore: false, events: [] });
    expect((await page(id, { kinds: ['LIKE'] })).events.map((event) => event.seq)).toEqual([like]);

    const tooMany = await t.request(PAGE, { id, first: 1001 }, owner.token);
    expect(tooMany.errors?.[0]?.message).toMatch(/first: must be an integer from 1 to 1000/);
  });

  it('reads the pages of many sessions in one statement', async () => {
    const ids = [await liveSession(20), await liveSession(30), await liveSession(40)];
    for (const id of ids) await comment(id, `in ${id}`);
    const LIST = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on LiveSession { audienceEvents { events { text } } } } }`;
    const statementsFor = async (some: string[]) => {
      t.sql.reset();
      const { nodes } = await t.gql<{ nodes: { audienceEvents: { events: { text: string }[] } }[] }>(LIST, { ids: some }, owner.token);
      expect(nodes.map((node) => node.audienceEvents.events.map((event) => event.text))).toEqual(some.map((id) => [`in ${id}`]));
      return t.sql.statements.filter((statement) => statement.includes('audience_events')).length;
    };
    expect(await statementsFor(ids.slice(0, 1))).toBe(1);
    expect(await statementsFor(ids)).toBe(1);
  });

  it('hides another organization’s log', async () => {
    const id = await liveSession(50);
    await comment(id, 'private');
    const stranger = await signUpOrg(t);
    const { node } = await t.gql<{ node: unknown }>(PAGE, { id }, stranger.token);
    expect(node).toBeNull();
  });
});
