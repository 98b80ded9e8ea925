import { buildSchema, isNonNullType, isObjectType, printType, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BroadcartPlugin, PluginInstallation } from '@broadcart/plugin-sdk';
import { installedPlugins } from '@broadcart/api';
import poll from 'broadcart-plugin-poll';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The contract every installed plugin must keep, checked for each one: the first-party plugins of
 * the configuration module and the third-party fixture. Adding a plugin to `plugins.config.ts`
 * adds it here.
 */
const installations: PluginInstallation[] = [...installedPlugins, { plugin: poll }];
const silent = pino({ level: 'silent' });

type Api = typeof import('@broadcart/api');

/** A fresh copy of the core's modules (a new builder), so one process can build several schemas. */
async function freshApi(): Promise<Api> {
  vi.resetModules();
  return import('@broadcart/api');
}

async function sdlWith(plugins: PluginInstallation[]): Promise<string> {
  const api = await freshApi();
  return api.printSdl(await api.loadPlugins(plugins, { logger: silent }));
}

/** The plugin and those it depends on, in the configuration's terms. */
function withDependencies(target: BroadcartPlugin): PluginInstallation[] {
  const needed = new Set([target.manifest.namespace]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const installation of installations) {
      if (!needed.has(installation.plugin.manifest.namespace)) continue;
      for (const dependency of Object.keys(installation.plugin.manifest.dependsOn ?? {})) {
        if (!needed.has(dependency)) grew = needed.add(dependency) !== null;
      }
    }
  }
  return installations.filter((installation) => needed.has(installation.plugin.manifest.namespace));
}

/** What `plugin` adds: new types, and new fields on the core's types, as SDL. */
function addedSdl(core: GraphQLSchema, extended: GraphQLSchema): { types: GraphQLNamedType[]; fields: { type: string; field: string; nullable: boolean }[]; text: string } {
  const types: GraphQLNamedType[] = [];
  const fields: { type: string; field: string; nullable: boolean }[] = [];
  const lines: string[] = [];
  for (const type of Object.values(extended.getTypeMap()).sort((a, b) => a.name.localeCompare(b.name))) {
    if (type.name.startsWith('__')) continue;
    const before = core.getType(type.name);
    if (!before) {
      types.push(type);
      continue;
    }
    if (!isObjectType(type) || !isObjectType(before)) continue;
    const added = Object.values(type.getFields()).filter((field) => !before.getFields()[field.name]);
    for (const field of added) {
      fields.push({ type: type.name, field: field.name, nullable: !isNonNullType(field.type) });
      lines.push(`extend type ${type.name} { ${field.name}${field.args.length ? `(${field.args.map((arg) => `${arg.name}: ${String(arg.type)}`).join(', ')})` : ''}: ${String(field.type)} }`);
    }
  }
  return { types, fields, text: lines.join('\n') };
}

