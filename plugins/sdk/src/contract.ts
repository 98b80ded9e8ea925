import type { EntityManager } from '@mikro-orm/core';
import type { ObjectRef } from '@pothos/core';
// The core's builder runs these Pothos plugins; importing their types gives plugin authors the
// same field options (authScopes, errors, connections, loadable refs, validation).
import type {} from '@pothos/plugin-dataloader';
import type {} from '@pothos/plugin-errors';
import type {} from '@pothos/plugin-relay';
import type {} from '@pothos/plugin-scope-auth';
import type {} from '@pothos/plugin-zod';
import type { AppError } from './errors.js';
import type { EventMap, EventName, Jsonified, MemberRole } from './events.js';

/* ------------------------------------------------------------------------------------------------
 * Manifest
 * --------------------------------------------------------------------------------------------- */

export interface PluginManifest {
  /** Package name, e.g. `@broadcart/plugin-lottery`; shown in logs and errors. */
  name: string;
  /**
   * Short id, 2-20 characters of `a-z0-9` starting with a letter. It prefixes everything the
   * plugin adds: GraphQL types (`Lottery...`) and fields (`lottery...`), tables (`lottery_...`),
   * events (`lottery.drawn`), permissions (`lottery:manage`), handlers and realtime topics.
   */
  namespace: string;
  /** The plugin's own version (semver). */
  version: string;
  /** Semver range of the core this plugin works with, checked at boot, e.g. `^0.1.0`. */
  coreRange: string;
  /** Namespaces of plugins this one needs, with their version ranges: `{ lottery: '^0.1.0' }`. */
  dependsOn?: Record<string, string>;
  /** Human names for the plugin list in the web app. */
  title?: { en: string; zh: string };
  description?: { en: string; zh: string };
  /** Whether an organization that never chose gets the plugin switched on. @default true */
  enabledByDefault?: boolean;
}

/* ------------------------------------------------------------------------------------------------
 * Config: any Standard Schema validator (zod 4, valibot, arktype ...)
 * --------------------------------------------------------------------------------------------- */

/** The part of the Standard Schema interface the host uses (https://standardschema.dev). */
export interface ConfigSchema<Output = unknown> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => ConfigResult<Output> | Promise<ConfigResult<Output>>;
    readonly types?: { readonly input: unknown; readonly output: Output } | undefined;
  };
}
export type ConfigResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly { readonly message: string; readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined }[] };

/* ------------------------------------------------------------------------------------------------
 * Persistence
 * --------------------------------------------------------------------------------------------- */

/**
 * One migration: plain SQL statements, recorded in the plugin's own table
 * `mikro_orm_migrations_<namespace>`. A plugin's pending migrations apply in one transaction:
 * all of them or none. Names sort in the order they apply (use a timestamp or
 * a zero-padded number prefix) and never change once released.
 */
export interface PluginMigration {
  name: string;
  up: readonly string[];
  down?: readonly string[];
}

/* ------------------------------------------------------------------------------------------------
 * GraphQL
 * --------------------------------------------------------------------------------------------- */

/**
 * Who a request can run as: a member role, or `OVERLAY`, the read-only token of one live
 * session that on-stream overlays use. A permission lists `OVERLAY` only when its overlay
 * widgets need it.
 */
export type ActorRole = MemberRole | 'OVERLAY';

/** The signed-in member (or overlay token) a request runs as. */
export interface PluginActor {
  organizationId: string;
  /** The member; for the `OVERLAY` role, the overlay token's id. */
  memberId: string;
  role: ActorRole;
  /** ISO 4217 currency of the organization, for Money fields. */
  currency: string;
  /** IANA time zone of the organization. */
  timeZone: string;
}

/** What plugin resolvers find in the GraphQL context (the core's context has more; do not rely on it). */
export interface PluginGraphQLContext {
  /** The request's entity manager (its own identity map); plugin entities are registered on it. */
  em: EntityManager;
  /** The signed-in member, or null for anonymous requests. */
  actor: PluginActor | null;
}

