import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { createApp, DEFAULT_LIMITS, installedPlugins, type App, type AppOptions } from '@broadcart/api';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestApp {
  app: App;
  url: string;
  databaseUrl: string;
  /** Every SQL statement since the last `sql.reset()`. */
  sql: { statements: string[]; reset(): void };
  /** Sends a GraphQL request; returns the raw response (errors included). */
  request<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  /** Sends a GraphQL request and fails the test on any GraphQL error. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T>;
  close(): Promise<void>;
}

/** Creates a fresh database named after the test file's run and returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = new URL(inject('postgresServerUrl'));
  const name = `bc_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  serverUrl.pathname = `/${name}`;
  return serverUrl.toString();
}

/** Drops a database made by createTestDatabase (runs against a shared server must not pile up databases). */
export async function dropTestDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = `/${new URL(inject('postgresServerUrl')).pathname.slice(1) || 'postgres'}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}

/**
 * A migrated app on its own database. The token cache is off unless asked for, so every request
 * issues the same SQL statements (statement-count tests compare requests).
 */
export type TestAppOptions = Partial<Record<keyof typeof DEFAULT_LIMITS | 'actorCacheTtlMs', number>> &
  Pick<AppOptions, 'role' | 'delivery' | 'clock' | 'logger' | 'plugins' | 'pluginIsolation' | 'web'> & {
    /** Another app's database (e.g. a second process of one deployment); it is not dropped on close. */
    databaseUrl?: string;
  };

/** GraphQL over HTTP to any Broadcart server at `url` (http://host:port): a test app or a spawned process. */
export function graphqlOverHttp(url: string): Pick<TestApp, 'url' | 'request' | 'gql'> {
  const request = async <T>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  };
  return {
    url,
    request,
    async gql<T>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T> {
      const result = await request<T>(query, variables, token);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data as T;
    },
  };
}

/** Delivery retries in tests wait milliseconds, not seconds. */
export const TEST_BACKOFF = { baseMs: 20, maxMs: 200, jitter: 0 };

export async function startTestApp({ databaseUrl: sharedDatabaseUrl, logger, delivery, ...options }: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = sharedDatabaseUrl ?? (await createTestDatabase());
  const statements: string[] = [];
  const app = await createApp({
    ...DEFAULT_LIMITS,
    actorCacheTtlMs: 0,
    // The server's configured plugins, as `npm start` runs them, unless a test installs others.
    plugins: installedPlugins,
    ...options,
    delivery: { ...delivery, backoff: { ...TEST_BACKOFF, ...delivery?.backoff } },
    databaseUrl,
    logger: logger ?? pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
    onQuery: (line) => {
      const match = /\[query\] (.*?)(?: \[took .*)?$/s.exec(line);
      if (match) statements.push(match[1]!);
    },
  });
  await app.migrate();
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  statements.length = 0;

  return {
    app,
    databaseUrl,
    sql: { statements, reset: () => void (statements.length = 0) },
    ...graphqlOverHttp(url),
    async close() {
      await app.close();
      if (!sharedDatabaseUrl) await dropTestDatabase(databaseUrl);
    },
  };
}
