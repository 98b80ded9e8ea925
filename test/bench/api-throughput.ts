/**
 * HTTP throughput of the GraphQL API, each path against a baseline measured in the same run
 * (see ../shared/docs/performance.md). Run with `npm run bench`; never part of `npm test`.
 *
 *   baseline  bare graphql-yoga answering `{ __typename }`
 *   stack     `{ __typename }` through Broadcart's whole stack (auth, limits, per-request context)
 *   session   the control-room read: a session with hosts, lineup (products), run-of-show and live
 *             metrics (totals, per product, per segment), for the demo show and a 100-item lineup
 *
 * It also counts the SQL statements of one control-room read with 1, 10 and 100 lineup items (on a
 * second app that logs statements, so logging never slows the measured one): the count must not
 * grow with the lists.
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
import { createApp, DEFAULT_LIMITS, DEMO_EMAIL, DEMO_PASSWORD, installedPlugins, seedDemo, startEmbeddedPostgres } from '@broadcart/api';

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
const app = await createApp({ ...DEFAULT_LIMITS, databaseUrl: db.databaseUrl, poolSize: 20, plugins: installedPlugins });
await app.migrate();
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
const CONTROL_ROOM_QUERY = `query($id: ID!) { node(id: $id) { ... on LiveSession {
    id title status scheduledStart scheduledEnd version
    hosts { role host { id name avatarUrl } }
    lineup { position stockReserved livePrice { amount currency } confirmed product { id sku title price { amount } stock } }
    segments { id kind title plannedOffsetSeconds plannedDurationSeconds talkingPoints products { id title } }
    currentSegment { id } nextSegment { id }
    liveMetrics {
      version onlineNow peakOnline pv uv likes comments productImpressions productClicks ordersPaid buyers
      gmvPaid { amount currency } interactionRate conversionRate avgWatchSeconds
      products { product { id title } impressions clicks orders gmvPaid { amount } }
      segments { segment { id title } pv likes ordersPaid gmvPaid { amount } }
    }
  } } }`;
const controlRoom = (id: string) => JSON.stringify({ query: CONTROL_ROOM_QUERY, variables: { id } });
const sessionQuery = controlRoom(sessionId);
const auth = { authorization: `Bearer ${token}` };

/** A LIVE session with `items` lineup products, two per segment, and a few audience events on each. */
async function seedControlRoom(items: number, productIds: string[]): Promise<string> {
  const run = async (name: string, input: Record<string, unknown>, selection: string) => {
    const type = `${name[0]!.toUpperCase()}${name.slice(1)}`;
    const result = await app.graphql<any>(`mutation($input: ${type}Input!) { ${name}(input: $input) { __typename ... on ${type}Payload { ${selection} } ... on UserError { message } } }`, { input }, token);
    if (result.data?.[name]?.__typename !== `${type}Payload`) throw new Error(`${name}: ${result.data?.[name]?.message ?? JSON.stringify(result.errors)}`);
    return result.data[name];
  };
  const start = new Date(Date.now() + 3_600_000 * (items + 48));
  const id = (await run('createSession', {
    title: `Control room ${items}`, platform: 'DOUYIN', scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 3 * 3_600_000).toISOString(),
  }, 'session { id }')).session.id as string;
  const lineup = productIds.slice(0, items);
  for (const product of lineup) await run('addLineupItem', { sessionId: id, productId: product }, 'lineupItem { id }');
  const segments = [];
  for (let index = 0; index < lineup.length; index += 2) {
    segments.push({ kind: 'PRODUCT_PITCH', title: `Segment ${index / 2 + 1}`, plannedOffsetSeconds: index * 60, plannedDurationSeconds: 120, productIds: lineup.slice(index, index + 2) });
  }
  await run('replaceRunOfShow', { sessionId: id, segments }, 'session { id }');
  await run('scheduleSession', { id }, 'session { id }');
  await run('startSession', { id }, 'session { id }');
  const now = new Date().toISOString();
  const events = lineup.flatMap((product, index) => [
    { id: `cr-${items}-${index}-j`, kind: 'VIEWER_JOINED', occurredAt: now, viewer: `v${index}` },
    { id: `cr-${items}-${index}-i`, kind: 'PRODUCT_IMPRESSION', occurredAt: now, viewer: `v${index}`, product },
    { id: `cr-${items}-${index}-c`, kind: 'PRODUCT_CLICK', occurredAt: now, viewer: `v${index}`, product },
  ]);
  for (let index = 0; index < events.length; index += 900) await run('ingestEvents', { sessionId: id, events: events.slice(index, index + 900) }, 'acceptedCount');
  return id;
}

const products = (await app.graphql<any>('{ products(first: 100) { edges { node { id } } } }', {}, token)).data.products.edges.map((edge: any) => edge.node.id as string);
for (let index = products.length; index < 100; index++) {
  const created = await app.graphql<any>(
    'mutation($input: CreateProductInput!) { createProduct(input: $input) { ... on CreateProductPayload { product { id } } } }',
    { input: { sku: `BENCH-${index}`, title: `Bench product ${index}`, priceAmount: 9900, listPriceAmount: 12900, stock: 1000 } },
    token,
  );
  products.push(created.data.createProduct.product.id);
}
const controlRooms = new Map<number, string>();
for (const items of [1, 10, 100]) controlRooms.set(items, await seedControlRoom(items, products));

// Statement counts on a second app over the same database, logging every statement.
let statements = 0;
const counter = await createApp({ ...DEFAULT_LIMITS, databaseUrl: db.databaseUrl, actorCacheTtlMs: 0, role: 'api', plugins: installedPlugins, onQuery: (line) => void (/\[query\]/.test(line) && statements++) });
const statementCounts: { lineupItems: number; statements: number }[] = [];
for (const [items, id] of controlRooms) {
  const body = JSON.parse(controlRoom(id)) as { query: string; variables: Record<string, unknown> };
  const warm = await counter.graphql(body.query, body.variables, token);
  if (warm.errors?.length) throw new Error(`control-room query failed: ${warm.errors.map((error) => error.message).join('; ')}`);
  statements = 0;
  await counter.graphql(body.query, body.variables, token);
  statementCounts.push({ lineupItems: items, statements });
}
await counter.close();

const baseline = await measure('bare yoga { __typename }', bareUrl, typename);
const results = [
  baseline,
  await measure('Broadcart { __typename } (signed in)', appUrl, typename, auth),
  await measure('Broadcart control-room query (demo show, 8 items)', appUrl, sessionQuery, auth),
  await measure('Broadcart control-room query (100 items, 50 segments)', appUrl, controlRoom(controlRooms.get(100)!), auth),
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
console.log('\n| control-room query | SQL statements per request |');
console.log('| --- | ---: |');
for (const { lineupItems, statements: count } of statementCounts) console.log(`| ${lineupItems} lineup item${lineupItems === 1 ? '' : 's'} | ${count} |`);
const constant = new Set(statementCounts.map((entry) => entry.statements)).size === 1;
console.log(`\nstatement count ${constant ? 'is constant' : 'GROWS'} with the lineup size`);
const resultsDir = new URL('./results/', import.meta.url);
await mkdir(resultsDir, { recursive: true });
await writeFile(new URL('api-throughput.json', resultsDir), JSON.stringify({ environment, results, statementCounts, at: new Date().toISOString() }, null, 2));

bareServer.close();
await app.close();
await db.stop();