/** What `schema()` gets besides the builder and the core refs. */
export interface PluginSchemaHelpers<Config = unknown> {
  manifest: Readonly<PluginManifest>;
  /** The plugin's context in the app serving this request (config, emit, realtime, core access). */
  contextOf(graphqlContext: PluginGraphQLContext): PluginContext<Config>;
  /** Throws UnauthenticatedError / ForbiddenError unless the caller holds the plugin permission `key`. */
  requirePermission(graphqlContext: PluginGraphQLContext, key: string): PluginActor;
}

/** The builder types of the core's single Pothos builder, as plugins see them. */
export interface PluginBuilderTypes {
  Context: PluginGraphQLContext;
  AuthScopes: {
    /** Any signed-in member. */
    member: boolean;
    /** A signed-in member with one of these roles. */
    role: MemberRole[];
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    Date: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
    SafeInt: { Input: number; Output: number };
  };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: false;
}
export type PluginSchemaTypes = PothosSchemaTypes.ExtendDefaultTypes<PluginBuilderTypes>;
export type PluginBuilder = PothosSchemaTypes.SchemaBuilder<PluginSchemaTypes>;

/** Fields of core rows that plugins may read (rows hold more; these are part of the contract). */
export interface CoreRow {
  id: string;
  organization: string;
}
export interface CoreLiveSession extends CoreRow {
  title: string;
  status: string;
  campaign?: string | null;
  scheduledStart?: Date | null;
  actualStart?: Date | null;
  actualEnd?: Date | null;
}
export interface CoreSegment extends CoreRow {
  session: string;
  title: string;
}
export interface CoreProduct extends CoreRow {
  name: string;
}
export interface CoreHost extends CoreRow {
  name: string;
}
export interface CoreCampaign extends CoreRow {
  name: string;
}
export interface CoreViewer extends CoreRow {
  platform: string;
  region?: string | null;
}
export interface CoreOrder extends CoreRow {
  session: string;
  viewer?: string | null;
  /** The platform's order id. */
  externalId: string;
  /** Minor units. */
  amount: number;
  status: string;
  couponCode?: string | null;
  trackingCode?: string | null;
  paidAt?: Date | null;
}
export interface CoreOrganization {
  id: string;
  name: string;
}

/**
 * A core object type. Fields returning it accept the row or its raw id (the core loads ids in
 * batches, scoped to the caller's organization).
 */
export type CoreRef<Shape> = ObjectRef<PluginSchemaTypes, Shape | string, Shape>;

/** The core object types handed to `schema(builder, refs)`, plus shared types plugins reuse. */
export interface CoreRefs {
  Organization: CoreRef<CoreOrganization>;
  LiveSession: CoreRef<CoreLiveSession>;
  Segment: CoreRef<CoreSegment>;
  Product: CoreRef<CoreProduct>;
  Host: CoreRef<CoreHost>;
  Campaign: CoreRef<CoreCampaign>;
  Viewer: CoreRef<CoreViewer>;
  /** A platform order of a session (built from its ORDER_* audience events). */
  Order: CoreRef<CoreOrder>;
  /** `Money { amount (minor units), currency }`. */
  Money: ObjectRef<PluginSchemaTypes, { amount: number; currency: string }>;
  /** The typed errors every mutation lists (`errors: { types: refs.mutationErrors }`). */
  mutationErrors: readonly (abstract new (...args: never[]) => AppError)[];
  /**
   * Decodes a Relay global id of a core type to its raw id. A malformed id, or one of another
   * type, throws NotFoundError (it behaves like an unknown id, as everywhere in the API), or a
   * ValidationError naming `path` when one is given (an input field).
   */
  localId(globalId: string, typename: string, path?: (string | number)[]): string;
}

/* ------------------------------------------------------------------------------------------------
 * Runtime context handed to setup, schema, handlers, intercepts, timers and jobs
 * --------------------------------------------------------------------------------------------- */

export interface PluginLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

/** What the core tells a plugin about viewers, for one session (capability `audience:read`). */
export interface ViewerFacts {
  viewerId: string;
  /** Followed the organization's account before `at` (or now when no `at`). */
  follower: boolean;
  fanClubMember: boolean;
  blocked: boolean;
  region: string | null;
  /** Seconds watched in this session, from join/leave events (an open visit counts up to `at`). */
  watchedSeconds: number;
  /** Paid at least one order in this session that was not fully refunded. */
  purchasedInSession: boolean;
}

