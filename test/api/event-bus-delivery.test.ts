import { decodeGlobalID } from '@pothos/plugin-relay';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';
import { seedSession } from '../support/sessions-seed.js';
import { waitUntil } from '../support/realtime-clients.js';

const rawId = (globalId: string) => decodeGlobalID(globalId).id;

/** A pino logger whose lines land in `lines`, so tests can read what the worker logged. */
function capturingLogger() {
  const lines: Record<string, any>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

interface DeliveryRow {
  seq: number;
  handler: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

async function deliveriesOf(t: TestApp, sessionId: string, name: string): Promise<DeliveryRow[]> {
  return t.app.orm.em.fork().execute<DeliveryRow[]>(
    `select e.seq::int as seq, d.handler, d.status::text as status, d.attempts, d.last_error
       from event_deliveries d join domain_events e on e.seq = d.event_seq
      where e.session_id = ? and e.name = ? order by d.handler`,
    [rawId(sessionId), name],
  );
}

describe('durable event delivery', () => {
  let t: TestApp;
  let owner: SignedIn;
  let analyst: SignedIn;
  let stranger: SignedIn;
  const log = capturingLogger();
  /** Calls of the flaky handler per session. */
  const flaky = new Map<string, number>();
  const healthy: string[] = [];
  let brokenFixed = false;
  const brokenCalls: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ logger: log.logger, delivery: { maxAttempts: 3 }, plugins: [] });
    const events = t.app.services.events;
    // Fails the first two deliveries of every session.created.
    events.onDurable('test:flaky', 'session.created', ({ sessionId }, { attempt }) => {
      flaky.set(sessionId, (flaky.get(sessionId) ?? 0) + 1);
      if (attempt < 3) throw new Error(`flaky failure ${attempt}`);
    });
    events.onDurable('test:broken', 'session.scheduled', ({ sessionId }) => {
      brokenCalls.push(sessionId);
      if (!brokenFixed) throw new Error('the mail server is down');
    });
    events.onDurable('test:healthy', 'session.scheduled', ({ sessionId, scheduledStart }) => {
      expect(typeof scheduledStart).toBe('string');
      healthy.push(sessionId);
    });
    owner = await signUpOrg(t);
    analyst = await addMember(t, owner, 'ANALYST');
    stranger = await signUpOrg(t);
  });
  afterAll(() => t.close());

  it('writes the event and its deliveries in the emitting transaction, so a rollback leaves neither', async () => {
    const sessionId = await seedSession(t, owner.token);
    const em = t.app.orm.em.fork();
    await expect(
      em.transactional(async (tx) => {
        const fact = { organizationId: rawId(owner.organizationId), sessionId: rawId(sessionId), scheduledStart: new Date() };
        await t.app.services.events.emit('session.scheduled', fact, { em: tx });
        throw new Error('the change failed after emitting');
      }),
    ).rejects.toThrow('the change failed after emitting');
    const [events] = await em.execute<{ count: number }[]>(`select count(*)::int as count from domain_events where session_id = ? and name = 'session.scheduled'`, [rawId(sessionId)]);
    expect(events!.count).toBe(0);
    expect(await deliveriesOf(t, sessionId, 'session.scheduled')).toEqual([]);

    // The same fact committed with its change: one event row, one delivery per durable handler.
    const [created] = await em.execute<{ count: number; payload: any }[]>(
      `select count(*)::int as count, min(payload::text) as payload from domain_events where session_id = ? and name = 'session.created'`,
      [rawId(sessionId)],
    );
    expect(created!.count).toBe(1);
    expect((await deliveriesOf(t, sessionId, 'session.created')).map((row) => row.handler)).toEqual(['test:flaky']);
  });

  it('retries a failing handler with backoff until it succeeds, logging each failure with the handler name', async () => {
    const sessionId = await seedSession(t, owner.token);
    await waitUntil(async () => (await deliveriesOf(t, sessionId, 'session.created'))[0]?.status === 'DONE', 'the flaky delivery is done');
    const [delivery] = await deliveriesOf(t, sessionId, 'session.created');
    expect(delivery).toMatchObject({ handler: 'test:flaky', status: 'DONE', attempts: 3, last_error: null });
    expect(flaky.get(rawId(sessionId))).toBe(3);
    const failures = log.lines.filter((line) => line.msg === 'handler failed' && line.eventSeq === delivery!.seq);
    expect(failures.map((line) => [line.handler, line.event, line.attempt, line.err?.message])).toEqual([
      ['test:flaky', 'session.created', 1, 'flaky failure 1'],
      ['test:flaky', 'session.created', 2, 'flaky failure 2'],
    ]);
  });

  it('keeps delivering the other handlers of an event while one fails, and turns the failing delivery into a dead letter', async () => {
    const sessionId = await seedSession(t, owner.token);
    await mutate(t, owner.token, 'scheduleSession', { id: sessionId }, 'session { status }');
    await waitUntil(() => healthy.includes(rawId(sessionId)), 'the healthy handler got the event');
    await waitUntil(async () => (await deliveriesOf(t, sessionId, 'session.scheduled')).some((row) => row.status === 'DEAD'), 'the broken delivery is dead');
    expect((await deliveriesOf(t, sessionId, 'session.scheduled')).map(({ seq: _seq, ...row }) => row)).toEqual([
      { handler: 'test:broken', status: 'DEAD', attempts: 3, last_error: 'Error: the mail server is down' },
      { handler: 'test:healthy', status: 'DONE', attempts: 1, last_error: null },
    ]);
    expect(brokenCalls.filter((id) => id === rawId(sessionId))).toHaveLength(3);
    expect(log.lines.some((line) => line.msg === 'handler failed' && line.handler === 'test:broken' && line.err?.message === 'the mail server is down')).toBe(true);
  });

  it('lists dead letters to owners, counts them per handler, and delivers a retried one once the handler is fixed', async () => {
    const sessionId = await seedSession(t, owner.token);
    await mutate(t, owner.token, 'scheduleSession', { id: sessionId }, 'session { status }');
    await waitUntil(async () => (await deliveriesOf(t, sessionId, 'session.scheduled')).some((row) => row.status === 'DEAD'), 'the broken delivery is dead');

    const query = `query($filter: DeadLetterFilter) { deadLetters(first: 50, filter: $filter) { totalCount edges { node {
      id handler eventName payload status attempts lastError occurredAt failedAt } } } }`;
    const { deadLetters } = await t.gql(query, { filter: { handler: 'test:broken' } }, owner.token);
    const letter = deadLetters.edges.map((edge: any) => edge.node).find((node: any) => node.payload.sessionId === rawId(sessionId));
    expect(letter).toMatchObject({ handler: 'test:broken', eventName: 'session.scheduled', status: 'DEAD', attempts: 3, lastError: 'Error: the mail server is down' });
    expect(typeof letter.payload.scheduledStart).toBe('string');
    expect(new Date(letter.failedAt).getTime()).toBeGreaterThanOrEqual(new Date(letter.occurredAt).getTime());

    const { eventDeliveryStats } = await t.gql('{ eventDeliveryStats { handler pending dead } }', {}, owner.token);
    expect(eventDeliveryStats.find((row: any) => row.handler === 'test:broken').dead).toBe(deadLetters.totalCount);
    expect(eventDeliveryStats.map((row: any) => row.handler)).toEqual(expect.arrayContaining(['test:flaky', 'test:healthy']));

    // Other organizations and non-owners see none of it.
    expect((await t.gql(query, {}, stranger.token)).deadLetters.totalCount).toBe(0);
    const forbidden = await t.request(query, {}, analyst.token);
    expect(forbidden.errors?.[0]?.message).toMatch(/ANALYST cannot see dead letters/);
    expect((await mutateResult(t, stranger.token, 'retryDeadLetter', { id: letter.id }, 'deadLetter { id }')).__typename).toBe('NotFoundError');

    brokenFixed = true;
    const retried = await mutate(t, owner.token, 'retryDeadLetter', { id: letter.id }, 'deadLetter { id status attempts }');
    expect(retried.deadLetter).toMatchObject({ id: letter.id, status: 'PENDING', attempts: 0 });
    await waitUntil(async () => (await deliveriesOf(t, sessionId, 'session.scheduled'))[0]?.status === 'DONE', 'the retried delivery is done');
    expect((await deliveriesOf(t, sessionId, 'session.scheduled'))[0]).toMatchObject({ handler: 'test:broken', status: 'DONE', attempts: 1 });
    const again = await mutateResult(t, owner.token, 'retryDeadLetter', { id: letter.id }, 'deadLetter { id }');
    expect(again).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/is DONE, not DEAD/), conflictingIds: [letter.id] });
    const after = await t.gql(query, { filter: { handler: 'test:broken' } }, owner.token);
    expect(after.deadLetters.edges.map((edge: any) => edge.node.id)).not.toContain(letter.id);
  });

  it('records audience facts only when a durable handler wants them, and always records the other facts', async () => {
    const sessionId = rawId(await seedSession(t, owner.token));
    const organizationId = rawId(owner.organizationId);
    const em = t.app.orm.em.fork();
    const comment = (text: string) => ({ organizationId, sessionId, viewerId: null, text, at: new Date(), eventSeq: 1 });
    await em.transactional((tx) => t.app.services.events.emitMany('comment.posted', [comment('a'), comment('b')], { em: tx }));
    const count = async (name: string) =>
      (await em.execute<{ count: number }[]>('select count(*)::int as count from domain_events where session_id = ? and name = ?', [sessionId, name]))[0]!.count;
    expect(await count('comment.posted')).toBe(0);

    const seen: string[] = [];
    t.app.services.events.onDurable('test:comments', 'comment.posted', ({ text, at }) => {
      expect(typeof at).toBe('string');
      seen.push(text);
    });
    await em.transactional((tx) => t.app.services.events.emitMany('comment.posted', [comment('it’s “quoted”'), comment('back\\slash ? mark')], { em: tx }));
    expect(await count('comment.posted')).toBe(2);
    await waitUntil(() => seen.length === 2, 'both comments are delivered');
    expect(seen.sort()).toEqual(['back\\slash ? mark', 'it’s “quoted”']);
  });
});

