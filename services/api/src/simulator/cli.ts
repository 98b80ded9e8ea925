/**
 * `npm run simulate -- --session <id> [--viewers N] [--duration S] [--url http://localhost:4000]
 *   [--source <id> --secret <secret>] [--token <bearer> | --email <e> --password <p>] [--speed X] [--seed N]`
 *
 * Drives realistic audience traffic for a LIVE session through the public ingestion API. Without
 * `--source/--secret` it signs in (the demo account by default) and creates an ingestion source.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../demo/seed-demo.js';
import { createGraphQLClient, createGraphQLShowSource, createHttpSink } from './http-client.js';
import { SimulationRunner, type SimulationStats } from './runner.js';
import { seedFrom } from './random.js';

const USAGE = `usage: npm run simulate -- --session <id> [--viewers 200] [--duration 600] [--url http://localhost:4000]
         [--source <id> --secret <secret>] [--token <bearer> | --email <email> --password <password>]
         [--speed 1] [--seed <n>]`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      session: { type: 'string' },
      viewers: { type: 'string', default: '200' },
      duration: { type: 'string', default: '600' },
      url: { type: 'string', default: process.env.BROADCART_URL ?? 'http://localhost:4000' },
      source: { type: 'string' },
      secret: { type: 'string' },
      token: { type: 'string' },
      email: { type: 'string', default: DEMO_EMAIL },
      password: { type: 'string', default: DEMO_PASSWORD },
      speed: { type: 'string', default: '1' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.session) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const viewers = Number(values.viewers);
  const durationSeconds = Number(values.duration);
  const speed = Number(values.speed);
  if (!Number.isInteger(viewers) || viewers < 1 || !(durationSeconds > 0) || !(speed > 0)) {
    console.error(`simulate: --viewers must be a positive integer, --duration and --speed positive numbers\n${USAGE}`);
    return 2;
  }
  if (Boolean(values.source) !== Boolean(values.secret)) {
    console.error('simulate: --source and --secret go together');
    return 2;
  }

  const session = sessionIds(values.session);
  let token = values.token ?? null;
  if (!token) {
    const { signIn } = await createGraphQLClient(values.url)<{ signIn: { __typename: string; token?: string; message?: string } }>(
      'mutation($input: SignInInput!) { signIn(input: $input) { __typename ... on SignInPayload { token } ... on UserError { message } } }',
      { input: { email: values.email, password: values.password } },
    );
    if (!signIn.token) throw new Error(`cannot sign in as ${values.email}: ${signIn.message ?? signIn.__typename}`);
    token = signIn.token;
  }
  const graphql = createGraphQLClient(values.url, token);

  let source = values.source ? { id: values.source, secret: values.secret! } : null;
  if (!source) {
    source = await createSource(graphql, session.globalId);
    console.log(`created ingestion source ${source.id} (its secret is shown once: ${source.secret})`);
  }

  const runId = randomBytes(4).toString('hex');
  const runner = new SimulationRunner({
    sessionId: session.localId,
    runId,
    seed: values.seed ? seedFrom(values.seed) : seedFrom(runId),
    peakViewers: viewers,
    durationSeconds,
    speed,
    sink: createHttpSink(values.url, source.id, source.secret),
    showSource: createGraphQLShowSource(graphql, session.globalId),
    onProgress: printProgress,
  });

  let interrupts = 0;
  process.on('SIGINT', () => {
    if (++interrupts > 1) process.exit(130);
    console.log('\nstopping (Ctrl-C again to quit at once)...');
    void runner.stop();
  });

  console.log(`simulating ${viewers} peak viewers for ${durationSeconds} s${speed === 1 ? '' : ` at ${speed}x`} on session ${values.session} (run ${runId})`);
  const reason = await runner.run();
  const { eventsSent, accepted, duplicates, rejected, errors } = runner.stats;
  console.log(`done (${reason.toLowerCase().replace('_', ' ')}): ${eventsSent} events sent, ${accepted} accepted, ${duplicates} duplicate, ${rejected} rejected, ${errors} errors`);
  return reason === 'FAILED' ? 1 : 0;
}

/** `--session` takes the GraphQL id or the local id; GraphQL wants the former, the `/ingest` body gets the latter. */
function sessionIds(id: string): { globalId: string; localId: string } {
  try {
    const decoded = decodeGlobalID(id);
    if (decoded.typename === 'LiveSession') return { globalId: id, localId: decoded.id };
  } catch {
    // Not a global id.
  }
  return { globalId: encodeGlobalID('LiveSession', id), localId: id };
}

/** Creates an ingestion source for the session's platform and returns its id and one-time secret. */
async function createSource(graphql: ReturnType<typeof createGraphQLClient>, sessionId: string): Promise<{ id: string; secret: string }> {
  const { node } = await graphql<{ node: { platform: string; title: string } | null }>(
    'query($id: ID!) { node(id: $id) { ... on LiveSession { platform title } } }',
    { id: sessionId },
  );
  if (!node) throw new Error(`session ${sessionId} was not found (or belongs to another organization)`);
  const { createIngestSource: result } = await graphql<{ createIngestSource: { __typename: string; source?: { sourceId: string }; secret?: string; message?: string } }>(
    `mutation($input: CreateIngestSourceInput!) { createIngestSource(input: $input) {
      __typename ... on CreateIngestSourcePayload { source { sourceId } secret } ... on UserError { message }
    } }`,
    { input: { name: `Audience simulator ${new Date().toISOString().slice(0, 16)}`, platform: node.platform } },
  );
  if (!result.source || !result.secret) throw new Error(`cannot create an ingestion source: ${result.message ?? result.__typename}`);
  return { id: result.source.sourceId, secret: result.secret };
}

function printProgress(stats: SimulationStats): void {
  const elapsed = `${Math.floor(stats.elapsedSeconds / 60)}:${String(Math.floor(stats.elapsedSeconds % 60)).padStart(2, '0')}`;
  const problem = stats.lastProblems.at(-1);
  console.log(
    `${elapsed}  online ${String(stats.online).padStart(6)}  sent ${String(stats.eventsSent).padStart(8)}  accepted ${stats.accepted}  duplicate ${stats.duplicates}  rejected ${stats.rejected}  errors ${stats.errors}${problem ? `  last: ${problem}` : ''}`,
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