/** Read access to the core's audience data (capability `audience:read`). */
export interface AudienceAccess {
  viewerFacts(em: EntityManager, input: { organizationId: string; sessionId: string; viewerIds: readonly string[]; at?: Date }): Promise<Map<string, ViewerFacts>>;
  /** The organization's session (null when unknown to it): status and campaign, for rules. */
  session(em: EntityManager, organizationId: string, sessionId: string): Promise<CoreLiveSession | null>;
  /** The organization's run-of-show segment (null when unknown to it), with its session. */
  segment(em: EntityManager, organizationId: string, segmentId: string): Promise<CoreSegment | null>;
  /** Viewers known as the organization's own staff: its hosts' platform accounts (`Host.platformAccounts`). */
  staffViewerIds(em: EntityManager, organizationId: string): Promise<Set<string>>;
}

/** Realtime topics of this plugin; names are prefixed with the namespace by the host. */
export interface PluginRealtime {
  /** Sends a notice to every subscriber of `topic` in every API process (may drop: carry a version). */
  publish(topic: string, payload: Record<string, unknown>): void;
  /** Subscribes to `topic`; use in a `subscriptionField`'s `subscribe`. */
  subscribe(topic: string): AsyncIterable<Record<string, unknown>>;
}

export interface PluginJobs {
  /**
   * Runs the plugin's job `name` with `payload` at `runAt` (or at once), at least once, with
   * retries and dead letters; recorded in `em`'s transaction, so it is scheduled exactly when
   * that transaction commits.
   */
  schedule(em: EntityManager, name: string, payload: Record<string, unknown>, options?: { runAt?: Date }): Promise<void>;
}

export interface PluginContext<Config = unknown> {
  manifest: Readonly<PluginManifest>;
  /** The validated config (the plugin's schema output). */
  config: Config;
  logger: PluginLogger;
  /** The app's clock; tests move it. */
  now(): Date;
  /** Records a plugin event in `em`'s transaction (outbox): its `on` handlers run after commit. */
  emit<N extends EventName>(em: EntityManager, name: N, payload: EventMap[N], options?: { actorId?: string | null }): Promise<void>;
  realtime: PluginRealtime;
  jobs: PluginJobs;
  /** Whether the plugin is switched on for the organization. */
  isEnabled(em: EntityManager, organizationId: string): Promise<boolean>;
  /** Throws ForbiddenError unless `actor`'s role holds the plugin permission `key` (e.g. `manage`). */
  requirePermission(actor: PluginActor | null, key: string): PluginActor;
  hasPermission(actor: PluginActor | null, key: string): boolean;
  /** Core data access, present for the capabilities the plugin requested. */
  core: { audience: AudienceAccess };
}

/** The recorded event a durable handler is delivering. */
export interface PluginDeliveredEvent<N extends EventName = EventName> {
  /** Outbox sequence number. */
  seq: number;
  id: string;
  name: N;
  occurredAt: Date;
  organizationId: string | null;
  sessionId: string | null;
}

/** What an `on` handler or job runs with. */
export interface PluginHandlerContext<Config = unknown, N extends EventName = EventName> extends PluginContext<Config> {
  /** Inside the transaction that marks the delivery done: writes commit with it. */
  em: EntityManager;
  event: PluginDeliveredEvent<N>;
  /** 1 on the first delivery. */
  attempt: number;
}

export interface PluginTimerContext<Config = unknown> extends PluginContext<Config> {
  /** An entity manager inside this tick's own transaction (committed when `run` returns). */
  em: EntityManager;
  tickAt: Date;
}

/* ------------------------------------------------------------------------------------------------
 * Intercepts: synchronous decision points owned by the core
 * --------------------------------------------------------------------------------------------- */

/** One audience comment the core is about to show in the live feed. */
export interface InterceptComment {
  /** Its position in the event log. */
  seq: number;
  viewerId: string | null;
  text: string;
  /** When it was posted on the platform (ISO-8601): decide by it, not by the time of the decision. */
  occurredAt: string;
}

/**
 * Every decision point, with what handlers get and may return. Points are fail-open: a handler
 * that throws, times out or returns something invalid is skipped (and counted against its
 * circuit breaker), and the decision goes on without it.
 */
