import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createOrm, installedPlugins } from '@broadcart/api';
import { createTestDatabase, dropTestDatabase } from '../support/test-app.js';

const apiDir = fileURLToPath(new URL('../../services/api/', import.meta.url));
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup) await step();
});

describe('npm run migrate', () => {
  it('applies the committed migrations once, then reports the database up to date, and they match the entities', async () => {
    const databaseUrl = await createTestDatabase();
    cleanup.push(() => dropTestDatabase(databaseUrl));
    const migrate = () =>
      spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/migrate.ts'], { cwd: apiDir, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8', timeout: 60_000 });
    const first = migrate();
    expect(first.status, first.stderr).toBe(0);
    // The core's migrations first, then each installed plugin's as <namespace>:<name>.
    expect(first.stdout).toMatch(/Applied \d+ migration\(s\): Migration\d+_initial(, Migration\d+)*(, [a-z][a-z0-9]*:\w+)+\n/);
    const second = migrate();
    expect(second.stdout).toMatch(/Database is up to date/);

    // The core's entities and the installed plugins' (whose migration tables are the host's bookkeeping).
    const orm = await createOrm({ databaseUrl, extraEntities: installedPlugins.flatMap((installation) => [...(installation.plugin.entities ?? [])]) });
    try {
      const drift = (await orm.schema.getUpdateSchemaSQL({ wrap: false })).split(/;\s*\n/).map((statement) => statement.trim());
      expect(drift.filter((statement) => statement && !/"mikro_orm_migrations_[a-z0-9]+"/.test(statement))).toEqual([]);
    } finally {
      await orm.close();
    }
  });
});

describe('the server process with the embedded database', () => {
  it('starts PostgreSQL under DATA_DIR, seeds the demo, prints the URL and stops everything on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'broadcart-main-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], {
      cwd: apiDir,
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 90_000;
    while (!output.includes('Demo organization created') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(output).toMatch(/Broadcart is running: .*GraphiQL at http:\/\/localhost:\d+\/graphql/);
    expect(output).toContain('Sign in with demo@broadcart.dev / broadcart-demo');
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    expect(existsSync(pidFile)).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(pidFile)).toBe(false);
  }, 120_000);
});
