import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@broadcart/api';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a database on the server the tests use; each test file creates its own database there. */
    postgresServerUrl: string;
  }
}

let embedded: EmbeddedDatabase | null = null;

/**
 * One PostgreSQL server per test run: the one in DATABASE_URL when set, otherwise an embedded one
 * in a temporary directory, deleted afterwards.
 */
export async function setup(project: TestProject): Promise<void> {
  if (process.env.DATABASE_URL) {
    project.provide('postgresServerUrl', process.env.DATABASE_URL);
    return;
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'broadcart-test-pg-'));
  embedded = await startEmbeddedPostgres({ dataDir, ephemeral: true });
  project.provide('postgresServerUrl', embedded.serverUrl);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
}