export interface InterceptPoints {
  /**
   * Comments before the live feed shows them: a batch the moment it is ingested
   * (`sessionEvents`), and a page when a client resyncs (`LiveSession.audienceEvents`); decide
   * from the comment itself and stable data, so both agree. Return the seqs to hide from the feed
   * (they stay in the log and count in the metrics) and labels for comments, each
   * `<your namespace>:<key>` (e.g. `lottery:keyword`), which the web app translates.
   */
  'comment.beforePublish': {
    input: { organizationId: string; sessionId: string; comments: readonly InterceptComment[] };
    output: { hide?: number[]; labels?: { seq: number; label: string }[] } | void;
  };
  /**
   * Before a session goes live. Return warnings for the operator (shown on `startSession`'s
   * payload); warnings never block the start.
   */
  'session.beforeStart': {
    input: { organizationId: string; sessionId: string };
    output: { warnings?: string[] } | void;
  };
}
export type InterceptPoint = keyof InterceptPoints;

export interface InterceptRegistration<P extends InterceptPoint, Config = unknown> {
  handle(input: InterceptPoints[P]['input'], context: PluginContext<Config> & { em: EntityManager }): Promise<InterceptPoints[P]['output']> | InterceptPoints[P]['output'];
  /** Namespaces this handler must run before / after (when both are installed). */
  before?: string[];
  after?: string[];
  /** Time box; a slower handler is skipped. @default 200 ms */
  timeoutMs?: number;
}

/* ------------------------------------------------------------------------------------------------
 * Permissions, capabilities, widgets
 * --------------------------------------------------------------------------------------------- */

export interface PluginPermission {
  description: { en: string; zh: string };
  /** Roles that hold it; `OVERLAY` lets overlay tokens use it (read-only fields of their own session). */
  roles: readonly ActorRole[];
}

/** Core access a plugin asks for; anything else it cannot reach. */
export type PluginCapability =
  /** `core.audience`: viewer facts (follow, fan club, watch time, purchases, region), staff. */
  | 'audience:read'
  /** `realtime.publish` / `subscribe` on the plugin's topics. */
  | 'realtime'
  /** `jobs.schedule`. */
  | 'jobs';

export type WidgetSlot = 'overlay' | 'control-room' | 'session-editor' | 'campaign-editor';

/**
 * How widgets talk to the API: the web app hands each widget one of these (backed by its urql
 * client and graphql-ws), so widgets depend on no client library.
 */
export interface WidgetClient {
  /** Runs a query or mutation; rejects with the first GraphQL error's message. */
  request<T = Record<string, unknown>>(document: string, variables?: Record<string, unknown>): Promise<T>;
  /** Starts a subscription; returns its stop function. `onError` also hears disconnects. */
  subscribe<T = Record<string, unknown>>(document: string, variables: Record<string, unknown>, onData: (data: T) => void, onError?: (error: Error) => void): () => void;
}

export type WidgetLocale = 'zh-CN' | 'en';

/** Props every widget receives. */
export interface WidgetProps {
  client: WidgetClient;
  locale: WidgetLocale;
  /** Relay global id of the session (overlay, control-room, session-editor). */
  sessionId?: string;
  /** Relay global id of the campaign (campaign-editor). */
  campaignId?: string;
}

/**
 * A Svelte 5 component exported by name from the package's `./web` entry. The web app mounts it
 * in `slot` inside an error boundary with `WidgetProps`.
 */
export interface PluginWidget {
  slot: WidgetSlot;
  /** Export name in `<package>/web`. */
  component: string;
  title: { en: string; zh: string };
}

/* ------------------------------------------------------------------------------------------------
 * The definition
 * --------------------------------------------------------------------------------------------- */

export type PluginEventHandler<Config, N extends EventName> = (payload: Jsonified<EventMap[N]>, context: PluginHandlerContext<Config, N>) => Promise<void> | void;

/** One delivery in a batch. */
export interface PluginBatchItem<N extends EventName = EventName> {
  payload: Jsonified<EventMap[N]>;
  event: PluginDeliveredEvent<N>;
}

/** What a batch handler runs with: one transaction for the whole batch. */
export interface PluginBatchContext<Config = unknown> extends PluginContext<Config> {
  em: EntityManager;
  /** The highest attempt number among the batch's deliveries. */
  attempt: number;
}

