import type { MikroORM } from '@mikro-orm/postgresql';
import type { BroadcartPlugin } from '@broadcart/plugin-sdk';

/** The migrations table of one plugin: its names never collide with the core's or another plugin's. */
export function pluginMigrationsTable(namespace: string): string {
  return `mikro_orm_migrations_${namespace}`;
}

/** First key of the advisory lock held while plugin migrations run ('bcmg'). */
const MIGRATION_LOCK = 0x62636d67;

async function appliedNames(orm: MikroORM, table: string): Promise<Set<string> | null> {
  const connection = orm.em.getConnection();
  const [exists] = await connection.execute<{ present: boolean }[]>(`select to_regclass(?) is not null as present`, [table]);
  if (!exists?.present) return null;
  const rows = await connection.execute<{ name: string }[]>(`select name from "${table}"`);
  return new Set(rows.map((row) => row.name));
}

/**
 * Applies each plugin's pending migrations, plugins in the given (dependency) order, migrations in
 * name order; a plugin's pending migrations run in one transaction (all or none), each recorded
 * in `mikro_orm_migrations_<namespace>` (the same layout as the core's table). Concurrent migrators wait for each other on an advisory
 * lock. Returns the applied names as `<namespace>:<name>`.
 */
export async function migratePlugins(orm: MikroORM, plugins: readonly BroadcartPlugin[]): Promise<string[]> {
  const applied: string[] = [];
  for (const plugin of plugins) {
    const migrations = [...(plugin.migrations ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (!migrations.length) continue;
    const { namespace } = plugin.manifest;
    const table = pluginMigrationsTable(namespace);
    await orm.em.fork().transactional(async (em) => {
      const connection = em.getConnection();
      const tx = em.getTransactionContext();
      await connection.execute(`select pg_advisory_xact_lock(${MIGRATION_LOCK}, hashtext(?))`, [namespace], 'all', tx);
      await connection.execute(
        `create table if not exists "${table}" (id serial primary key, name varchar(255) not null unique, executed_at timestamptz not null default now())`,
        [],
        'run',
        tx,
      );
      const done = new Set((await connection.execute<{ name: string }[]>(`select name from "${table}"`, [], 'all', tx)).map((row) => row.name));
      for (const migration of migrations) {
        if (done.has(migration.name)) continue;
        try {
          for (const statement of migration.up) await connection.execute(statement, [], 'run', tx);
        } catch (error) {
          throw new Error(`plugin ${plugin.manifest.name}: migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        await connection.execute(`insert into "${table}" (name) values (?)`, [migration.name], 'run', tx);
        applied.push(`${namespace}:${migration.name}`);
      }
    });
  }
  return applied;
}

/** Names (`<namespace>:<name>`) of plugin migrations not applied yet. */
export async function pendingPluginMigrations(orm: MikroORM, plugins: readonly BroadcartPlugin[]): Promise<string[]> {
  const pending: string[] = [];
  for (const plugin of plugins) {
    const migrations = plugin.migrations ?? [];
    if (!migrations.length) continue;
    const done = await appliedNames(orm, pluginMigrationsTable(plugin.manifest.namespace));
    for (const migration of migrations) if (!done?.has(migration.name)) pending.push(`${plugin.manifest.namespace}:${migration.name}`);
  }
  return pending;
}
