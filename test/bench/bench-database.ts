import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@broadcart/api';

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
