import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PluginInstallation } from '@broadcart/plugin-sdk';
import type { GraphQLResult as HarnessGraphQLResult, HarnessOptions, PluginHarness } from '@broadcart/plugin-sdk/testing';
import pino from 'pino';
import { createApp, DEFAULT_LIMITS, type App } from '../app.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.js';
import { DeliveryWorker } from '../worker/delivery-worker.js';

// The harness's contract is the SDK's (`@broadcart/plugin-sdk/testing`); the core implements it
// and adds the app itself for its own tests.
export type PluginTestHostOptions = HarnessOptions;
export type GraphQLResult<T> = HarnessGraphQLResult<T>;
export interface PluginTestHost extends PluginHarness {
  app: App;
}

let counter = 0;

/**
 * Boots the core with the given plugins on a fresh database, migrated (core, then plugins) and
 * listening on a free port: the harness the plugin SDK's `createPluginHarness` hands to plugin
 * authors. Nothing runs in the background: `deliver()` and `runTimers()` run handlers, jobs and
 * timers when the test asks, so tests are deterministic.
 */
export async function createPluginTestHost(options: PluginTestHostOptions): Promise<PluginTestHost> {
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: await mkdtemp(path.join(tmpdir(), 'broadcart-plugin-test-')), ephemeral: true });
    databaseUrl = embedded.databaseUrl;
  }
  let clock = options.now?.getTime() ?? Date.now();
  const installations = options.plugins.map((entry) => ('kind' in entry && entry.kind === 'broadcart-plugin' ? { plugin: entry } : (entry as PluginInstallation)));
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  // No background loops: deliveries and timers run when the test says so (`deliver`,
  // `runTimers`), so a test never races a worker it cannot see.
  const app = await createApp({ ...DEFAULT_LIMITS, databaseUrl, plugins: installations, actorCacheTtlMs: 0, clock: () => new Date(clock), logger, role: 'api' });
  const worker = new DeliveryWorker(app.orm, app.services.events, logger, { clock: () => new Date(clock), backoff: { baseMs: 20, maxMs: 200, jitter: 0 } });
  try {
    await app.migrate();
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  } catch (error) {
    await app.close();
    await embedded?.stop();
    throw error;
  }
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const graphql = async <T>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResult<T>> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResult<T>;
  };
  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T> => {
    const result = await graphql<T>(query, variables, token);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
    return result.data as T;
  };

  return {
    app,
    url,
    graphql,
    gql,
    async signUp(organizationName = `Plugin test ${++counter}`) {
      const email = `owner-${Date.now().toString(36)}-${++counter}@example.com`;
      const data = await gql<{ signUp: { __typename: string; token?: string; member?: { id: string }; message?: string } }>(
        `mutation($input: SignUpInput!) { signUp(input: $input) { __typename ... on SignUpPayload { token member { id } } ... on UserError { message } } }`,
        { input: { email, password: 'plugin-test-password', organizationName } },
      );
      if (data.signUp.__typename !== 'SignUpPayload') throw new Error(`signUp failed: ${data.signUp.message}`);
      const me = await gql<{ organization: { id: string } }>('{ organization { id } }', {}, data.signUp.token);
      return { token: data.signUp.token!, organizationId: me.organization.id, memberId: data.signUp.member!.id };
    },
    async emit(name, payload) {
      await app.orm.em.fork().transactional((em) => app.services.events.emit(name as never, payload as never, { em }));
    },
    async deliver() {
      let total = 0;
      for (let ran = await worker.runOnce(); ran > 0; ran = await worker.runOnce()) total += ran;
      return total;
    },
    now: () => new Date(clock),
    advance(ms) {
      clock += ms;
      return new Date(clock);
    },
    async runTimers(name) {
      const names = app.services.scheduler.names().filter((task) => (name ? task === name : app.plugins.plugins.some((loaded) => task.startsWith(`${loaded.namespace}:`))));
      for (const task of names) await app.services.scheduler.runNow(task);
    },
    async close() {
      await app.close();
      await embedded?.stop();
    },
  };
}
