/**
 * Fan-out of one session's `sessionEvents` subscription to 1,000 and 5,000 graphql-ws clients,
 * against a raw `ws` server broadcasting the same bytes to the same number of raw clients, both
 * measured in this run (see ../shared/docs/performance.md). Run with `npm run bench:fanout`
 * (`npm run bench` runs it after the other benchmarks); never part of `npm test`.
 *
 * The app runs in this process (createApp on an embedded PostgreSQL); the clients run in a child
 * process (fanout-clients.ts). A round publishes one `session:events` notice (what an ingestion
 * flush publishes) and measures, per client, the time from just before the publish to the arrival
 * of the message; the raw round sends the exact text a graphql-ws client received. Both sets of
 * clients stay connected and rounds alternate between them, so background load falls on both
 * alike. Setup (database, connections, subscriptions) is never timed; the first rounds are a
 * discarded warm-up. Target: p99 ≤ 1.3 × raw p99 and nothing lost.
 *
 * With both kinds of clients connected, each process holds two sockets per client count: 5,000
 * clients need `ulimit -n 12000` or more (the npm script raises the soft limit to the hard one).
 * Environment: FANOUT_CLIENTS (default "1000,5000"), FANOUT_ROUNDS (measured rounds, default 20),
 * FANOUT_WARMUP (default 3).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { build } from 'hdr-histogram-js';
import { WebSocketServer } from 'ws';
// From source (tsx), so the benchmark always measures the code beside it, built or not.
import { createApp, DEFAULT_LIMITS, installedPlugins, startEmbeddedPostgres } from '../../services/api/src/index.js';

const CLIENTS = (process.env.FANOUT_CLIENTS ?? '1000,5000').split(',').map(Number);
const ROUNDS = Number(process.env.FANOUT_ROUNDS ?? 20);
const WARMUP = Number(process.env.FANOUT_WARMUP ?? 3);
const ROUND_TIMEOUT_MS = 10_000;
const TARGET_RATIO = 1.3;

const QUERY = `subscription($sessionId: ID!) { sessionEvents(sessionId: $sessionId) { version events { seq kind occurredAt viewerId text count } } }`;

interface Series {
  name: string;
  clients: number;
  rounds: number;
  p50: number;
  p99: number;
  max: number;
  lost: number;
}

const now = () => performance.timeOrigin + performance.now();

/** The client process, with request/response over IPC. */
class Clients {
  readonly #child: ChildProcess;
  constructor() {
    this.#child = fork(fileURLToPath(new URL('./fanout-clients.ts', import.meta.url)), { execArgv: ['--conditions=source', '--import', 'tsx'], stdio: 'inherit' });
  }
  call<T>(command: Record<string, unknown>, reply: string): Promise<T> {
    return new Promise((resolve) => {
      const listener = (message: { type: string }) => {
        if (message.type !== reply) return;
        this.#child.off('message', listener);
        resolve(message as T);
      };
      this.#child.on('message', listener);
      this.#child.send(command);
    });
  }
  stop() {
    this.#child.kill();
  }
}

type Collected = { arrivals: number[]; sample: string | null };

/** Latencies of one series (graphql-ws or raw) over its measured rounds. */
class Measured {
  readonly histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  lost = 0;
  constructor(readonly name: string, readonly clients: number) {}

  record(publishedAt: number, arrivals: (number | null)[]): void {
    for (const arrival of arrivals) {
      if (arrival === null || Number.isNaN(arrival)) this.lost += 1;
      // Microseconds in the histogram, reported in milliseconds.
      else this.histogram.recordValue(Math.max(1, Math.round((arrival - publishedAt) * 1000)));
    }
  }

  series(): Series {
    const ms = (value: number) => Math.round(value / 10) / 100;
    const { histogram } = this;
    return { name: this.name, clients: this.clients, rounds: ROUNDS, p50: ms(histogram.getValueAtPercentile(50)), p99: ms(histogram.getValueAtPercentile(99)), max: ms(histogram.maxValue), lost: this.lost };
  }
}

