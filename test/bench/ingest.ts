/**
 * Ingestion throughput and event-to-metric latency, against PostgreSQL COPY of the same rows on the
 * same server in the same run (see ../shared/docs/performance.md). Run with `npm run bench`.
 *
 *   ingest    signed batches of BENCH_BATCH (500) simulator events from BENCH_SENDERS (4) concurrent
 *             connectors in a worker thread, BENCH_SECONDS (20) after a warm-up; events/s accepted
 *   COPY      `COPY ... FROM STDIN` of the rows the run stored into a copy of `audience_events` with
 *             the same indexes and constraints (the baseline), and into a bare copy for scale
 *   latency   while the load runs, a probe posts one LIKE every 100 ms to a second live session and
 *             times until a `sessionMetrics` tick shows it (HDR histogram)
 *
 * Uses DATABASE_URL's server (in a scratch database) when set, else an embedded PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import { createClient } from 'graphql-ws';
import { build } from 'hdr-histogram-js';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import WebSocket from 'ws';
import { createApp, DEFAULT_LIMITS, DEMO_EMAIL, DEMO_PASSWORD, installedPlugins, seedDemo, signedHeaders } from '@broadcart/api';
import { appClient, openBenchDatabase } from './bench-support.js';
import type { SenderConfig, SenderReport } from './ingest-sender.js';

const SENDERS = Number(process.env.BENCH_SENDERS ?? 4);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const PROBE_EVERY_MS = 100;
const TARGETS = { eventsPerSecond: 20_000, copyShare: 0.1, latencyP99Ms: 1000 };

// The database: a scratch database on DATABASE_URL's server, or an embedded server.
const database = await openBenchDatabase('ingest');
const databaseUrl = database.url;

const app = await createApp({ ...DEFAULT_LIMITS, databaseUrl, poolSize: 20, plugins: installedPlugins });
await app.migrate();
await seedDemo(app);
await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

const { gql, mutation } = appClient(app);

const token = (await mutation('signIn', { email: DEMO_EMAIL, password: DEMO_PASSWORD }, 'token', '')).token as string;
const sessions = await gql('{ liveSessions(filter: { status: [SCHEDULED] }) { edges { node { id } } } }', {}, token);
const show = sessions.liveSessions.edges[0].node.id as string;
await mutation('startSession', { id: show }, 'session { id }', token);
// Past the warm-up segment to the first products (口红专场).
const onAir = await mutation('advanceSegment', { sessionId: show, direction: 'NEXT' }, 'session { currentSegment { products { id price { amount } } } lineup { product { id } livePrice { amount } } }', token);
const livePrice = new Map<string, number | undefined>(onAir.session.lineup.map((item: any) => [item.product.id, item.livePrice?.amount]));
const products = onAir.session.currentSegment.products.map((product: any) => ({ id: product.id, priceAmount: livePrice.get(product.id) ?? product.price.amount }));

// The probe's own session, so the load's likes never blur its count.
const probeSession = (
  await mutation('createSession', {
    title: 'Latency probe', platform: 'DOUYIN',
    scheduledStart: new Date(Date.now() + 86_400_000 * 30).toISOString(), scheduledEnd: new Date(Date.now() + 86_400_000 * 30 + 3_600_000).toISOString(),
  }, 'session { id }', token)
).session.id as string;
await mutation('scheduleSession', { id: probeSession }, 'session { id }', token);
await mutation('startSession', { id: probeSession }, 'session { id }', token);
const source = (await mutation('createIngestSource', { name: 'bench', platform: 'DOUYIN' }, 'source { sourceId } secret', token)) as { source: { sourceId: string }; secret: string };

const localId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

// Event-to-metric latency: one LIKE per probe, its send time kept until a tick shows it.
const latency = build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
const waiting: { likes: number; sentAt: number }[] = [];
let probeLikes = 0;
let probesLost = 0;
const ws = createClient({ url: `${url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` } });
ws.subscribe<{ sessionMetrics: { likes: number; version: number } | null }>(
  { query: 'subscription($id: ID!) { sessionMetrics(sessionId: $id) { likes version } }', variables: { id: probeSession } },
  {
    next: ({ data }) => {
      const likes = data?.sessionMetrics?.likes ?? 0;
      const now = performance.now();
      while (waiting.length && waiting[0]!.likes <= likes) latency.recordValue(Math.max(1, Math.round((now - waiting.shift()!.sentAt) * 1000)));
    },
    error: (error) => console.error('sessionMetrics subscription failed', error),
    complete: () => undefined,
  },
);
while (app.services.realtime.subscriberCount('session:metrics', localId(probeSession)) === 0) await new Promise((resolve) => setTimeout(resolve, 20));

async function probe(): Promise<void> {
  const body = JSON.stringify({ sessionId: localId(probeSession), events: [{ id: `probe-${probeLikes + 1}`, kind: 'LIKE', occurredAt: new Date().toISOString(), viewer: 'probe', count: 1 }] });
  const sentAt = performance.now();
  waiting.push({ likes: probeLikes + 1, sentAt });
  probeLikes++;
  const response = await fetch(`${url}/ingest/${source.source.sourceId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(source.secret, body) }, body });
  if (!response.ok) throw new Error(`probe refused: ${response.status} ${await response.text()}`);
}

// The load, from a worker thread.
const config: SenderConfig = {
  url, sourceId: source.source.sourceId, secret: source.secret, sessionId: localId(show), products,
  senders: SENDERS, batchSize: BATCH, warmupSeconds: WARMUP_SECONDS, seconds: SECONDS, runId: randomBytes(3).toString('hex'),
};
const worker = new Worker(new URL('./ingest-sender.ts', import.meta.url), { workerData: config, execArgv: ['--conditions=source', '--import', 'tsx'] });
const loadDone = new Promise<SenderReport>((resolve, reject) => {
  worker.once('message', resolve);
  worker.once('error', reject);
});
await new Promise((resolve) => setTimeout(resolve, WARMUP_SECONDS * 1000));
const probeUntil = performance.now() + SECONDS * 1000;
const probes: Promise<void>[] = [];
while (performance.now() < probeUntil) {
  probes.push(probe());
  await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
}
const load = await loadDone;
await Promise.all(probes);
// Ticks still due arrive within the coalescing window; whatever is not seen after 5 s counts as lost.
const deadline = performance.now() + 5000;
while (waiting.length && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
probesLost = waiting.length;
await ws.dispose();
await worker.terminate();

// Baseline: COPY the rows this run stored into a copy of the log table, on the same server.
const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
const columns = (
  await client.query<{ column_name: string }>(
    "select column_name from information_schema.columns where table_name = 'audience_events' and column_name <> 'seq' order by ordinal_position",
  )
).rows.map((row) => `"${row.column_name}"`).join(', ');
const chunks: Buffer[] = [];
await pipeline(client.query(copyTo(`copy (select ${columns} from audience_events where session_id = '${localId(show)}') to stdout`)), async function* (source) {
  for await (const chunk of source) chunks.push(chunk as Buffer);
});
const rows = (await client.query<{ count: string }>(`select count(*) from audience_events where session_id = $1`, [localId(show)])).rows[0]!.count;
/** Seconds to COPY the rows into a fresh copy of the log table, with its indexes and constraints or bare. */
async function copyInto(table: string, like: string): Promise<number> {
  await client.query(`create table ${table} (like audience_events ${like})`);
  const started = performance.now();
  await pipeline(Readable.from(chunks), client.query(copyFrom(`copy ${table} (${columns}) from stdin`)));
  return (performance.now() - started) / 1000;
}
const copySeconds = await copyInto('audience_events_copy', 'including all');
const copyRowsPerSecond = Math.round(Number(rows) / copySeconds);
const bareCopyRowsPerSecond = Math.round(Number(rows) / (await copyInto('audience_events_bare', 'including defaults')));
const postgres = (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
await client.end();

const eventsPerSecond = Math.round(load.accepted / load.measuredSeconds);
const latencyMs = { p50: latency.getValueAtPercentile(50) / 1000, p99: latency.getValueAtPercentile(99) / 1000, max: latency.maxValue / 1000, samples: latency.totalCount, lost: probesLost };
const environment = { node: process.versions.node, cpus: cpus().length, postgres, database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded', senders: SENDERS, batch: BATCH, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS };
const results = {
  ingest: { eventsPerSecond, ...load },
  copy: { rows: Number(rows), seconds: copySeconds, rowsPerSecond: copyRowsPerSecond, bareTableRowsPerSecond: bareCopyRowsPerSecond },
  ratioToCopy: eventsPerSecond / copyRowsPerSecond,
  eventToMetricLatencyMs: latencyMs,
  targets: TARGETS,
};

const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
console.log(`\nBroadcart ingestion (${SENDERS} senders x ${BATCH}-event batches, ${SECONDS} s after ${WARMUP_SECONDS} s warm-up, node ${environment.node}, PostgreSQL ${postgres} (${environment.database}), ${environment.cpus} CPUs)\n`);
console.log('| measure | value | target | |');
console.log('| --- | ---: | ---: | --- |');
console.log(`| POST /ingest sustained | ${eventsPerSecond} events/s | >= ${TARGETS.eventsPerSecond} | ${met(eventsPerSecond >= TARGETS.eventsPerSecond)} |`);
console.log(`| COPY of the same ${rows} rows into a copy of audience_events (same indexes) | ${copyRowsPerSecond} rows/s | baseline | |`);
console.log(`| COPY of them into a bare copy (no indexes, for scale) | ${bareCopyRowsPerSecond} rows/s | | ingest = ${((eventsPerSecond / bareCopyRowsPerSecond) * 100).toFixed(1)}% of it |`);
console.log(`| ingest / COPY | ${(results.ratioToCopy * 100).toFixed(1)}% | >= ${TARGETS.copyShare * 100}% | ${met(results.ratioToCopy >= TARGETS.copyShare)} |`);
console.log(`| request latency p50 / p99 / max | ${load.requestLatencyMs.p50} / ${load.requestLatencyMs.p99} / ${load.requestLatencyMs.max} ms | | |`);
console.log(`| event to sessionMetrics tick p50 / p99 / max | ${latencyMs.p50} / ${latencyMs.p99} / ${latencyMs.max} ms (${latencyMs.samples} probes, ${latencyMs.lost} lost) | p99 <= ${TARGETS.latencyP99Ms} ms | ${met(latencyMs.p99 <= TARGETS.latencyP99Ms && latencyMs.lost === 0)} |`);
console.log(`| accepted / duplicate / rejected / errors | ${load.accepted} / ${load.duplicates} / ${load.rejected} / ${load.errors} | | |`);
console.log(`\nevent mix: ${Object.entries(load.kinds).sort((a, b) => b[1] - a[1]).map(([kind, count]) => `${kind} ${((count / load.events) * 100).toFixed(1)}%`).join(', ')}`);
if (load.rejections.length) console.log(`problems: ${load.rejections.join(' | ')}`);

const resultsDir = new URL('./results/', import.meta.url);
await mkdir(resultsDir, { recursive: true });
await writeFile(new URL('ingest.json', resultsDir), JSON.stringify({ environment, results, at: new Date().toISOString() }, null, 2));

await app.close();
await database.close();
