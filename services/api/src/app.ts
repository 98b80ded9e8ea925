import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import { getOperationAST } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { maskUnexpectedErrors } from './shared/mask-error.js';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import type { GraphQLContext } from './context.js';
import { createOrm, migrateDatabase, migrationsApplied } from './db/orm.js';
import type { PluginInstallation } from '@broadcart/plugin-sdk';
import { loadPlugins, PluginHost } from './plugins/plugin-host.js';
import type { IsolationOptions } from './plugins/isolation.js';
import { servePluginRoute } from './plugins/plugin-http.js';
import { decideComments } from './realtime/comment-decisions.js';
import { createRealtime } from './realtime.js';
import { shareKey, type ShareTarget } from './realtime/shared-subscriptions.js';
import { getSchema, schemaOwnership } from './schema/index.js';
import { createLimitsRule } from './schema/limits.js';
import { createServices, type Services } from './services.js';
import { createOverlayAccess } from './overlays/overlay-access.js';
import { OverlaySockets, watchOverlayRevocations } from './overlays/overlay-sockets.js';
import { httpRoutes, sendJson } from './http-routes.js';
// Registers POST /ingest/{sourceId} on httpRoutes.
import './ingest/ingest.http.js';
import { inBackground, startBackground, type Role } from './worker/background.js';
import { DeliveryWorker, type DeliveryWorkerOptions } from './worker/delivery-worker.js';

export interface AppOptions extends Pick<Config, 'maxRequestBodyBytes' | 'maxQueryDepth' | 'maxQueryCost'> {
  databaseUrl: string;
  logger?: Logger;
  /** Receives every SQL statement except those of background work (tests count statements with it). */
  onQuery?: (sql: string) => void;
  /** Connection pool size. @default 10 */
  poolSize?: number;
  /**
   * How long a resolved bearer token is reused without asking the database. Tests that count SQL
   * statements set 0 so every request costs the same. @default 5 s
   */
  actorCacheTtlMs?: number;
  /** Redis shared by every API process for realtime events; in-process pub/sub when unset. */
  redisUrl?: string | null;
  /** Prefix of the Redis channels (separate deployments or test runs on one Redis). @default 'broadcart:' */
  redisChannelPrefix?: string;
  /**
   * `api`: HTTP and graphql-ws only (it still writes the outbox); `worker`: also runs event
   * delivery and scheduled tasks (its HTTP server keeps serving /healthz, /readyz and GraphQL);
   * `all`: both. @default all
   */
  role?: Role;
  /** Delivery worker tuning (tests shorten backoff and leases). */
  delivery?: Partial<DeliveryWorkerOptions>;
  /** The app's clock for scheduled tasks and show times; tests move it. @default the system clock */
  clock?: () => Date;
  /** Days raw audience events are kept (`EVENT_RETENTION_DAYS`). @default 400 */
  eventRetentionDays?: number;
  /** Plugins to run, with their options (`main.ts` passes the configuration module's list). @default none */
  plugins?: readonly PluginInstallation[];
  /** Circuit breaker and time boxes of plugin calls (tests shorten them). */
  pluginIsolation?: IsolationOptions;
  /**
   * Serves every path the API does not own (the web app's pages and assets): a connect-style
   * handler such as the SvelteKit adapter-node `handler`, mounted so one port serves app and API.
   * @default none (such paths answer 404)
   */
  web?: WebHandler;
}

/** A connect-style request handler; `next` hands the request back (the API answers 404). */
export type WebHandler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

export interface App {
  /** The HTTP server with GraphQL, graphql-ws, /healthz and /readyz; not listening yet. */
  server: Server;
  orm: MikroORM;
  services: Services;
  logger: Logger;
  role: Role;
  /** The event delivery worker; null in the api role. */
  deliveryWorker: DeliveryWorker | null;
  /** The installed plugins of this app. */
  plugins: PluginHost;
  /** Applies pending migrations: the core's, then each plugin's in dependency order. Returns their names. */
  migrate(): Promise<string[]>;
  /**
   * Runs one GraphQL operation in-process through the full stack (auth, limits, masking), as a
   * client would over HTTP. Used by the demo seed.
   */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<{ data?: T; errors?: { message: string }[] }>;
  /** Handles one HTTP request (for mounting in another server). */
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** Stops accepting connections and closes sockets and the database pool. */
  close(): Promise<void>;
}

