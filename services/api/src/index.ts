export { createApp, DEFAULT_LIMITS, type App, type AppOptions } from './app.js';
export { loadConfig, ConfigError, type Config } from './config.js';
export { createOrm, migrateDatabase, migrationsApplied } from './db/orm.js';
export { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.js';
export { getSchema, printSdl } from './schema/index.js';
export { seedDemo, DEMO_EMAIL, DEMO_PASSWORD } from './demo/seed-demo.js';
export { signBody, signedHeaders, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './ingest/signature.js';
export { AUDIENCE_EVENT_KINDS, MAX_EVENTS_PER_BATCH, type AcceptedEvent, type AudienceEventKind, type IngestReply, type IngestRequestBody, type WireEvent } from './ingest/contract.js';
export { pruneAudienceEvents } from './ingest/retention.js';
