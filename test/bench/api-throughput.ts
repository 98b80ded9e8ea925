/**
 * HTTP throughput of the GraphQL API, each path against a baseline measured in the same run
 * (see ../shared/docs/performance.md). Run with `npm run bench`; never part of `npm test`.
 *
 *   baseline  bare graphql-yoga answering `{ __typename }`
 *   stack     `{ __typename }` through Broadcart's whole stack (auth, limits, per-request context)
 *   session   the control-room read: a session with hosts, lineup (products) and run-of-show
 */
import { createServer } from 'node:http';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { createSchema, createYoga } from 'graphql-yoga';
import { createApp, DEFAULT_LIMITS, DEMO_EMAIL, DEMO_PASSWORD, migrateDatabase, seedDemo, startEmbeddedPostgres } from '@broadcart/api';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 3;

interface Result {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const execFileAsync = promisify(execFile);

/** Loads one URL from a separate autocannon process, so the generator never shares the server's event loop. */
async function autocannon(url: string, body: string, headers: Record<string, string>, seconds: number) {
  const args = [autocannonBin, '-j', '-c', String(CONNECTIONS), '-d', String(seconds), '-m', 'POST', '-b', body, '-H', 'content-type=application/json'];
  for (const [key, value] of Object.entries(headers)) args.push('-H', `${key}=${value}`);
  const { stdout } = await execFileAsync(process.execPath, [...args, url], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p99: number; max: number }; errors: number; non2xx: number };
}

async function measure(name: string, url: string, body: string, headers: Record<string, string> = {}): Promise<Result> {
  await autocannon(url, body, headers, WARMUP_SECONDS);
  const run = await autocannon(url, body, headers, SECONDS);
  return {
    name,
    requestsPerSecond: Math.round(run.requests.average),
    p50: run.latency.p50,
    p99: run.latency.p99,
    max: run.latency.max,
    errors: run.errors,
    non2xx: run.non2xx,
  };
}

function listen(server: ReturnType<typeof createServer>): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`)));
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'broadcart-bench-'));
const db = await startEmbeddedPostgres({ dataDir, ephemeral: true });
const app = await createApp({ ...DEFAULT_LIMITS, databaseUrl: db.databaseUrl, poolSize: 20 });
await migrateDatabase(app.orm);
await seedDemo(app);
const signIn = await app.graphql<any>(`mutation { signIn(input: { email: "${DEMO_EMAIL}", password: "${DEMO_PASSWORD}" }) { ... on SignInPayload { token } } }`);
const token = signIn.data.signIn.token as string;
const sessions = await app.graphql<any>('{ liveSessions(filter: { status: [SCHEDULED] }) { edges { node { id } } } }', {}, token);
const sessionId = sessions.data.liveSessions.edges[0].node.id as string;
const appUrl = await listen(app.server);

const bare = createYoga({ schema: createSchema({ typeDefs: 'type Query { hello: String }' }), logging: false });
const bareServer = createServer(bare);
const bareUrl = await listen(bareServer);

const typename = JSON.stringify({ query: '{ __typename }' });
const sessionQuery = JSON.stringify({
  query: `query($id: ID!) { node(id: $id) { ... on LiveSession {
    id title status scheduledStart scheduledEnd version
    hosts { role host { id name avatarUrl } }
    lineup { position stockReserved livePrice { amount currency } confirmed product { id sku title price { amount } stock } }
    segments { id kind title plannedOffsetSeconds plannedDurationSeconds talkingPoints products { id title } }
    currentSegment { id } nextSegment { id }
  } } }`,
  variables: { id: sessionId },
});
const auth = { authorization: `Bearer ${token}` };

const baseline = await measure('bare yoga { __typename }', bareUrl, typename);
const results = [
  baseline,
  await measure('Broadcart { __typename } (signed in)', appUrl, typename, auth),
  await measure('Broadcart control-room session query', appUrl, sessionQuery, auth),
];

const environment = {
  node: process.versions.node,
  cpus: cpus().length,
  postgres: (await app.orm.em.getConnection().execute<{ server_version: string }[]>('show server_version'))[0]?.server_version,
  connections: CONNECTIONS,
  seconds: SECONDS,
};
console.log(`\nBroadcart API throughput (${environment.connections} connections, ${environment.seconds} s, node ${environment.node}, PostgreSQL ${environment.postgres}, ${environment.cpus} CPUs)\n`);
console.log('| path | req/s | vs baseline | p50 ms | p99 ms | max ms | errors |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const result of results) {
  const ratio = `${Math.round((result.requestsPerSecond / baseline.requestsPerSecond) * 100)}%`;
  console.log(`| ${result.name} | ${result.requestsPerSecond} | ${ratio} | ${result.p50} | ${result.p99} | ${result.max} | ${result.errors + result.non2xx} |`);
}
const resultsDir = new URL('./results/', import.meta.url);
await mkdir(resultsDir, { recursive: true });
await writeFile(new URL('api-throughput.json', resultsDir), JSON.stringify({ environment, results, at: new Date().toISOString() }, null, 2));

bareServer.close();
await app.close();
await db.stop();