export const DEFAULT_LIMITS = { maxRequestBodyBytes: 1024 * 1024, maxQueryDepth: 12, maxQueryCost: 5000 } as const;

function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

/** Builds the whole application without listening. `main.ts` listens; tests call this directly. */
export async function createApp(options: AppOptions): Promise<App> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const { onQuery } = options;
  // Statements of the delivery worker and scheduled ticks are left out: they come with timers.
  const clock = options.clock ?? (() => new Date());
  const loadedPlugins = await loadPlugins(options.plugins ?? [], { logger, isolation: { clock, ...options.pluginIsolation } });
  const plugins = new PluginHost(loadedPlugins, logger);
  if (options.pluginIsolation) plugins.setFieldTimeouts(options.pluginIsolation);
  const orm = await createOrm({
    databaseUrl: options.databaseUrl,
    onQuery: onQuery && ((sql) => inBackground() || onQuery(sql)),
    poolSize: options.poolSize,
    extraEntities: plugins.entities,
  });
  const realtime = createRealtime({ redisUrl: options.redisUrl, channelPrefix: options.redisChannelPrefix, logger });
  const services = createServices({ orm, realtime, logger, actorCacheTtlMs: options.actorCacheTtlMs, clock: options.clock, eventRetentionDays: options.eventRetentionDays });
  const role = options.role ?? 'all';
  services.events.watchCommits(orm);
  // Handlers, jobs and timers register before the worker starts; setup runs before the schema is built.
  await plugins.start({ orm, events: services.events, realtime, scheduler: services.scheduler, clock });
  const schema = getSchema(loadedPlugins);
  const overlayAccess = createOverlayAccess(schema, schemaOwnership());
  const overlaySockets = new OverlaySockets();
  const stopOverlayRevocations = watchOverlayRevocations({ realtime, organizations: services.organizations, sockets: overlaySockets, logger });
  // The plugins' comment.beforePublish point decides the live feed, when any plugin handles it.
  if (plugins.handles('comment.beforePublish')) {
    services.ingest.setNoticeFilter((organizationId, sessionId, events) => decideComments(plugins, orm.em.fork(), organizationId, sessionId, events));
  }
  const deliveryWorker = role === 'api' ? null : new DeliveryWorker(orm, services.events, logger, { clock, ...options.delivery });
  const background = deliveryWorker
    ? startBackground(orm, deliveryWorker, services.scheduler, logger, { migrated: async () => (await plugins.pendingMigrations(orm)).length === 0 })
    : null;

  const buildContext = async (token: string | null): Promise<GraphQLContext> => {
    const em = orm.em.fork();
    // Overlay tokens are accepted here only: the overlays plugin below enforces their limits.
    const actor = token ? await services.organizations.authenticate(em, token, { overlays: true }) : null;
    return { em, actor, services, realtime, logger, token, plugins };
  };

  const limits: Plugin = {
    onValidate({ addValidationRule, params }) {
      const variables = (params as { variables?: Record<string, unknown> }).variables ?? {};
      addValidationRule(createLimitsRule({ maxDepth: options.maxQueryDepth, maxCost: options.maxQueryCost }, () => variables));
    },
  };

  // Overlay tokens: read-only and one session, checked while validating (the rule needs the
  // caller, so over HTTP the context is built from the request's parameters, before validation;
  // graphql-ws builds it in onSubscribe, before validating too).
  const overlays: Plugin<Record<string, unknown>, { req: IncomingMessage; res: ServerResponse }> = {
    async onParams({ request, context }) {
      Object.assign(context, await buildContext(bearerToken(request.headers.get('authorization'))));
    },
    onValidate({ addValidationRule, context }) {
      const { actor, params } = context as Partial<GraphQLContext> & { params?: { variables?: Record<string, unknown> | null } };
      if (actor?.role === 'OVERLAY') addValidationRule(overlayAccess.rule(actor.overlaySessionId!, params?.variables));
    },
  };

  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: { title: 'Broadcart GraphQL', subscriptionsProtocol: 'WS' },
    maskedErrors: { maskError: maskUnexpectedErrors },
    landingPage: false,
    healthCheckEndpoint: '/healthz',
    maxRequestBodySize: options.maxRequestBodyBytes,
    logging: logger,
    plugins: [limits, overlays],
    // Requests arrive with their context already built: over HTTP by the overlays plugin, over graphql-ws in onSubscribe.
    context: (initial) =>
      'services' in initial ? (initial as unknown as GraphQLContext) : buildContext(bearerToken(initial.request.headers.get('authorization'))),
  });

  // Without Redis (when configured) this process would serve subscribers that never hear other processes' events.
  const readiness = async (): Promise<{ ok: boolean; database: boolean; migrations: boolean; redis: boolean | null }> => {
    const redis = realtime.redisReady();
    try {
      await orm.em.getConnection().execute('select 1');
      const migrated = (await migrationsApplied(orm)) && (await plugins.pendingMigrations(orm)).length === 0;
      return { ok: migrated && redis !== false, database: true, migrations: migrated, redis };
    } catch {
      return { ok: false, database: false, migrations: false, redis };
    }
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = request.url ?? '/';
    if (url === '/readyz' || url.startsWith('/readyz?')) {
      void readiness().then((state) => {
        response.writeHead(state.ok ? 200 : 503, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: state.ok ? 'ready' : 'not ready', ...state }));
      });
      return;
    }
    const path = url.split('?', 1)[0]!;
    if (path.startsWith('/plugins/')) {
      servePluginRoute(plugins, request, response, { orm, services, logger }).catch((error: unknown) => {
        logger.error({ err: error }, 'plugin HTTP route failed');
        if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
        else response.destroy();
      });
      return;
    }
    const route = httpRoutes.find((candidate) => candidate.match(path, request.method ?? 'GET'));
    if (route) {
      route.handle(request, response, { orm, services, logger }).catch((error: unknown) => {
        logger.error({ err: error, route: route.name }, 'HTTP route failed');
        if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
        else response.end();
      });
      return;
    }
    if (options.web && path !== '/graphql' && path !== '/healthz') {
      options.web(request, response, () => void yoga.handle(request, response, { req: request, res: response }));
      return;
    }
    void yoga.handle(request, response, { req: request, res: response });
  };

  const server = createServer(handle);
  const wss = new WebSocketServer({ server, path: '/graphql', perMessageDeflate: false });
  const wsServer = useServer<{ authorization?: string } | undefined>(
    {
      execute: (args) => (args.rootValue as { execute: (a: typeof args) => never }).execute(args),
      // Subscriptions share one execution per key (see realtime/shared-subscriptions.ts).
      subscribe: (args) => {
        const root = args.rootValue as { subscribe: (a: typeof args) => unknown; share: ShareTarget };
        return realtime.hub.subscribe(root.share, () => root.subscribe(args)) as never;
      },
      onSubscribe: async (ctx, id, payload) => {
        const token = bearerToken(ctx.connectionParams?.authorization);
        const context = await buildContext(token);
        overlaySockets.track(context.actor, ctx.extra.socket);
        const { schema: envelopedSchema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...context,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        const args = {
          schema: envelopedSchema,
          operationName: payload.operationName,
          document: parse(payload.query),
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        if (getOperationAST(args.document, args.operationName)?.operation === 'subscription') {
          const { actor } = args.contextValue as GraphQLContext;
          // Overlays of different sessions never share an execution, whatever their variables.
          const scope = actor?.role === 'OVERLAY' ? { organizationId: actor.organizationId, role: `OVERLAY:${actor.overlaySessionId}` } : actor;
          const share: ShareTarget = { key: shareKey(scope, payload), id, socket: ctx.extra.socket };
          return { ...args, rootValue: { ...args.rootValue, share } };
        }
        return args;
      },
    },
    wss,
  );

  return {
    server,
    orm,
    services,
    logger,
    role,
    deliveryWorker,
    plugins,
    handle,
    async migrate() {
      const core = await migrateDatabase(orm);
      return [...core, ...(await plugins.migrate(orm))];
    },
    async graphql(query, variables, token) {
      const response = await yoga.fetch('http://broadcart.internal/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    },
    async close() {
      // Simulations stop sending before ingestion drains its last batch.
      await services.simulations.stopAll();
      // Handlers in flight finish (and may still publish) before sockets and the pool close.
      await background?.stop();
      await stopOverlayRevocations();
      await wsServer.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      if (server.listening) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      // Pending audience events are written (and their live-feed decisions made by the plugins)
      // before the plugins shut down and the pool closes.
      await services.ingest.close();
      await plugins.shutdown();
      await realtime.close();
      await orm.close();
    },
  };
}
