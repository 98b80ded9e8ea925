import { decodeGlobalID } from '@pothos/plugin-relay';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signUpOrg, type SignedIn } from '../support/seed.js';
import { seedSession } from '../support/sessions-seed.js';
import { waitUntil } from '../support/realtime-clients.js';

const rawId = (globalId: string) => decodeGlobalID(globalId).id;
const DAY_MS = 24 * 60 * 60 * 1000;

describe('the scheduler', () => {
  let first: TestApp;
  let second: TestApp;
  let owner: SignedIn;
  const lines: Record<string, any>[] = [];
  let aheadMs = 0;

  beforeAll(async () => {
    const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    first = await startTestApp({ logger, clock: () => new Date(Date.now() + aheadMs), plugins: [] });
    second = await startTestApp({ logger, databaseUrl: first.databaseUrl, plugins: [] });
    owner = await signUpOrg(first);
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('runs a task in one worker process at a time, logs a failing tick with the task name and keeps ticking', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const ran: string[] = [];
    for (const [name, t] of [['first', first], ['second', second]] as const) {
      t.app.services.scheduler.every('test.exclusive', 20, async () => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        try {
          await new Promise((resolve) => setTimeout(resolve, 15));
          ran.push(name);
          if (ran.length === 3) throw new Error('the third tick fails');
        } finally {
          running -= 1;
        }
      });
    }
    await waitUntil(() => ran.length >= 12, 'a dozen ticks ran');
    expect(mostAtOnce).toBe(1);
    expect(lines.filter((line) => line.msg === 'scheduled task failed' && line.task === 'test.exclusive').map((line) => line.err?.message)).toEqual([
      'the third tick fails',
    ]);
  });

  it('removes delivered outbox rows and audience facts after 30 days but keeps the session timeline and undelivered work', async () => {
    const sessionId = rawId(await seedSession(first, owner.token));
    const organizationId = rawId(owner.organizationId);
    const events = first.app.services.events;
    events.onDurable('test:retained', 'session.updated', () => {
      throw new Error('never succeeds');
    });
    const em = first.app.orm.em.fork();
    const at = new Date();
    await em.transactional(async (tx) => {
      await events.emit('session.started', { organizationId, sessionId, at }, { em: tx });
      await events.emit('session.updated', { organizationId, sessionId }, { em: tx });
    });
    const comments = [{ organizationId, sessionId, viewerId: null, text: 'hi', at, eventSeq: 1 }];
    events.onDurable('test:comments', 'comment.posted', () => {});
    await em.transactional((tx) => events.emitMany('comment.posted', comments, { em: tx }));
    await waitUntil(async () => {
      const [row] = await em.execute<{ done: number }[]>(`select count(*)::int as done from event_deliveries where handler = 'test:comments' and status = 'DONE'`);
      return row!.done === 1;
    }, 'the comment is delivered');
    const names = async () =>
      (await em.execute<{ name: string; deliveries: number }[]>(
        `select e.name, (select count(*)::int from event_deliveries d where d.event_seq = e.seq) as deliveries
           from domain_events e where e.session_id = ? order by e.seq`,
        [sessionId],
      )).map((row) => [row.name, row.deliveries]);
    const before = await names();
    expect(before).toEqual(expect.arrayContaining([['session.started', 0], ['session.updated', 1], ['comment.posted', 1]]));

    aheadMs = 29 * DAY_MS;
    await runRetention();
    expect(await names()).toEqual(before);

    aheadMs = 31 * DAY_MS;
    await runRetention();
    const after = await names();
    expect(after).toContainEqual(['session.started', 0]);
    expect(after).toContainEqual(['session.updated', 1]);
    expect(after.some(([name]) => name === 'comment.posted')).toBe(false);
  });

  /** One retention tick now, retried while the worker's own tick holds the lock. */
  async function runRetention(): Promise<void> {
    while (!(await first.app.services.scheduler.runNow('events.retention'))) await new Promise((resolve) => setTimeout(resolve, 10));
  }
});
