import { ConfigError, loadConfig } from './config.js';
import { startEmbeddedPostgres } from './db/embedded.js';
import { createOrm, migrateDatabase } from './db/orm.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL or the embedded database. */
async function run(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir });
  const orm = await createOrm({ databaseUrl: config.databaseUrl ?? embedded!.databaseUrl });
  try {
    const applied = await migrateDatabase(orm);
    console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database is up to date.');
  } finally {
    await orm.close();
    await embedded?.stop();
  }
}

run().catch((error: unknown) => {
  console.error(`broadcart migrate: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
