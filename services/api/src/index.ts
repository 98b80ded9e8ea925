export { createApp, DEFAULT_LIMITS, type App, type AppOptions } from './app.js';
export { loadConfig, ConfigError, type Config } from './config.js';
export { createOrm, migrateDatabase, migrationsApplied } from './db/orm.js';
export { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.js';
export { getSchema, printSdl } from './schema/index.js';
export { seedDemo, DEMO_EMAIL, DEMO_PASSWORD } from './demo/seed-demo.js';
