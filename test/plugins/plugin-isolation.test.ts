import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, flaky, steady } from '../fixtures/isolation-plugins.js';
import { addMember, signUpOrg, mutate, mutateResult, type SignedIn } from '../support/seed.js';
import { seedSession } from '../support/sessions-seed.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const apiDir = fileURLToPath(new URL('../../services/api/', import.meta.url));
/** The raw id inside a Relay global id. */
const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

let t: TestApp;
let owner: SignedIn;
let sessionId: string;

beforeAll(async () => {
  t = await startTestApp({
    plugins: [{ plugin: flaky }, { plugin: steady }],
    delivery: { maxAttempts: 3 },
    pluginIsolation: { failureThreshold: 4, openMs: 60_000, fieldTimeoutMs: 300 },
  });
  owner = await signUpOrg(t);
  sessionId = await seedSession(t, owner.token, { title: '双11 预热' });
});
afterAll(() => t?.close());

const SESSION = `query($id: ID!) { node(id: $id) { ... on LiveSession { title flakyScore steadyLabel } } }`;

describe('plugin isolation', () => {
  it('a plugin field that throws nulls only itself: core fields and other plugins answer', async () => {
    const result = await t.request<{ node: { title: string; flakyScore: number | null; steadyLabel: string } }>(SESSION, { id: sessionId }, owner.token);
    expect(result.data?.node).toEqual({ title: '双11 预热', flakyScore: null, steadyLabel: 'steady 双11 预热' });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.path).toEqual(['node', 'flakyScore']);
    // Unexpected plugin errors are masked like the core's.
    expect(result.errors![0]!.message).toBe('Unexpected error.');
  });

  it('a plugin field that hangs is cut off by its time box', async () => {
    const result = await t.request<{ flakyHang: string | null; flakyPing: string }>('{ flakyHang steadyPing: __typename }', {}, owner.token);
    expect(result.data).toEqual({ flakyHang: null, steadyPing: 'Query' });
    expect(result.errors?.[0]?.path).toEqual(['flakyHang']);
  });

  it('a handler that throws is retried and dead-lettered without touching the other plugin’s handler of the same event', async () => {
    // A success resets the run of failures, so the circuit stays closed through the handler's attempts.
    expect((await t.gql<{ flakyPing: string }>('{ flakyPing }', {}, owner.token)).flakyPing).toBe('pong');
    await mutate(t, owner.token, 'updateSession', { id: sessionId, title: '双11 正式场' }, 'session { id }');
    const deadline = Date.now() + 15_000;
    let rows: { handler: string; status: string; attempts: number }[] = [];
    while (Date.now() < deadline) {
      rows = await t.app.orm.em
        .fork()
        .getConnection()
        .execute(`select d.handler, d.status, d.attempts from event_deliveries d join domain_events e on e.seq = d.event_seq where e.name = 'session.updated' order by d.handler`);
      if (rows.length === 2 && rows.every((row) => row.status !== 'PENDING')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(rows).toEqual([
      { handler: 'flaky:session.updated', status: 'DEAD', attempts: 3 },
      { handler: 'steady:session.updated', status: 'DONE', attempts: 1 },
    ]);
    // The handler itself ran each time (the guard did not refuse it), and its error is on record.
    expect(calls.flaky).toBe(3);
    const [dead] = await t.app.orm.em.fork().getConnection().execute<{ last_error: string }[]>(`select last_error from event_deliveries where handler = 'flaky:session.updated'`);
    expect(dead!.last_error).toContain('flaky handler exploded');
    expect(calls.steady).toEqual([rawId(sessionId)]);
  });

  it('after repeated failures the circuit opens: the plugin is refused at once with a clear error, others keep working', async () => {
    for (let i = 0; i < 4; i += 1) await t.request(SESSION, { id: sessionId }, owner.token);
    const result = await t.request<{ flakyPing: string | null }>('{ flakyPing }', {}, owner.token);
    expect(result.data?.flakyPing).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/plugin fixture-flaky is paused after 4 failures in a row/);
    expect(result.errors?.[0]?.extensions?.code).toBe('PLUGIN_UNAVAILABLE');
    const health = await t.gql<{ installedPlugins: { namespace: string; health: { circuit: string; calls: { kind: string; failures: number; timeouts: number }[] } }[] }>(
      '{ installedPlugins { namespace health { circuit calls { kind failures timeouts } } } }',
      {},
      owner.token,
    );
    const flakyHealth = health.installedPlugins.find((plugin) => plugin.namespace === 'flaky')!.health;
    expect(flakyHealth.circuit).toBe('OPEN');
    expect(flakyHealth.calls.find((entry) => entry.kind === 'field')).toMatchObject({ timeouts: 1 });
    expect(health.installedPlugins.find((plugin) => plugin.namespace === 'steady')!.health.circuit).toBe('CLOSED');
    const again = await t.request<{ node: { title: string; steadyLabel: string } }>(SESSION, { id: sessionId }, owner.token);
    expect(again.data?.node.steadyLabel).toBe(`steady ${again.data?.node.title}`);
  });

  it('an organization can switch a plugin off: its fields refuse and its handlers skip; other organizations are unaffected', async () => {
    const other = await signUpOrg(t);
    const otherSession = await seedSession(t, other.token, { title: 'other' });
    const switched = await mutate(t, owner.token, 'setPluginEnabled', { namespace: 'steady', enabled: false }, 'plugin { namespace enabled }');
    expect(switched.plugin).toEqual({ namespace: 'steady', enabled: false });
    const off = await t.request<{ node: { steadyLabel: string | null } }>(SESSION.replace(' flakyScore', ''), { id: sessionId }, owner.token);
    expect(off.data?.node.steadyLabel).toBeNull();
    expect(off.errors?.[0]?.message).toBe('plugin steady is switched off for your organization');
    const on = await t.gql<{ node: { steadyLabel: string } }>(`query($id: ID!) { node(id: $id) { ... on LiveSession { steadyLabel } } }`, { id: otherSession }, other.token);
    expect(on.node.steadyLabel).toBe('steady other');

    const before = calls.steady.length;
    await mutate(t, owner.token, 'updateSession', { id: sessionId, title: 'quiet' }, 'session { id }');
    await mutate(t, other.token, 'updateSession', { id: otherSession, title: 'loud' }, 'session { id }');
    const deadline = Date.now() + 10_000;
    while (calls.steady.length < before + 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    // Give the switched-off delivery time to run too, then check it did nothing.
    await t.app.deliveryWorker!.runOnce();
    // Only the other organization's session reached the handler.
    expect(calls.steady.slice(before)).toEqual([rawId(otherSession)]);
  });

  it('only owners switch plugins, and an unknown namespace is not found', async () => {
    const operator = await addMember(t, owner, 'OPERATOR');
    const refused = await mutateResult(t, operator.token, 'setPluginEnabled', { namespace: 'steady', enabled: true }, 'plugin { namespace }');
    expect(refused.__typename).toBe('ForbiddenError');
    const unknown = await mutateResult(t, owner.token, 'setPluginEnabled', { namespace: 'nope', enabled: true }, 'plugin { namespace }');
    expect(unknown.__typename).toBe('NotFoundError');
  });
});

describe('plugin failures at boot', () => {
  const env = (optional: boolean) => ({
    ...process.env,
    PLUGINS_CONFIG: fileURLToPath(new URL('../fixtures/boot-plugins.config.ts', import.meta.url)),
        BOOT_FIXTURE_OPTIONAL: String(optional),
        DATABASE_URL: t.databaseUrl,
        PORT: '0',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'silent',
      });
  const boot = (optional: boolean) =>
    spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], { cwd: apiDir, env: env(optional), encoding: 'utf8', timeout: 60_000 });

  it('a plugin whose setup fails stops the server with the plugin’s name', () => {
    const run = boot(false);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('broadcart: plugin fixture-crashing: setup failed: cannot reach the license server');
  });

  it('an optional plugin that fails is logged and left unused; the server starts', async () => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], { cwd: apiDir, env: env(true), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 60_000);
      child.stdout.on('data', () => {
        if (output.includes('Broadcart is running')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(started, output).toBe(true);
  }, 90_000);
});
