import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, createTestDatabase, dropTestDatabase, graphqlOverHttp, type TestApp } from '../support/test-app.js';
import { mutate, signUpOrg, type SignedIn } from '../support/seed.js';
import { seedSession } from '../support/sessions-seed.js';
import { subscribe, waitUntil, type Subscription } from '../support/realtime-clients.js';

const apiDir = fileURLToPath(new URL('../../services/api/', import.meta.url));
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
/** Pub/sub channels are global to a Redis server: each run gets its own, so parallel runs never hear each other. */
const channelPrefix = `bc-test-${randomBytes(6).toString('hex')}:`;

const UPDATED = `subscription($id: ID!) { sessionUpdated(id: $id) { id title version } }`;
const EVENTS = `subscription($sessionId: ID!) { sessionEvents(sessionId: $sessionId) { version events { seq kind text } } }`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An API process started like production (`src/main.ts`), on the shared test database and Redis. */
async function startProcess(databaseUrl: string): Promise<{ child: ChildProcess; url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], {
    cwd: apiDir,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), SEED_DEMO: 'false', LOG_LEVEL: 'warn', REDIS_URL: redisUrl, REDIS_CHANNEL_PREFIX: channelPrefix },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await waitUntil(() => output.includes('Broadcart is running') || child.exitCode !== null, 'the API process listens').catch(() => undefined);
  if (!output.includes('Broadcart is running')) {
    child.kill('SIGKILL');
    throw new Error(`the API process did not start:\n${output}`);
  }
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Enough of a TestApp for the seed helpers, talking to a spawned process. */
const clientOf = (url: string) => graphqlOverHttp(url) as TestApp;

describe('realtime across two API processes over Redis', () => {
  let databaseUrl: string;
  let processes: Awaited<ReturnType<typeof startProcess>>[] = [];
  let a: TestApp;
  let b: TestApp;
  let owner: SignedIn;
  let redis: Redis;
  const opened: Subscription[] = [];

  beforeAll(async () => {
    redis = new Redis(redisUrl);
    databaseUrl = await createTestDatabase();
    // One after the other: each process migrates at startup.
    processes.push(await startProcess(databaseUrl));
    processes.push(await startProcess(databaseUrl));
    [a, b] = processes.map((started) => clientOf(started.url)) as [TestApp, TestApp];
    owner = await signUpOrg(a);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(opened.map((subscription) => subscription.dispose()));
    await Promise.all(processes.map((started) => started.stop()));
    await redis?.quit();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  /** Process B has subscribed the topic on Redis (graphql-ws itself has no subscribed acknowledgement). */
  async function subscribedOnRedis(topic: string, id: string): Promise<void> {
    const channel = `${channelPrefix}${topic}:${decodeGlobalID(id).id}`;
    await waitUntil(async () => {
      const [, count] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
      return Number(count) > 0;
    }, `a process subscribed ${channel}`);
  }

  it('reports Redis in the readiness of both processes', async () => {
    for (const client of [a, b]) {
      const response = await fetch(`${client.url}/readyz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ok: true, redis: true });
    }
  });

  it('delivers a session change made through process A to a subscriber of process B', async () => {
    const id = await seedSession(a, owner.token, { startHour: 0 });
    const onB = subscribe(b.url, owner.token, UPDATED, { id });
    opened.push(onB);
    await subscribedOnRedis('session:updated', id);
    await mutate(a, owner.token, 'updateSession', { id, title: 'renamed on A' }, 'session { id }');
    await onB.received(1);
    expect(onB.error).toBeUndefined();
    expect(onB.results[0]!.data.sessionUpdated).toMatchObject({ id, title: 'renamed on A' });
  });

  it('delivers events ingested through process A to a sessionEvents subscriber of process B', async () => {
    const id = await seedSession(a, owner.token, { startHour: 10 });
    await mutate(a, owner.token, 'scheduleSession', { id }, 'session { id }');
    const onB = subscribe(b.url, owner.token, EVENTS, { sessionId: id });
    opened.push(onB);
    await subscribedOnRedis('session:events', id);
    const reply = await mutate(a, owner.token, 'ingestEvents', {
      sessionId: id,
      events: [{ id: 'c1', kind: 'COMMENT', viewer: 'v1', text: '几号链接', occurredAt: new Date().toISOString() }],
    }, 'accepted { seq } rejected { reason }');
    expect(reply.rejected).toEqual([]);
    await onB.received(1);
    expect(onB.results[0]!.data.sessionEvents).toEqual({
      version: reply.accepted[0].seq,
      events: [{ seq: reply.accepted[0].seq, kind: 'COMMENT', text: '几号链接' }],
    });
  });
});

describe('realtime without REDIS_URL', () => {
  let t: TestApp;
  let redis: Redis;
  beforeAll(async () => {
    t = await startTestApp();
    redis = new Redis(redisUrl);
  });
  afterAll(async () => {
    await t?.close();
    await redis?.quit();
  });

  it('keeps events in the process and opens no Redis channel', async () => {
    expect(t.app.services.realtime.transport).toBe('memory');
    const owner = await signUpOrg(t);
    const id = await seedSession(t, owner.token, { startHour: 0 });
    const subscription = subscribe(t.url, owner.token, UPDATED, { id });
    try {
      await waitUntil(() => t.app.services.realtime.subscriberCount('session:updated', decodeGlobalID(id).id) === 1, 'the subscription listens');
      await mutate(t, owner.token, 'updateSession', { id, title: 'in memory' }, 'session { id }');
      await subscription.received(1);
      expect(subscription.results[0]!.data.sessionUpdated.title).toBe('in memory');
      // The session id is new, so a channel naming it could only come from this app.
      expect(await redis.pubsub('CHANNELS', `*${decodeGlobalID(id).id}*`)).toEqual([]);
    } finally {
      await subscription.dispose();
    }
  });
});
