import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { WireEvent } from '@broadcart/api';
import { createTestDatabase, dropTestDatabase, type TestApp } from '../support/test-app.js';
import { signUpOrg } from '../support/seed.js';
import { createSource, postSigned, seedScheduledSession } from '../support/ingest.js';
import { localSessionId, readStoredMetrics, recomputeSessionMetrics } from '../support/metrics-recompute.js';

const apiDir = fileURLToPath(new URL('../../services/api/', import.meta.url));
const BATCHES = 60;
const PER_BATCH = 200;
const CONCURRENCY = 6;
/** The process is killed once this many batches were acknowledged. */
const KILL_AFTER_ACKS = 10;

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts `src/main.ts` (api and worker) on the database and waits until it is ready. */
async function startServer(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], {
    cwd: apiDir,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), SEED_DEMO: 'false', LOG_LEVEL: 'warn', REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${output}`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.ok, () => false);
    if (ready) return child;
    if (Date.now() > deadline) throw new Error(`the server did not get ready: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** A GraphQL client against a server process, shaped like the TestApp the seed helpers take. */
function remote(url: string): TestApp {
  const request = async (query: string, variables?: Record<string, unknown>, token?: string | null) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: unknown[] };
  };
  return {
    url,
    request,
    async gql(query: string, variables?: Record<string, unknown>, token?: string | null) {
      const result = await request(query, variables, token);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data;
    },
  } as unknown as TestApp;
}

/** Batch `b`: its own 20 viewers join, comment, like, click and order (created then paid). */
function batch(b: number, productSku: string): WireEvent[] {
  const base = Date.now() - 60_000;
  return Array.from({ length: PER_BATCH }, (_, index): WireEvent => {
    const viewer = `b${b}-v${index % 20}`;
    const occurredAt = new Date(base + index * 10).toISOString();
    const id = `b${b}-e${index}`;
    switch (Math.floor(index / 20) % 5) {
      case 0:
        return { id, kind: 'VIEWER_JOINED', occurredAt, viewer };
      case 1:
        return { id, kind: 'COMMENT', occurredAt, viewer, text: `有货吗 ${index}` };
      case 2:
        return { id, kind: 'LIKE', occurredAt, viewer, count: 1 + (index % 7) };
      case 3:
        return { id, kind: 'PRODUCT_CLICK', occurredAt, viewer, product: productSku };
      default:
        return index % 2 === 0
          ? { id, kind: 'ORDER_CREATED', occurredAt, viewer, orderId: `b${b}-o${index}`, amount: 9900, items: [{ product: productSku, quantity: 1, unitPrice: 9900 }] }
          : { id, kind: 'ORDER_PAID', occurredAt, viewer, orderId: `b${b}-o${index - 1}` };
    }
  });
}

describe('ingestion across a crash', () => {
  it('keeps every acknowledged event exactly once after kill -9 and the resend of unacknowledged batches, and the metrics match the log', async () => {
    const databaseUrl = await createTestDatabase();
    cleanup.push(() => dropTestDatabase(databaseUrl));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let server = await startServer(databaseUrl, port);
    cleanup.push(() => stop(server, 'SIGTERM'));

    const t = remote(url);
    const owner = await signUpOrg(t);
    const sessionId = await seedScheduledSession(t, owner.token);
    const source = await createSource(t, owner.token);
    const sku = 'CRASH-SKU-1';
    await t.gql(
      `mutation($input: CreateProductInput!) { createProduct(input: $input) { __typename } }`,
      { input: { sku, title: '测试商品', priceAmount: 9900, listPriceAmount: 12900 } },
      owner.token,
    );
    const batches = Array.from({ length: BATCHES }, (_, b) => batch(b, sku));

    // Send with a few concurrent clients; kill the process once some batches are acknowledged.
    const acknowledged = new Map<number, { id: string; seq: number }[]>();
    let next = 0;
    let killed: Promise<void> | null = null;
    const client = async () => {
      while (next < batches.length && !killed) {
        const b = next++;
        try {
          const reply = await postSigned(url, source.sourceId, source.secret, { sessionId, events: batches[b] });
          if (reply.status === 200 && !killed) {
            expect(reply.body.rejected).toEqual([]);
            acknowledged.set(b, reply.body.accepted);
            if (acknowledged.size >= KILL_AFTER_ACKS) killed ??= stop(server, 'SIGKILL');
          }
        } catch {
          // Connection reset by the kill: not acknowledged.
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, client));
    await killed;
    const unacknowledged = batches.map((_, b) => b).filter((b) => !acknowledged.has(b));
    expect(unacknowledged.length).toBeGreaterThan(0);

    server = await startServer(databaseUrl, port);
    for (const b of unacknowledged) {
      const reply = await postSigned(url, source.sourceId, source.secret, { sessionId, events: batches[b] });
      expect(reply.status).toBe(200);
      expect(reply.body.accepted.length + reply.body.duplicates.length).toBe(PER_BATCH);
    }

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ event_id: string; seq: string }>('select event_id, seq from audience_events where session_id = $1', [localSessionId(sessionId)]);
      const seqById = new Map(rows.map((row) => [row.event_id, Number(row.seq)]));
      expect(rows.length).toBe(BATCHES * PER_BATCH);
      for (const accepted of acknowledged.values()) {
        for (const entry of accepted) expect(seqById.get(entry.id)).toBe(entry.seq);
      }
    } finally {
      await db.end();
    }

    const session = localSessionId(sessionId);
    const [stored, recomputed] = await Promise.all([readStoredMetrics(databaseUrl, session), recomputeSessionMetrics(databaseUrl, session)]);
    expect(stored.totals.comments).toBe(BATCHES * 40);
    expect(stored).toEqual(recomputed);
  }, 180_000);
});