/** One round: `publish` sends one message to every client of `group`; returns the publish instant and the arrivals. */
async function round(clients: Clients, group: 'graphql-ws' | 'raw', index: number, publish: () => void): Promise<{ publishedAt: number } & Collected> {
  const publishedAt = now();
  publish();
  const collected = await clients.call<Collected>({ type: 'collect', group, round: index, timeoutMs: ROUND_TIMEOUT_MS }, 'collected');
  return { publishedAt, ...collected };
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'broadcart-bench-fanout-'));
const db = await startEmbeddedPostgres({ dataDir, ephemeral: true });
const app = await createApp({ ...DEFAULT_LIMITS, databaseUrl: db.databaseUrl, poolSize: 20, plugins: installedPlugins });
await app.migrate();
const signUp = await app.graphql<any>(
  `mutation { signUp(input: { email: "fanout@example.com", password: "fanout-password", organizationName: "Fan-out" }) { ... on SignUpPayload { token } } }`,
);
const token = signUp.data.signUp.token as string;
const created = await app.graphql<any>(
  `mutation { createSession(input: { title: "Fan-out", platform: DOUYIN, scheduledStart: "2030-01-07T20:00:00Z", scheduledEnd: "2030-01-07T22:00:00Z" }) { ... on CreateSessionPayload { session { id } } } }`,
  {},
  token,
);
const sessionGlobalId = created.data.createSession.session.id as string;
const sessionId = decodeGlobalID(sessionGlobalId).id;
const organizationId = (await app.orm.em.getConnection().execute<{ organization_id: string }[]>('select organization_id from live_sessions where id = ?', [sessionId]))[0]!.organization_id;
await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
const appUrl = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`;

const raw = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
await new Promise((resolve) => raw.once('listening', resolve));
const rawUrl = `ws://127.0.0.1:${(raw.address() as AddressInfo).port}`;

let seq = 0;
/** A realistic flush notice: ten comments. */
function notice() {
  const events = Array.from({ length: 10 }, () => ({
    seq: ++seq,
    kind: 'COMMENT',
    occurredAt: new Date().toISOString(),
    viewerId: '0193a1c2-7f00-7000-8000-000000000001',
    productId: null,
    data: { text: '这个颜色还有货吗？', count: 1 },
  }));
  return { sessionId, organizationId, version: seq, events };
}

const clients = new Clients();
const results: Series[] = [];
try {
  for (const count of CLIENTS) {
    await clients.call({ type: 'connect', group: 'graphql-ws', url: appUrl, count, subscribe: { token, query: QUERY, variables: { sessionId: sessionGlobalId } } }, 'connected');
    // graphql-ws has no subscribed acknowledgement: wait until every subscription joined the one group and it listens.
    while (app.services.realtime.hub.stats().subscribers < count || app.services.realtime.subscriberCount('session:events', sessionId) < 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const publishShared = () => app.services.realtime.publish('session:events', sessionId, notice());
    // The baseline sends each raw client the very text a graphql-ws client received (an extra warm-up round).
    const bytes = (await round(clients, 'graphql-ws', -1, publishShared)).sample!;
    await clients.call({ type: 'connect', group: 'raw', url: rawUrl, count }, 'connected');
    const publishRaw = () => {
      for (const socket of raw.clients) socket.send(bytes);
    };

    // Rounds alternate between the two (and which goes first), so background load falls on both alike.
    const shared = new Measured('graphql-ws sessionEvents', count);
    const baseline = new Measured('raw ws broadcast', count);
    const executionsBefore = app.services.realtime.hub.stats().executions;
    for (let index = 0; index < WARMUP + ROUNDS; index++) {
      const order = index % 2 === 0 ? (['graphql-ws', 'raw'] as const) : (['raw', 'graphql-ws'] as const);
      for (const group of order) {
        const measured = await round(clients, group, index, group === 'raw' ? publishRaw : publishShared);
        if (index >= WARMUP) (group === 'raw' ? baseline : shared).record(measured.publishedAt, measured.arrivals);
      }
    }
    const executions = app.services.realtime.hub.stats().executions - executionsBefore;
    await clients.call({ type: 'close' }, 'closed');

    const sharedSeries = shared.series();
    const rawSeries = baseline.series();
    results.push({ ...sharedSeries, executions, ratio: Math.round((sharedSeries.p99 / rawSeries.p99) * 100) / 100, payloadBytes: Buffer.byteLength(bytes) } as Series, rawSeries);
  }
} finally {
  clients.stop();
  raw.close();
  await app.close();
  await db.stop();
}

console.log(`\nFan-out of one sessionEvents notice (${ROUNDS} rounds after ${WARMUP} warm-up rounds; milliseconds from publish to arrival)\n`);
console.table(results);
const verdicts = results.filter((series) => 'ratio' in series) as (Series & { ratio: number })[];
for (const series of verdicts) {
  const met = series.ratio <= TARGET_RATIO && series.lost === 0;
  console.log(`${series.clients} clients: p99 ${series.p99} ms = ${series.ratio} × raw p99, ${series.lost} lost — target ≤ ${TARGET_RATIO}× and 0 lost: ${met ? 'met' : 'NOT met'}`);
}
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
await mkdir(resultsDir, { recursive: true });
await writeFile(path.join(resultsDir, 'fanout.json'), `${JSON.stringify({ date: new Date().toISOString(), rounds: ROUNDS, warmup: WARMUP, results }, null, 2)}\n`);
console.log(`\nwrote ${path.join(resultsDir, 'fanout.json')}`);
