import pino from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { startEmbeddedPostgres } from './db/embedded.js';
import { createOrm, migrateDatabase } from './db/orm.js';
import { loadInstallations } from './plugins/load-installations.js';
import { loadPlugins, PluginHost } from './plugins/plugin-host.js';

/**
 * `npm run migrate`: applies pending migrations to DATABASE_URL or the embedded database: the
 * core's first, then each installed plugin's, in dependency order.
 */
async function run(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const plugins = new PluginHost(await loadPlugins(await loadInstallations(config.pluginsConfig), { logger }), logger);
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir });
  const orm = await createOrm({ databaseUrl: config.databaseUrl ?? embedded!.databaseUrl, extraEntities: plugins.entities });
  try {
    const applied = [...(await migrateDatabase(orm)), ...(await plugins.migrate(orm))];
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
