import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe, waitUntil } from '../support/realtime-clients.js';
import { createTestDatabase, dropTestDatabase, graphqlOverHttp } from '../support/test-app.js';

/**
 * The poll plugin is an outside package (test/fixtures/plugin-poll, `broadcart-plugin-poll`).
 * It is installed the way a deployment would: a configuration module named by PLUGINS_CONFIG,
 * with the production entry point `src/main.ts`. Nothing in the core knows about it.
 */
const apiDir = fileURLToPath(new URL('../../services/api/', import.meta.url));
let child: ChildProcess;
let databaseUrl: string;
let api: ReturnType<typeof graphqlOverHttp>;
let output = '';

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], {
    cwd: apiDir,
    env: {
      ...process.env,
      PLUGINS_CONFIG: fileURLToPath(new URL('../fixtures/poll.config.ts', import.meta.url)),
      DATABASE_URL: databaseUrl,
      PORT: '0',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"http:\/\/localhost:(\d+)\/graphql"/.exec(output);
      if (match && match[1] !== '0') {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
  api = graphqlOverHttp(url);
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  if (databaseUrl) await dropTestDatabase(databaseUrl);
});

describe('a third-party plugin installed by configuration', () => {
  it('boots with the plugin and lists it with its options applied', async () => {
    expect(output).toMatch(/"plugins":\["lottery@[^"]+","poll@1\.0\.0"\]/);
    const signUp = await api.gql<{ signUp: { token: string } }>(
      `mutation { signUp(input: { email: "poll-owner@example.com", password: "secret-password", organizationName: "Poll shop" }) { ... on SignUpPayload { token } } }`,
    );
    const token = signUp.signUp.token;
    const { installedPlugins } = await api.gql<{ installedPlugins: { namespace: string; name: string; enabled: boolean; widgets: { slot: string; component: string }[] }[] }>(
      '{ installedPlugins { namespace name enabled widgets { slot component } } }',
      {},
      token,
    );
    expect(installedPlugins.find((plugin) => plugin.namespace === 'poll')).toEqual({
      namespace: 'poll',
      name: 'broadcart-plugin-poll',
      enabled: true,
      widgets: [{ slot: 'overlay', component: 'PollOverlay' }],
    });

    const session = await api.gql<{ createSession: { session: { id: string } } }>(
      `mutation($input: CreateSessionInput!) { createSession(input: $input) { ... on CreateSessionPayload { session { id } } } }`,
      { input: { title: '投票场', platform: 'DOUYIN', scheduledStart: new Date(Date.now() + 3600_000).toISOString(), scheduledEnd: new Date(Date.now() + 7200_000).toISOString() } },
      token,
    );
    const sessionId = session.createSession.session.id;
    await api.gql(`mutation($id: ID!) { scheduleSession(input: { id: $id }) { __typename } }`, { id: sessionId }, token);

    // The configured maxOptions (3) is enforced with a field path.
    const tooMany = await api.gql<{ createPoll: { __typename: string; issues?: { path: string[]; message: string }[] } }>(
      `mutation($input: CreatePollInput!) { createPoll(input: $input) { __typename ... on ValidationError { issues { path message } } } }`,
      { input: { sessionId, question: '选哪个颜色?', options: ['红', '蓝', '绿', '黑'] } },
      token,
    );
    expect(tooMany.createPoll).toEqual({ __typename: 'ValidationError', issues: [{ path: ['input', 'options'], message: 'a poll has 2 to 3 options' }] });

    const created = await api.gql<{ createPoll: { poll: { id: string; votes: number[] } } }>(
      `mutation($input: CreatePollInput!) { createPoll(input: $input) { ... on CreatePollPayload { poll { id votes } } } }`,
      { input: { sessionId, question: '选哪个颜色?', options: ['红', '蓝', '绿'] } },
      token,
    );
    expect(created.createPoll.poll.votes).toEqual([0, 0, 0]);

    // The overlay's subscription: the plugin publishes on its own namespaced topic.
    const live = subscribe(api.url, token, `subscription($s: ID!) { pollUpdated(sessionId: $s) { votes } }`, { s: sessionId });
    await waitUntil(async () => (await fetch(`${api.url}/readyz`)).ok, 'the server is ready');

    // Votes arrive as ingested comments through the core's durable bus into the plugin's hook.
    const now = new Date().toISOString();
    const events = [
      { id: 'c1', kind: 'COMMENT', occurredAt: now, viewer: 'fan-1', text: '1' },
      { id: 'c2', kind: 'COMMENT', occurredAt: now, viewer: 'fan-2', text: '2' },
      { id: 'c3', kind: 'COMMENT', occurredAt: now, viewer: 'fan-3', text: ' 2 ' },
      { id: 'c4', kind: 'COMMENT', occurredAt: now, viewer: 'fan-1', text: '3' },
      { id: 'c5', kind: 'COMMENT', occurredAt: now, viewer: 'fan-4', text: '好看' },
    ];
    await api.gql(`mutation($input: IngestEventsInput!) { ingestEvents(input: $input) { __typename } }`, { input: { sessionId, events: events.slice(0, 3) } }, token);
    // fan-1 changes their vote in a later batch.
    await api.gql(`mutation($input: IngestEventsInput!) { ingestEvents(input: $input) { __typename } }`, { input: { sessionId, events: events.slice(3) } }, token);

    let votes: number[] = [];
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const read = await api.gql<{ pollPolls: { votes: number[] }[] }>(`query($s: ID!) { pollPolls(sessionId: $s) { votes } }`, { s: sessionId }, token);
      votes = read.pollPolls[0]!.votes;
      if (votes.reduce((sum, count) => sum + count, 0) === 3 && votes[2] === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(votes).toEqual([0, 2, 1]);
    await live.received(1);
    expect(live.error).toBeUndefined();
    expect(live.results.at(-1)!.data.pollUpdated.votes).toHaveLength(3);
    await live.dispose();

    const count = await api.gql<{ node: { pollCount: number } }>(`query($id: ID!) { node(id: $id) { ... on LiveSession { pollCount } } }`, { id: sessionId }, token);
    expect(count.node.pollCount).toBe(1);
  });
});
