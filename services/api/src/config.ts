import path from 'node:path';
import { z } from 'zod';
import { ROLES, type Role } from './worker/background.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface Config {
  /** HTTP port. @default 4000 */
  port: number;
  /** PostgreSQL URL; when unset, an embedded PostgreSQL is started under `dataDir`. */
  databaseUrl: string | null;
  /** Where the embedded PostgreSQL keeps its data. @default ./.data */
  dataDir: string;
  /** pino level. @default info */
  logLevel: (typeof LOG_LEVELS)[number];
  /** Largest accepted request body in bytes. @default 1 MiB */
  maxRequestBodyBytes: number;
  /** Deepest accepted query (fields nested in fields). @default 12 */
  maxQueryDepth: number;
  /** Highest accepted estimated query cost. @default 5000 */
  maxQueryCost: number;
  /** Seed the demo organization into an empty database. @default true */
  seedDemo: boolean;
  /** Which loops run: api, worker or all (`--role` on the command line wins). @default all */
  role: Role;
  /** Days raw audience events are kept; live metrics and reviews are kept forever. @default 400 */
  eventRetentionDays: number;
  /** Redis carrying realtime events between API processes; in-process pub/sub when unset. */
  redisUrl: string | null;
  /** Prefix of the Redis channels, for deployments sharing one Redis. @default broadcart: */
  redisChannelPrefix: string;
  /**
   * Absolute path of a module exporting `installedPlugins`, used instead of the core's
   * `plugins.config.ts`. @default null (the core's list)
   */
  pluginsConfig: string | null;
}

/** A configuration value is wrong; `message` is one line naming the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  MAX_REQUEST_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(100).default(12),
  MAX_QUERY_COST: z.coerce.number().int().min(10).default(5000),
  SEED_DEMO: z.enum(['true', 'false', '1', '0']).default('true'),
  ROLE: z.enum(ROLES).default('all'),
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).default(400),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_CHANNEL_PREFIX: z.string().max(100).default('broadcart:'),
  PLUGINS_CONFIG: z.string().min(1).optional(),
});

/** Reads configuration from environment variables; empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new ConfigError(`${variable}=${JSON.stringify(env[variable] ?? '')} is invalid: ${issue.message}`);
  }
  const values = result.data;
  return {
    port: values.PORT,
    databaseUrl: values.DATABASE_URL ?? null,
    dataDir: path.resolve(values.DATA_DIR),
    logLevel: values.LOG_LEVEL,
    maxRequestBodyBytes: values.MAX_REQUEST_BODY_BYTES,
    maxQueryDepth: values.MAX_QUERY_DEPTH,
    maxQueryCost: values.MAX_QUERY_COST,
    seedDemo: values.SEED_DEMO === 'true' || values.SEED_DEMO === '1',
    role: values.ROLE,
    eventRetentionDays: values.EVENT_RETENTION_DAYS,
    redisUrl: values.REDIS_URL ?? null,
    redisChannelPrefix: values.REDIS_CHANNEL_PREFIX,
    pluginsConfig: values.PLUGINS_CONFIG ? path.resolve(values.PLUGINS_CONFIG) : null,
  };
}

/**
 * The role given on the command line (`--role worker` or `--role=worker`), else `fallback` (the
 * ROLE variable). An unknown or missing value is a ConfigError naming the flag.
 */
export function roleFromArgs(args: readonly string[], fallback: Role): Role {
  let value: string | undefined;
  let given = false;
  args.forEach((arg, index) => {
    if (arg === '--role') {
      given = true;
      value = args[index + 1];
    } else if (arg.startsWith('--role=')) {
      given = true;
      value = arg.slice('--role='.length);
    }
  });
  if (!given) return fallback;
  if (!ROLES.includes(value as Role)) {
    throw new ConfigError(`--role ${JSON.stringify(value ?? '')} is invalid: must be one of ${ROLES.join(', ')}`);
  }
  return value as Role;
}
