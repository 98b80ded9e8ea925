import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { decodeGlobalID } from '@pothos/plugin-relay';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryWorker } from '@broadcart/api';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signUpOrg, type SignedIn } from '../support/seed.js';
import { seedSession } from '../support/sessions-seed.js';
import { waitUntil } from '../support/realtime-clients.js';

const rawId = (globalId: string) => decodeGlobalID(globalId).id;
const apiDir = fileURLToPath(new URL('../../services/api/', import.meta.url));

async function deliveryOf(t: TestApp, sessionId: string, handler: string) {
  const [row] = await t.app.orm.em.fork().execute<{ status: string; attempts: number }[]>(
    `select d.status::text as status, d.attempts from event_deliveries d join domain_events e on e.seq = d.event_seq
      where e.session_id = ? and e.name = 'session.created' and d.handler = ?`,
    [rawId(sessionId), handler],
  );
  return row;
}

describe('process roles', () => {
  let api: TestApp;
  let worker: TestApp;
  let owner: SignedIn;
  /** Deliveries run by each process: [sessionId, attempt]. */
  const ranIn = { api: [] as [string, number][], worker: [] as [string, number][] };

  beforeAll(async () => {
    api = await startTestApp({ role: 'api' });
    api.app.services.events.onDurable('test:record', 'session.created', ({ sessionId }, { attempt }) => void ranIn.api.push([sessionId, attempt]));
    owner = await signUpOrg(api);
  });
  afterAll(async () => {
    await worker?.close();
    await api.close();
  });

  it('runs no delivery worker and no scheduled task in the api role, but still writes the outbox', async () => {
    expect(api.app.role).toBe('api');
    expect(api.app.deliveryWorker).toBeNull();
    expect(api.app.services.scheduler.running).toBe(false);
    const sessionId = await seedSession(api, owner.token);
    expect(await deliveryOf(api, sessionId, 'test:record')).toEqual({ status: 'PENDING', attempts: 0 });
  });

  it('hands a crashed worker’s claim to another worker once its lease runs out, and the worker role delivers what the api role wrote', async () => {
    const sessionId = await seedSession(api, owner.token);
    // A worker claims the delivery and dies before finishing: nothing marks it done or failed.
    const crashed = new DeliveryWorker(api.app.orm, api.app.services.events, pino({ level: 'silent' }), { leaseMs: 1000 });
    const claims = await crashed.claim(100);
    expect(claims.map((claim) => [claim.handler, claim.event.sessionId, claim.attempts])).toContainEqual(['test:record', rawId(sessionId), 1]);
    expect(await deliveryOf(api, sessionId, 'test:record')).toEqual({ status: 'PENDING', attempts: 1 });

    worker = await startTestApp({ role: 'worker', databaseUrl: api.databaseUrl });
    expect(worker.app.role).toBe('worker');
    worker.app.services.events.onDurable('test:record', 'session.created', ({ sessionId: id }, { attempt }) => void ranIn.worker.push([id, attempt]));
    await waitUntil(async () => (await deliveryOf(api, sessionId, 'test:record'))?.status === 'DONE', 'the worker delivered the abandoned claim');
    expect(await deliveryOf(api, sessionId, 'test:record')).toEqual({ status: 'DONE', attempts: 2 });
    expect(ranIn.worker).toContainEqual([rawId(sessionId), 2]);

    // New facts written by the api process are delivered by the worker process alone.
    const later = await seedSession(api, owner.token);
    await waitUntil(() => ranIn.worker.some(([id]) => id === rawId(later)), 'the worker delivered a new fact');
    expect(ranIn.api).toEqual([]);
    expect(worker.app.services.scheduler.running).toBe(true);
  });

  it('delivers each delivery exactly once when two worker processes share the database', async () => {
    const second = await startTestApp({ role: 'all', databaseUrl: api.databaseUrl });
    try {
      const effects = new Map<string, number>();
      for (const app of [worker.app, second.app]) {
        app.services.events.onDurable('test:effect', 'session.created', ({ sessionId }) => void effects.set(sessionId, (effects.get(sessionId) ?? 0) + 1));
      }
      // The api process must know the handler to write its deliveries; it must never run it.
      let apiDelivered = false;
      api.app.services.events.onDurable('test:effect', 'session.created', () => void (apiDelivered = true));
      const created = await Promise.all(Array.from({ length: 30 }, () => seedSession(api, owner.token)));
      await waitUntil(() => created.every((id) => effects.has(rawId(id))), 'every session was delivered');
      await waitUntil(async () => {
        const [row] = await api.app.orm.em.fork().execute<{ pending: number }[]>(
          `select count(*)::int as pending from event_deliveries where handler = 'test:effect' and status <> 'DONE'`,
        );
        return row!.pending === 0;
      }, 'every delivery is done');
      expect(created.map((id) => effects.get(rawId(id)))).toEqual(created.map(() => 1));
      expect(apiDelivered).toBe(false);
    } finally {
      await second.close();
    }
  });
});

describe('the --role flag', () => {
  it('refuses an unknown role with one line naming the flag and exit code 1', () => {
    const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts', '--role', 'bogus'], {
      cwd: apiDir,
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('broadcart: --role "bogus" is invalid: must be one of api, worker, all');
  });
});

describe('a worker whose lease ran out', () => {
  let api: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    api = await startTestApp({ role: 'api' });
    owner = await signUpOrg(api);
    await api.app.orm.em.fork().execute('create table test_effects (session_id uuid not null, attempt int not null)');
  });
  afterAll(() => api.close());

  it('rolls back its handler’s database writes when another worker has taken the delivery over', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let slowEntered = false;
    const events = api.app.services.events;
    events.onDurable('test:effect-once', 'session.created', async ({ sessionId }, { em, attempt }) => {
      await em.execute('insert into test_effects (session_id, attempt) values (?, ?)', [sessionId, attempt]);
      if (attempt === 1) {
        slowEntered = true;
        await gate;
      }
    });
    const sessionId = await seedSession(api, owner.token);
    const lines: Record<string, any>[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const slow = new DeliveryWorker(api.app.orm, events, logger, { leaseMs: 300 });
    const takeover = new DeliveryWorker(api.app.orm, events, logger);

    const [first] = await slow.claim();
    expect(first).toMatchObject({ handler: 'test:effect-once', attempts: 1 });
    const slowDelivery = slow.deliver(first!);
    await waitUntil(() => slowEntered, 'the slow worker runs the handler');
    let second: Awaited<ReturnType<DeliveryWorker['claim']>>[number] | undefined;
    await waitUntil(async () => Boolean((second = (await takeover.claim())[0])), 'the lease ran out and another worker claimed the delivery');
    expect(second).toMatchObject({ id: first!.id, attempts: 2 });
    await takeover.deliver(second!);
    release();
    await slowDelivery;

    const effects = await api.app.orm.em.fork().execute<{ attempt: number }[]>('select attempt from test_effects where session_id = ?', [rawId(sessionId)]);
    expect(effects).toEqual([{ attempt: 2 }]);
    expect(await deliveryOf(api, sessionId, 'test:effect-once')).toEqual({ status: 'DONE', attempts: 2 });
    expect(lines.some((line) => line.handler === 'test:effect-once' && line.attempt === 1 && /lease ran out/.test(line.msg))).toBe(true);
  });
});