/**
 * A handler for high-volume events (comments, orders): it receives up to `maxSize` deliveries at
 * once, in event order, and writes their effects in one transaction. A failing batch is retried
 * one delivery at a time, so a bad event fails alone.
 */
export interface PluginBatchEventHandler<Config, N extends EventName> {
  /** @default 500 */
  maxSize?: number;
  handleBatch(items: PluginBatchItem<N>[], context: PluginBatchContext<Config>): Promise<void> | void;
}

export interface PluginTimer<Config> {
  everyMs: number;
  run(context: PluginTimerContext<Config>): Promise<void> | void;
}

export type PluginJob<Config> = (payload: Record<string, unknown>, context: PluginHandlerContext<Config>) => Promise<void> | void;

/** A plain HTTP endpoint of the plugin, served at `/plugins/<namespace><path>` (downloads, webhooks). */
export interface PluginHttpRoute<Config = unknown> {
  method: 'GET' | 'POST';
  /** Path with `:name` parameters, e.g. `/draws/:drawId/entrants.txt`. */
  path: string;
  handle(request: PluginHttpRequest, context: PluginContext<Config> & { em: EntityManager }): Promise<PluginHttpResponse>;
}
export interface PluginHttpRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The signed-in member when a valid bearer token was sent. */
  actor: PluginActor | null;
}
export interface PluginHttpResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string, bytes, or chunks streamed in order (large downloads). */
  body: string | Uint8Array | AsyncIterable<string | Uint8Array>;
}

export interface PluginDefinition<Config = unknown> {
  manifest: PluginManifest;
  /**
   * `import.meta.url` of the plugin's entry module: the host finds the package from it to check
   * that the peer dependencies resolve to the host's own copies.
   */
  packageUrl?: string;
  /** Validates the options given in the host's configuration module; errors name the plugin. */
  config?: ConfigSchema<Config>;
  /** MikroORM entities (`defineEntity`) of the plugin's own tables, `<namespace>_*`. */
  entities?: readonly unknown[];
  migrations?: readonly PluginMigration[];
  /** Names of the events the plugin emits (each `<namespace>.<fact>`), declared in PluginEventMap. */
  events?: readonly string[];
  /** Permissions, by key; their full name is `<namespace>:<key>`. */
  permissions?: Record<string, PluginPermission>;
  capabilities?: readonly PluginCapability[];
  /**
   * Adds types and fields. Called once per process, before the schema is built; keep no state
   * here: resolvers get the app's plugin context with `plugin.contextOf(graphqlContext)`.
   */
  schema?(builder: PluginBuilder, refs: CoreRefs, plugin: PluginSchemaHelpers<Config>): void;
  /** Durable handlers (at least once, after commit), one per event; named `<namespace>:<event>`. */
  on?: { [N in EventName]?: PluginEventHandler<Config, N> | PluginBatchEventHandler<Config, N> };
  intercept?: { [P in InterceptPoint]?: InterceptRegistration<P, Config> };
  /** Periodic work in the worker role, one process at a time per timer. */
  timers?: Record<string, PluginTimer<Config>>;
  /** One-off work scheduled with `context.jobs.schedule`. */
  jobs?: Record<string, PluginJob<Config>>;
  widgets?: readonly PluginWidget[];
  http?: readonly PluginHttpRoute<Config>[];
  /** Runs at boot before the schema is built and before migrations: no database access. */
  setup?(context: PluginContext<Config>): Promise<void> | void;
  /** Runs at shutdown, after the last handler finished. */
  shutdown?(context: PluginContext<Config>): Promise<void> | void;
}

/** What `definePlugin` returns; the host installs it. */
// `any` by default: lists of plugins hold different config types (the host validates each at boot).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface BroadcartPlugin<Config = any> extends PluginDefinition<Config> {
  readonly kind: 'broadcart-plugin';
  /** The SDK version the plugin was built against. */
  readonly sdkVersion: string;
}

/** One entry of the host's configuration module. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface PluginInstallation<Config = any> {
  plugin: BroadcartPlugin<Config>;
  /** Options, validated by the plugin's `config` schema at boot. */
  options?: unknown;
  /** Boot failures of an optional plugin are logged and the server starts without it. @default false */
  optional?: boolean;
}