describe.each(installations.map((installation) => [installation.plugin.manifest.name, installation.plugin] as const))('the plugin contract: %s', (_name, plugin) => {
  const { namespace } = plugin.manifest;
  let core: GraphQLSchema;
  let extended: GraphQLSchema;
  let extendedSdl: string;
  let ownsTypeName: Api['ownsTypeName'];
  let ownsFieldName: Api['ownsFieldName'];

  beforeAll(async () => {
    core = buildSchema(await sdlWith([]));
    extendedSdl = await sdlWith(withDependencies(plugin));
    extended = buildSchema(extendedSdl);
    ({ ownsTypeName, ownsFieldName } = await import('@broadcart/api'));
  });

  it('leaves every core type and field as it was', () => {
    for (const type of Object.values(core.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      const after = extended.getType(type.name);
      expect(after, `core type ${type.name}`).toBeDefined();
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const same = (after as typeof type).getFields()[field.name];
        expect(String(same?.type), `${type.name}.${field.name}`).toBe(String(field.type));
      }
    }
  });

  it('names everything it adds with its namespace, and nothing in the core matches that namespace', () => {
    const own = withDependencies(plugin).map((installation) => installation.plugin.manifest.namespace);
    const added = addedSdl(core, extended);
    for (const type of added.types) expect(own.some((ns) => ownsTypeName(ns, type.name)), `type ${type.name}`).toBe(true);
    for (const { type, field } of added.fields) expect(own.some((ns) => ownsFieldName(ns, field)), `${type}.${field}`).toBe(true);
    for (const type of Object.values(core.getTypeMap())) {
      expect(ownsTypeName(namespace, type.name), `core type ${type.name}`).toBe(false);
      if (isObjectType(type)) for (const field of Object.keys(type.getFields())) expect(ownsFieldName(namespace, field), `core field ${type.name}.${field}`).toBe(false);
    }
  });

  it('makes every field it adds to a core type nullable, so a failure nulls only that field (mutations return their result union)', () => {
    const added = addedSdl(core, extended);
    expect(added.fields.length).toBeGreaterThan(0);
    for (const field of added.fields.filter((candidate) => candidate.type !== 'Mutation')) expect(field.nullable, `${field.type}.${field.field}`).toBe(true);
  });

  it('follows the mutation convention: one input argument and a result union with typed errors', () => {
    const mutation = extended.getMutationType()!;
    const before = core.getMutationType()!.getFields();
    for (const field of Object.values(mutation.getFields()).filter((candidate) => !before[candidate.name])) {
      const type = `${field.name.charAt(0).toUpperCase()}${field.name.slice(1)}`;
      expect(field.args.map((arg) => `${arg.name}: ${String(arg.type)}`), field.name).toEqual([`input: ${type}Input!`]);
      expect(String(field.type), field.name).toBe(`${type}Result!`);
      expect(extendedSdl).toMatch(new RegExp(`union ${type}Result = .*\\b${type}Payload\\b.*\\bValidationError\\b`));
    }
  });

  it('keeps its tables and migrations in its own namespace', () => {
    for (const entity of (plugin.entities ?? []) as { meta?: { tableName?: string }; init?: unknown }[]) {
      const tableName = (entity as { meta: { tableName?: string; className?: string } }).meta.tableName;
      expect(tableName, 'entity table').toMatch(new RegExp(`^${namespace}_`));
    }
    for (const migration of plugin.migrations ?? []) {
      for (const statement of migration.up) {
        for (const [, table] of statement.matchAll(/\b(?:create table(?: if not exists)?|alter table|on|references|drop table(?: if exists)?)\s+"?([a-z_][a-z0-9_]*)"?/gi)) {
          expect(table, `${migration.name}: ${statement}`).toMatch(new RegExp(`^${namespace}_`));
        }
      }
    }
  });

  it('snapshots the schema it adds', async () => {
    const added = addedSdl(core, extended);
    const own = added.types.filter((type) => ownsTypeName(namespace, type.name));
    const text = `${added.text}\n\n${own.map((type) => printType(type)).join('\n\n')}\n`;
    await expect(text).toMatchFileSnapshot(`./__snapshots__/${namespace}.graphql`);
  });
});

describe('installing plugins side by side', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ plugins: installations });
  });
  afterAll(() => t?.close());

  const query = <T>(sql: string, params: unknown[] = []) => t.app.orm.em.fork().getConnection().execute<T[]>(sql, params);

  it('keeps one migrations table per plugin, and applying them again changes nothing', async () => {
    const tables = await query<{ table_name: string }>(`select table_name from information_schema.tables where table_name like 'mikro_orm_migrations%' order by 1`);
    expect(tables.map((row) => row.table_name)).toEqual(['mikro_orm_migrations', ...installations.map((installation) => `mikro_orm_migrations_${installation.plugin.manifest.namespace}`).sort()]);
    for (const installation of installations) {
      const { namespace } = installation.plugin.manifest;
      const rows = await query<{ name: string }>(`select name from mikro_orm_migrations_${namespace} order by id`);
      expect(rows.map((row) => row.name)).toEqual((installation.plugin.migrations ?? []).map((migration) => migration.name));
    }
    expect(await t.app.migrate()).toEqual([]);
  });

  it('creates tables that match the plugins’ entities exactly (no drift between entities and migrations)', async () => {
    const drift = await t.app.orm.schema.getUpdateSchemaSQL({ wrap: false });
    // The plugins' migration tables are the host's bookkeeping, not entities.
    const statements = drift.split(/;\s*\n/).map((statement) => statement.trim()).filter((statement) => statement && !/"mikro_orm_migrations_[a-z0-9]+"/.test(statement));
    expect(statements).toEqual([]);
  });

  it('gives every plugin its own tables, none shared with the core or another plugin', async () => {
    const rows = await query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public'`);
    for (const installation of installations) {
      const { namespace } = installation.plugin.manifest;
      const own = rows.filter((row) => row.table_name.startsWith(`${namespace}_`)).map((row) => row.table_name);
      expect(own.length, namespace).toBe(new Set(((installation.plugin.entities ?? []) as { meta: { tableName: string } }[]).map((entity) => entity.meta.tableName)).size);
    }
  });
});
