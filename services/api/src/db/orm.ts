import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities.js';
import { migrations } from '../migrations/index.js';

export interface CreateOrmOptions {
  /** PostgreSQL connection string. */
  databaseUrl: string;
  /** Logs every SQL statement through this callback (used by tests that count statements). */
  onQuery?: (sql: string) => void;
  /** Pool size. @default 10 */
  poolSize?: number;
  /** Migrations to know about. @default every committed core migration */
  migrationsList?: typeof migrations;
  /** Entities of installed plugins, registered beside the core's. */
  extraEntities?: readonly unknown[];
}

export function ormConfig({ databaseUrl, onQuery, poolSize = 10, migrationsList = migrations, extraEntities = [] }: CreateOrmOptions): Options {
  return {
    clientUrl: databaseUrl,
    entities: [...entities, ...(extraEntities as typeof entities)],
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true },
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      path: 'src/migrations',
      pathTs: 'src/migrations',
      emit: 'ts',
    },
    pool: { min: 0, max: poolSize },
    // Identity map is per request: every request forks the entity manager explicitly.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: onQuery ? ['query'] : false,
    colors: false,
    logger: onQuery ? (message) => onQuery(message) : undefined,
  };
}

export async function createOrm(options: CreateOrmOptions): Promise<MikroORM> {
  return MikroORM.init(ormConfig(options));
}

/** Applies pending core migrations and returns the names of those it ran. */
export async function migrateDatabase(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((migration) => migration.name);
}

/** True when every known core migration has been applied. */
export async function migrationsApplied(orm: MikroORM): Promise<boolean> {
  const pending = await orm.migrator.getPending();
  return pending.length === 0;
}
