import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signUpOrg, type SignedIn } from '../support/seed.js';

const apiDir = fileURLToPath(new URL('../../services/api/', import.meta.url));

describe('HTTP server', () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ maxQueryDepth: 4, maxQueryCost: 500, maxRequestBodyBytes: 4096 });
    owner = await signUpOrg(t);
  });
  afterAll(() => t.close());

  it('answers /healthz while the process is up', async () => {
    const response = await fetch(`${t.url}/healthz`);
    expect(response.status).toBe(200);
  });

  it('answers /readyz with the database and migration state as JSON', async () => {
    const response = await fetch(`${t.url}/readyz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/json/);
    expect(await response.json()).toEqual({ status: 'ready', ok: true, database: true, migrations: true, redis: null });
  });

  it('serves GraphiQL to browsers', async () => {
    const response = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/graphiql/i);
  });

  it('refuses bodies above the size limit', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { padding: 'x'.repeat(8000) } }),
    });
    expect(response.status).toBe(413);
  });

  it('refuses queries deeper than the limit and names the limit', async () => {
    const shallow = await t.request('{ products { edges { node { sku } } } }', {}, owner.token);
    expect(shallow.errors).toBeUndefined();
    const deep = await t.request('{ products { edges { node { price { amount } } } } }', {}, owner.token);
    expect(deep.errors?.[0]?.message).toBe('Query depth 5 exceeds the limit of 4');
    expect(deep.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
  });

  it('refuses queries costlier than the limit and names the limit', async () => {
    const result = await t.request('{ products(first: 100) { edges { node { id sku title brand category } } } }', {}, owner.token);
    expect(result.errors?.[0]?.message).toMatch(/Query cost \d+ exceeds the limit of 500/);
    expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
  });

  it('keeps expected errors readable, with their code', async () => {
    const anonymous = await t.request('{ organization { name } }');
    expect(anonymous.errors?.[0]?.message).toMatch(/Sign in first/);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('ignores an invalid bearer token (anonymous) rather than failing the request', async () => {
    const result = await t.request('{ me { id } }', {}, 'bct_not-a-real-token');
    expect(result).toEqual({ data: { me: null } });
  });
});

describe('configuration errors', () => {
  it('stops with one clear line naming the variable and a non-zero exit', () => {
    const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], {
      cwd: apiDir,
      env: { ...process.env, PORT: 'eighty', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim()).toBe('broadcart: PORT="eighty" is invalid: Invalid input: expected number, received NaN');
  });

  it('refuses a DATABASE_URL that is not PostgreSQL', () => {
    const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], {
      cwd: apiDir,
      env: { ...process.env, DATABASE_URL: 'mysql://localhost/db' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^broadcart: DATABASE_URL="mysql:\/\/localhost\/db" is invalid/);
  });
});
