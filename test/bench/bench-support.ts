import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type App } from '@broadcart/api';

export interface BenchDatabase {
  url: string;
  close(): Promise<void>;
}

/**
 * A database for one benchmark: a scratch database on DATABASE_URL's server (dropped on close)
 * when set, else an embedded PostgreSQL in a temporary directory.
 */
export async function openBenchDatabase(label: string): Promise<BenchDatabase> {
  if (!process.env.DATABASE_URL) {
    const embedded = await startEmbeddedPostgres({ dataDir: await mkdtemp(path.join(tmpdir(), `broadcart-bench-${label}-`)), ephemeral: true });
    return { url: embedded.databaseUrl, close: () => embedded.stop() };
  }
  const server = new URL(process.env.DATABASE_URL);
  const name = `bc_bench_${label}_${randomBytes(4).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: server.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`create database "${name}"`);
  const scratch = new URL(server);
  scratch.pathname = `/${name}`;
  return { url: scratch.toString(), close: () => run(`drop database if exists "${name}" with (force)`) };
}

/** In-process GraphQL helpers over an app (`app.graphql`), failing on any error. */
export function appClient(app: App) {
  async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const result = await app.graphql<T>(query, variables, token);
    if (result.errors?.length) throw new Error(result.errors.map((error) => error.message).join('; '));
    return result.data!;
  }
  /** Runs mutation `name` with `input` and returns its payload; a typed error in the result throws. */
  async function mutation(name: string, input: Record<string, unknown>, selection: string, token: string): Promise<any> {
    const type = `${name[0]!.toUpperCase()}${name.slice(1)}`;
    const data = await gql<Record<string, any>>(`mutation($input: ${type}Input!) { ${name}(input: $input) { __typename ... on ${type}Payload { ${selection} } ... on UserError { message } } }`, { input }, token);
    if (data[name].__typename !== `${type}Payload`) throw new Error(`${name}: ${data[name].message}`);
    return data[name];
  }
  return { gql, mutation };
}