describe('waking the delivery worker', () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    // Polling every minute: only the after-commit nudge can deliver within the test's time.
    t = await startTestApp({ delivery: { pollIntervalMs: 60_000, handlerTimeoutMs: 200, maxAttempts: 2 }, plugins: [] });
    owner = await signUpOrg(t);
  });
  afterAll(() => t.close());

  it('delivers right after the emitting commit instead of waiting for the next poll', async () => {
    const delivered: string[] = [];
    t.app.services.events.onDurable('test:prompt', 'session.created', ({ sessionId }) => void delivered.push(sessionId));
    for (let round = 0; round < 3; round += 1) {
      const sessionId = await seedSession(t, owner.token);
      await waitUntil(() => delivered.includes(rawId(sessionId)), `session ${round + 1} is delivered`);
    }
  });

  it('counts a handler that outlives its timeout as failed and retries it at its backoff without waiting for the poll', async () => {
    const calls: string[] = [];
    t.app.services.events.onDurable('test:hangs', 'session.scheduled', ({ sessionId }) => {
      calls.push(sessionId);
      return new Promise<void>(() => {});
    });
    const sessionId = await seedSession(t, owner.token);
    await mutate(t, owner.token, 'scheduleSession', { id: sessionId }, 'session { status }');
    await waitUntil(async () => (await deliveriesOf(t, sessionId, 'session.scheduled'))[0]?.status === 'DEAD', 'the hanging delivery is dead');
    expect((await deliveriesOf(t, sessionId, 'session.scheduled'))[0]).toMatchObject({
      handler: 'test:hangs',
      attempts: 2,
      last_error: 'HandlerTimeout: handler did not finish within 200 ms',
    });
    expect(calls.filter((id) => id === rawId(sessionId))).toHaveLength(2);
  });

  it('finishes the handlers in flight when the app closes', async () => {
    const app = await startTestApp({ databaseUrl: t.databaseUrl, plugins: [] });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered = false;
    app.app.services.events.onDurable('test:slow', 'session.created', async () => {
      entered = true;
      await gate;
    });
    const sessionId = await seedSession(app, owner.token);
    await waitUntil(() => entered, 'the slow handler started');
    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    release();
    await closing;
    expect((await deliveriesOf(t, sessionId, 'session.created')).find((row) => row.handler === 'test:slow')).toMatchObject({ status: 'DONE', attempts: 1 });
  });
});
