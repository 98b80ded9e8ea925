import { PluginDefinitionError } from '@broadcart/plugin-sdk';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig, roleFromArgs } from './config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.js';
import { loadInstallations } from './plugins/load-installations.js';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from './demo/seed-demo.js';
import { loadWebHandler } from './web-handler.js';

async function main(): Promise<void> {
  const loaded = loadConfig();
  const config = { ...loaded, role: roleFromArgs(process.argv.slice(2), loaded.role) };
  const logger = pino({ level: config.logLevel });
  let embedded: EmbeddedDatabase | null = null;
  if (!config.databaseUrl) {
    logger.info({ dataDir: config.dataDir }, 'DATABASE_URL is unset: starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
  }
  const databaseUrl = config.databaseUrl ?? embedded!.databaseUrl;
  const plugins = await loadInstallations(config.pluginsConfig);
  const web = config.role === 'worker' ? null : await loadWebHandler(logger);
  const app = await createApp({ ...config, databaseUrl, logger, plugins, web: web ?? undefined });
  const applied = await app.migrate();
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const seeded = config.seedDemo ? await seedDemo(app) : false;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await new Promise<void>((resolve, reject) => {
    app.server.once('error', reject);
    app.server.listen(config.port, () => resolve());
  });
  // The bound port: PORT=0 picks a free one.
  const origin = `http://localhost:${(app.server.address() as AddressInfo).port}`;
  const url = `${origin}/graphql`;
  logger.info({ url, role: config.role, plugins: app.plugins.plugins.map((loaded) => `${loaded.namespace}@${loaded.plugin.manifest.version}`) }, 'Broadcart API listening');
  console.log(web ? `\nBroadcart is running: open ${origin}/ (GraphiQL at ${url})` : `\nBroadcart is running: GraphiQL at ${url} (the web app is not built)`);
  if (seeded) console.log(`Demo organization created. Sign in with ${DEMO_EMAIL} / ${DEMO_PASSWORD} on the sign-in page (or mutation signIn).`);
  else if (config.seedDemo) console.log(`Demo sign-in (if the demo organization exists): ${DEMO_EMAIL} / ${DEMO_PASSWORD}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof PluginDefinitionError) {
    console.error(`broadcart: ${error.message}`);
  } else if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
    console.error(`broadcart: PORT is already in use: ${error.message}`);
  } else {
    console.error(`broadcart: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
