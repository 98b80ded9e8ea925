import type { EntityManager } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  AppError,
  ForbiddenError,
  PluginDefinitionError,
  PluginUnavailableError,
  SDK_VERSION,
  typePrefix,
  UnauthenticatedError,
  type BroadcartPlugin,
  type EventName,
  type InterceptPoint,
  type InterceptPoints,
  type PluginBatchEventHandler,
  type PluginActor,
  type PluginCapability,
  type PluginContext,
  type PluginGraphQLContext,
  type PluginInstallation,
  type PluginSchemaHelpers,
} from '@broadcart/plugin-sdk';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { isNonNullType, isObjectType, isSpecifiedScalarType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import semver from 'semver';
import type { DomainEvents } from '../events/domain-events.js';
import type { Realtime } from '../realtime.js';
import type { Scheduler } from '../worker/scheduler.js';
import { createAudienceAccess } from './audience-access.js';
import { PluginGuard, type IsolationOptions, type PluginCallStats } from './isolation.js';
import { migratePlugins, pendingPluginMigrations } from './plugin-migrations.js';
import { peerDependencyProblems } from './peer-dependencies.js';

/** The core's version, matched against each plugin's `coreRange`. */
export const CORE_VERSION = '0.1.0';

/** A plugin that passed its boot checks, with its validated config and its guard. */
export interface LoadedPlugin {
  plugin: BroadcartPlugin<unknown>;
  namespace: string;
  /** PascalCase prefix of its GraphQL types. */
  typePrefix: string;
  config: unknown;
  optional: boolean;
  guard: PluginGuard;
}

export interface PluginHostOptions {
  logger: Logger;
  /** @default CORE_VERSION */
  coreVersion?: string;
  isolation?: IsolationOptions;
}

/** What the host needs from the running app to give plugins their context. */
export interface PluginRuntime {
  orm: MikroORM;
  events: DomainEvents;
  realtime: Realtime;
  scheduler: Scheduler;
  clock: () => Date;
}

const INTERCEPT_TIMEOUT_MS = 200;
/** The longest a plugin may ask to be waited for at a decision point. */
const MAX_INTERCEPT_TIMEOUT_MS = 1_000;

/** A comment label: `<namespace>:<key>`, at most 40 characters. */
const LABEL = /^[a-z][a-z0-9]{1,19}:[A-Za-z0-9_.-]{1,19}$/;

/** Checks what a plugin's intercept returned; invalid outputs are dropped like a failure. */
const interceptOutputCheck: { [P in InterceptPoint]: (output: unknown) => output is Exclude<InterceptPoints[P]['output'], void> } = {
  'comment.beforePublish': (output): output is { hide?: number[]; labels?: { seq: number; label: string }[] } => {
    if (typeof output !== 'object' || output === null) return false;
    const { hide, labels } = output as { hide?: unknown; labels?: unknown };
    if (hide !== undefined && !(Array.isArray(hide) && hide.every((seq) => Number.isSafeInteger(seq)))) return false;
    return labels === undefined || (Array.isArray(labels) && labels.every((entry) => Number.isSafeInteger(entry?.seq) && typeof entry?.label === 'string' && LABEL.test(entry.label)));
  },
  'session.beforeStart': (output): output is { warnings?: string[] } => {
    if (typeof output !== 'object' || output === null) return false;
    const { warnings } = output as { warnings?: unknown };
    return warnings === undefined || (Array.isArray(warnings) && warnings.length <= 10 && warnings.every((text) => typeof text === 'string' && text.length <= 300));
  },
};

/** Turns Standard Schema issues into one line naming each path. */
function describeIssues(issues: readonly { message: string; path?: readonly (PropertyKey | { key: PropertyKey })[] | undefined }[]): string {
  return issues
    .map((issue) => {
      const path = (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Orders plugins so each comes after the plugins it depends on; names the cycle if there is one. */
function dependencyOrder(plugins: LoadedPlugin[]): LoadedPlugin[] {
  const byNamespace = new Map(plugins.map((loaded) => [loaded.namespace, loaded]));
  const ordered: LoadedPlugin[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (loaded: LoadedPlugin, trail: string[]): void => {
    const mark = state.get(loaded.namespace);
    if (mark === 'done') return;
    if (mark === 'visiting') throw new PluginDefinitionError(loaded.plugin.manifest.name, `dependency cycle: ${[...trail, loaded.namespace].join(' → ')}`);
    state.set(loaded.namespace, 'visiting');
    for (const dependency of Object.keys(loaded.plugin.manifest.dependsOn ?? {})) visit(byNamespace.get(dependency)!, [...trail, loaded.namespace]);
    state.set(loaded.namespace, 'done');
    ordered.push(loaded);
  };
  for (const loaded of plugins) visit(loaded, []);
  return ordered;
}

/**
 * Checks every installed plugin at boot: the contract (a `definePlugin` object, a unique
 * namespace), the core range, dependencies and their versions, the config, and that the shared
 * libraries resolve to one copy. A failing plugin stops the boot with its name, unless it is
 * installed as optional: then it is left out and the failure is logged.
 */
export async function loadPlugins(installations: readonly PluginInstallation[], options: PluginHostOptions): Promise<LoadedPlugin[]> {
  const coreVersion = options.coreVersion ?? CORE_VERSION;
  const loaded: LoadedPlugin[] = [];
  const check = async (installation: PluginInstallation): Promise<LoadedPlugin> => {
    const { plugin } = installation;
    if (plugin?.kind !== 'broadcart-plugin') throw new PluginDefinitionError(String((plugin as { manifest?: { name?: string } })?.manifest?.name ?? 'unknown'), 'is not a definePlugin() object');
    const { manifest } = plugin;
    const fail = (message: string): never => {
      throw new PluginDefinitionError(manifest.name, message);
    };
    if (!semver.satisfies(coreVersion, manifest.coreRange, { includePrerelease: true })) fail(`needs core ${manifest.coreRange}, this core is ${coreVersion}`);
    if (semver.major(plugin.sdkVersion) !== semver.major(SDK_VERSION) || (semver.major(SDK_VERSION) === 0 && semver.minor(plugin.sdkVersion) !== semver.minor(SDK_VERSION))) {
      fail(`was built with plugin SDK ${plugin.sdkVersion}, which is not compatible with this core's SDK ${SDK_VERSION}`);
    }
    if (!plugin.packageUrl) options.logger.warn({ plugin: manifest.name }, 'plugin gives no packageUrl: its peer dependencies cannot be checked');
    const problems = peerDependencyProblems(plugin.packageUrl);
    if (problems.length) fail(`peer dependencies: ${problems.join('; ')}`);
    let config: unknown = installation.options;
    if (plugin.config) {
      const result = await plugin.config['~standard'].validate(installation.options ?? {});
      if (result.issues) fail(`invalid options: ${describeIssues(result.issues)}`);
      config = (result as { value: unknown }).value;
    }
    return {
      plugin: plugin as BroadcartPlugin<unknown>,
      namespace: manifest.namespace,
      typePrefix: typePrefix(manifest.namespace),
      config,
      optional: installation.optional ?? false,
      guard: new PluginGuard(manifest.name, options.logger, options.isolation),
    };
  };
  for (const installation of installations) {
    try {
      const plugin = await check(installation);
      if (loaded.some((other) => other.namespace === plugin.namespace)) {
        throw new PluginDefinitionError(plugin.plugin.manifest.name, `namespace ${plugin.namespace} is already used by ${loaded.find((other) => other.namespace === plugin.namespace)!.plugin.manifest.name}`);
      }
      loaded.push(plugin);
    } catch (error) {
      if (!installation.optional) throw error;
      options.logger.error({ err: error, plugin: installation.plugin?.manifest?.name }, 'optional plugin left out: it failed its boot checks');
    }
  }
  // Dependencies: present and in range; an optional plugin whose dependency is missing is left out too.
  let changed = true;
  while (changed) {
    changed = false;
    for (const plugin of [...loaded]) {
      for (const [dependency, range] of Object.entries(plugin.plugin.manifest.dependsOn ?? {})) {
        const found = loaded.find((other) => other.namespace === dependency);
        const problem = !found
          ? `depends on plugin ${dependency}, which is not installed`
          : !semver.satisfies(found.plugin.manifest.version, range, { includePrerelease: true })
            ? `depends on ${dependency} ${range}, installed is ${found.plugin.manifest.version}`
            : null;
        if (!problem) continue;
        const error = new PluginDefinitionError(plugin.plugin.manifest.name, problem);
        if (!plugin.optional) throw error;
        options.logger.error({ err: error, plugin: plugin.plugin.manifest.name }, 'optional plugin left out: a dependency is missing');
        loaded.splice(loaded.indexOf(plugin), 1);
        changed = true;
        break;
      }
    }
  }
  return dependencyOrder(loaded);
}

/** Settings of one organization, read once per request (or delivery) and kept on the context. */
type EnabledMap = Map<string, boolean>;
const enabledCache = new WeakMap<object, Promise<EnabledMap>>();

/**
 * The plugin host of one app: plugins in dependency order, their contexts, and every call into
 * them (GraphQL fields, durable handlers, intercepts, timers, jobs, HTTP routes) wrapped by each
 * plugin's guard. The schema part is process-wide (see schema/index.ts); everything stateful is here.
 */
export class PluginHost {
  readonly #contexts = new Map<string, PluginContext<unknown>>();

  constructor(
    readonly plugins: readonly LoadedPlugin[],
    private readonly logger: Logger,
  ) {}

  /** Entities of every plugin, for the ORM. */
  get entities(): unknown[] {
    return this.plugins.flatMap((loaded) => [...(loaded.plugin.entities ?? [])]);
  }

  /** Identifies the installed set: a process builds one schema, for one set. */
  get schemaKey(): string {
    return this.plugins.map((loaded) => `${loaded.namespace}@${loaded.plugin.manifest.version}`).join(',');
  }

  get(namespace: string): LoadedPlugin | undefined {
    return this.plugins.find((loaded) => loaded.namespace === namespace);
  }

  /** The plugin's context in this app; throws for an unknown namespace. */
  contextOf(namespace: string): PluginContext<unknown> {
    const context = this.#contexts.get(namespace);
    if (!context) throw new Error(`plugin ${namespace} is not running in this app`);
    return context;
  }

  /**
   * Gives each plugin its context and registers its durable handlers, jobs and timers on the
   * app's bus and scheduler, then runs `setup` in dependency order. A failing setup stops the boot
   * with the plugin's name (optional plugins are logged and stay registered but unused).
   */
  async start(runtime: PluginRuntime): Promise<void> {
    for (const loaded of this.plugins) {
      const context = this.#createContext(loaded, runtime);
      this.#contexts.set(loaded.namespace, context);
      this.#registerHandlers(loaded, context, runtime);
    }
    for (const loaded of this.plugins) {
      const { setup } = loaded.plugin;
      if (!setup) continue;
      try {
        await loaded.guard.run('setup', 'setup', () => setup(this.contextOf(loaded.namespace)), 30_000);
      } catch (error) {
        const reason = `setup failed: ${error instanceof Error ? error.message : String(error)}`;
        if (!loaded.optional) throw new PluginDefinitionError(loaded.plugin.manifest.name, reason);
        // Its schema is already part of the process's; every call into it is refused from now on.
        loaded.guard.disable(reason);
      }
    }
  }

  /** Runs every plugin's `shutdown` (in reverse dependency order); failures are logged. */
  async shutdown(): Promise<void> {
    for (const loaded of [...this.plugins].reverse()) {
      const { shutdown } = loaded.plugin;
      const context = this.#contexts.get(loaded.namespace);
      if (!shutdown || !context) continue;
      await loaded.guard.run('shutdown', 'shutdown', () => shutdown(context), 10_000).catch(() => undefined);
    }
  }

  /**
   * Each plugin's pending migrations, in dependency order. A failure stops with the plugin's name,
   * unless the plugin is optional: then it is logged and the plugin is refused at every call.
   */
  async migrate(orm: MikroORM): Promise<string[]> {
    const applied: string[] = [];
    for (const loaded of this.plugins) {
      try {
        applied.push(...(await migratePlugins(orm, [loaded.plugin])));
      } catch (error) {
        if (!loaded.optional) throw error;
        this.logger.error({ err: error, plugin: loaded.plugin.manifest.name }, 'optional plugin disabled: its migrations failed');
        loaded.guard.disable(`migrations failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return applied;
  }

  /** Pending migrations of the running plugins (an optional plugin disabled at boot is not waited for). */
  pendingMigrations(orm: MikroORM): Promise<string[]> {
    return pendingPluginMigrations(
      orm,
      this.plugins.filter((loaded) => loaded.guard.state !== 'DISABLED').map((loaded) => loaded.plugin),
    );
  }

  /* --------------------------------------------------------------------------------------------
   * Per-organization switch
   * ------------------------------------------------------------------------------------------ */

  /** Whether the plugin is on for the organization: its setting, or the manifest's default. */
  async isEnabled(em: EntityManager, organizationId: string, namespace: string, cacheKey?: object): Promise<boolean> {
    const loaded = this.get(namespace);
    if (!loaded) return false;
    const settings = await this.#settings(em, organizationId, cacheKey);
    return settings.get(namespace) ?? loaded.plugin.manifest.enabledByDefault ?? true;
  }

  #settings(em: EntityManager, organizationId: string, cacheKey?: object): Promise<EnabledMap> {
    const read = async (): Promise<EnabledMap> => {
      const rows: { namespace: string; enabled: boolean }[] = await em
        .getConnection()
        .execute('select namespace, enabled from plugin_settings where organization_id = ?', [organizationId], 'all', em.getTransactionContext());
      return new Map(rows.map((row) => [row.namespace, row.enabled]));
    };
    if (!cacheKey) return read();
    const cached = enabledCache.get(cacheKey) ?? read();
    enabledCache.set(cacheKey, cached);
    return cached;
  }

  /** Switches a plugin on or off for one organization (the caller checked the role). */
  async setEnabled(em: EntityManager, organizationId: string, namespace: string, enabled: boolean, memberId: string): Promise<void> {
    await em.getConnection().execute(
      `insert into plugin_settings (organization_id, namespace, enabled, updated_at, updated_by) values (?, ?, ?, now(), ?)
       on conflict (organization_id, namespace) do update set enabled = excluded.enabled, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [organizationId, namespace, enabled, memberId],
      'run',
      em.getTransactionContext(),
    );
  }

  /* --------------------------------------------------------------------------------------------
   * GraphQL
   * ------------------------------------------------------------------------------------------ */

  /** What `schema()` gets besides the builder and refs; looks the app up from each request's context. */
  static schemaHelpers(loaded: LoadedPlugin): PluginSchemaHelpers<unknown> {
    const { namespace } = loaded;
    return {
      manifest: loaded.plugin.manifest,
      contextOf: (graphqlContext) => hostOf(graphqlContext).contextOf(namespace),
      requirePermission: (graphqlContext, key) => hostOf(graphqlContext).contextOf(namespace).requirePermission(graphqlContext.actor, key),
    };
  }

  /**
   * Wraps the resolvers of every field a plugin added (as `ownership` recorded them). Fields on
   * core types (Query, Mutation, Subscription, LiveSession...) are the plugin's entry points:
   * they check the organization's switch, the circuit breaker and a time box, and a failure
   * nulls only that (nullable) field. Fields of the plugin's own types are counted and logged on
   * failure.
   */
  static wrapSchema(schema: GraphQLSchema, ownership: SchemaOwnership): void {
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      const typeOwner = ownership.types.get(type.name);
      for (const field of Object.values(type.getFields())) {
        const namespace = typeOwner ?? ownership.fields.get(`${type.name}.${field.name}`);
        if (!namespace) continue;
        const entry = !typeOwner;
        const resolve = field.resolve;
        if (resolve) {
          const wrapped: GraphQLFieldResolver<unknown, PluginGraphQLContext> = entry
            ? (parent, args, context, info) => hostOf(context).callEntryField(namespace, context, info, () => resolve(parent, args, context, info))
            : (parent, args, context, info) => hostOf(context).callField(namespace, info, () => resolve(parent, args, context, info));
          field.resolve = wrapped as typeof field.resolve;
        }
        const subscribe = field.subscribe;
        if (subscribe && entry) {
          field.subscribe = ((parent: unknown, args: unknown, context: PluginGraphQLContext, info: GraphQLResolveInfo) =>
            hostOf(context).callEntryField(namespace, context, info, () => subscribe(parent, args as never, context, info))) as typeof field.subscribe;
        }
      }
    }
    PluginHost.#guardNodeLookups(schema, ownership);
  }

  /**
   * `node(id:)` and `nodes(ids:)` reach plugin types without passing a plugin entry field, so a
   * global id of a plugin's type answers null when the caller's organization switched the
   * plugin off (as an unknown id would).
   */
  static #guardNodeLookups(schema: GraphQLSchema, ownership: SchemaOwnership): void {
    const fields = schema.getQueryType()?.getFields() ?? {};
    const ownerOf = (globalId: unknown): string | null => {
      if (typeof globalId !== 'string') return null;
      try {
        return ownership.types.get(decodeGlobalID(globalId).typename) ?? null;
      } catch {
        return null;
      }
    };
    const switchedOff = async (context: PluginGraphQLContext, namespace: string | null) => {
      if (!namespace || !context.actor) return false;
      return !(await hostOf(context).isEnabled(context.em, context.actor.organizationId, namespace, context));
    };
    const node = fields.node;
    if (node?.resolve) {
      const resolve = node.resolve;
      node.resolve = async (parent, args: { id?: unknown }, context: PluginGraphQLContext, info) =>
        (await switchedOff(context, ownerOf(args.id))) ? null : resolve(parent, args, context, info);
    }
    const nodes = fields.nodes;
    if (nodes?.resolve) {
      const resolve = nodes.resolve;
      nodes.resolve = async (parent, args: { ids?: unknown[] }, context: PluginGraphQLContext, info) => {
        const results = (await resolve(parent, args, context, info)) as unknown[];
        const hidden = await Promise.all((args.ids ?? []).map((id) => switchedOff(context, ownerOf(id))));
        return results.map((result, index) => (hidden[index] ? null : result));
      };
    }
  }

  /** A plugin field on a core type: switched on for the caller's organization, guarded, time-boxed. */
  async callEntryField(namespace: string, context: PluginGraphQLContext, info: GraphQLResolveInfo, resolve: () => unknown): Promise<unknown> {
    const loaded = this.get(namespace);
    if (!loaded) throw new PluginUnavailableError(namespace, `plugin ${namespace} is not installed on this server`);
    // A subscription keeps its context for its whole life: read the switch afresh for each event.
    const kind = info.operation.operation;
    if (context.actor && !(await this.isEnabled(context.em, context.actor.organizationId, namespace, kind === 'subscription' ? undefined : context))) {
      throw new PluginUnavailableError(loaded.plugin.manifest.name, `plugin ${namespace} is switched off for your organization`);
    }
    // The time box bounds how long the client waits, not the work: a mutation that overruns it
    // still commits. Mutations do real work (a close checks every entrant), so theirs is longer.
    const timeout = kind === 'subscription' ? null : kind === 'mutation' ? (this.#isolationMutationTimeout ?? 60_000) : (this.#isolationFieldTimeout ?? 5_000);
    return loaded.guard.run('field', `${info.parentType.name}.${info.fieldName}`, resolve, timeout);
  }

  /** A field of a plugin's own type: failures are counted and logged with the plugin's name. */
  callField(namespace: string, info: GraphQLResolveInfo, resolve: () => unknown): unknown {
    const loaded = this.get(namespace);
    const fail = (error: unknown): never => {
      if (loaded && !(error instanceof AppError)) {
        loaded.guard.stats.field.failures += 1;
        this.logger.error({ err: error, plugin: loaded.plugin.manifest.name, field: `${info.parentType.name}.${info.fieldName}` }, 'plugin field failed');
      }
      throw error;
    };
    try {
      const result = resolve();
      return result instanceof Promise ? result.catch(fail) : result;
    } catch (error) {
      return fail(error);
    }
  }

  #isolationFieldTimeout: number | null = null;
  #isolationMutationTimeout: number | null = null;

  /** Time boxes of plugin entry fields of queries and of mutations (tests shorten them). */
  setFieldTimeouts({ fieldTimeoutMs, mutationTimeoutMs }: Pick<IsolationOptions, 'fieldTimeoutMs' | 'mutationTimeoutMs'>): void {
    if (fieldTimeoutMs) this.#isolationFieldTimeout = fieldTimeoutMs;
    if (mutationTimeoutMs) this.#isolationMutationTimeout = mutationTimeoutMs;
  }

  /* --------------------------------------------------------------------------------------------
   * Intercepts
   * ------------------------------------------------------------------------------------------ */

  /**
   * Runs the intercept handlers of `point` of the plugins switched on for the organization, in
   * `before`/`after` order, each time-boxed and fail-open, and returns the outputs that passed
   * validation, with the plugin that gave each.
   */
  async intercept<P extends InterceptPoint>(
    point: P,
    input: InterceptPoints[P]['input'],
    em: EntityManager,
    /** Reads the organization's switches once for this decision. */
    cacheKey: object = {},
  ): Promise<{ namespace: string; output: Exclude<InterceptPoints[P]['output'], void> }[]> {
    const registered = this.plugins.filter((loaded) => loaded.plugin.intercept?.[point]);
    if (!registered.length) return [];
    const results: { namespace: string; output: Exclude<InterceptPoints[P]['output'], void> }[] = [];
    for (const loaded of interceptOrder(registered, point)) {
      if (!(await this.isEnabled(em, input.organizationId, loaded.namespace, cacheKey))) continue;
      const registration = loaded.plugin.intercept![point]!;
      // Each handler reads through its own entity manager: nothing it loads or persists rides
      // along with the core's unit of work, even when it overruns its time box.
      const context = { ...this.contextOf(loaded.namespace), em: em.fork() };
      try {
        // A decision point waits for each plugin at most its time box (capped), and a slow or
        // failing answer there does not pause the plugin's other work (its circuit).
        const timeoutMs = Math.min(registration.timeoutMs ?? INTERCEPT_TIMEOUT_MS, MAX_INTERCEPT_TIMEOUT_MS);
        const output = await loaded.guard.run('intercept', point, () => registration.handle(input as never, context as never), timeoutMs, { circuit: false });
        if (output === undefined || output === null) continue;
        const labels = (output as { labels?: { label?: unknown }[] }).labels;
        if (!interceptOutputCheck[point](output) || (labels && !labels.every((entry) => String(entry.label).startsWith(`${loaded.namespace}:`)))) {
          this.logger.warn({ plugin: loaded.plugin.manifest.name, point }, 'plugin intercept returned an invalid value; ignored');
          loaded.guard.stats.intercept.failures += 1;
          continue;
        }
        results.push({ namespace: loaded.namespace, output: output as Exclude<InterceptPoints[P]['output'], void> });
      } catch {
        // Fail-open: the guard logged and counted it; the decision goes on without this plugin.
      }
    }
    return results;
  }

  /** Whether any installed plugin handles the decision point (hot paths skip the work otherwise). */
  handles(point: InterceptPoint): boolean {
    return this.plugins.some((loaded) => loaded.plugin.intercept?.[point]);
  }

  /* --------------------------------------------------------------------------------------------
   * HTTP
   * ------------------------------------------------------------------------------------------ */

  /** The plugin route matching `/plugins/<namespace>/...`, with its parameters. */
  matchRoute(method: string, path: string): { loaded: LoadedPlugin; route: NonNullable<BroadcartPlugin['http']>[number]; params: Record<string, string> } | null {
    const match = /^\/plugins\/([a-z][a-z0-9]*)(\/.*)$/.exec(path);
    if (!match) return null;
    const loaded = this.get(match[1]!);
    if (!loaded) return null;
    const rest = match[2]!.split('/');
    for (const route of loaded.plugin.http ?? []) {
      if (route.method !== method) continue;
      const parts = route.path.split('/');
      if (parts.length !== rest.length) continue;
      const params: Record<string, string> = {};
      const matches = parts.every((part, index) => {
        const value = rest[index]!;
        if (part.startsWith(':')) {
          params[part.slice(1)] = decodeURIComponent(value);
          return value.length > 0;
        }
        return part === value;
      });
      if (matches) return { loaded, route, params };
    }
    return null;
  }

  /* --------------------------------------------------------------------------------------------
   * Internals
   * ------------------------------------------------------------------------------------------ */

  #createContext(loaded: LoadedPlugin, runtime: PluginRuntime): PluginContext<unknown> {
    const { plugin, namespace } = loaded;
    const capabilities = new Set<PluginCapability>(plugin.capabilities ?? []);
    const requireCapability = (capability: PluginCapability) => {
      if (!capabilities.has(capability)) throw new PluginDefinitionError(plugin.manifest.name, `uses ${capability} without requesting the capability "${capability}"`);
    };
    const logger = this.logger.child({ plugin: plugin.manifest.name });
    const permissions = plugin.permissions ?? {};
    const hasPermission = (actor: PluginActor | null, key: string): boolean => {
      const permission = permissions[key];
      if (!permission) throw new PluginDefinitionError(plugin.manifest.name, `checks permission "${key}", which it does not define`);
      return actor !== null && permission.roles.includes(actor.role);
    };
    const audience = createAudienceAccess();
    const events = new Set(plugin.events ?? []);
    return {
      manifest: plugin.manifest,
      config: loaded.config,
      logger,
      now: runtime.clock,
      emit: (em, name, payload, options) => {
        if (!events.has(name) && !name.startsWith(`${namespace}.job.`)) {
          throw new PluginDefinitionError(plugin.manifest.name, `emits ${name}, which is not listed in its events`);
        }
        return runtime.events.emit(name as never, payload as never, { em: em as never, actorId: options?.actorId ?? null });
      },
      realtime: {
        publish: (topic, payload) => {
          requireCapability('realtime');
          runtime.realtime.publish('plugin', `${namespace}:${topic}`, payload);
        },
        subscribe: (topic) => {
          requireCapability('realtime');
          return runtime.realtime.subscribe('plugin', `${namespace}:${topic}`);
        },
      },
      jobs: {
        schedule: async (em, name, payload, options) => {
          requireCapability('jobs');
          if (!plugin.jobs?.[name]) throw new PluginDefinitionError(plugin.manifest.name, `schedules job ${name}, which it does not define`);
          await runtime.events.emit(`${namespace}.job.${name}` as never, payload as never, { em: em as never, notBefore: options?.runAt ?? null });
        },
      },
      isEnabled: (em, organizationId) => this.isEnabled(em, organizationId, namespace),
      hasPermission,
      requirePermission: (actor, key) => {
        if (!actor) throw new UnauthenticatedError();
        if (!hasPermission(actor, key)) {
          throw new ForbiddenError(`Your role ${actor.role} lacks the permission ${namespace}:${key}; it needs one of ${permissions[key]!.roles.join(', ')}`);
        }
        return actor;
      },
      core: {
        get audience() {
          requireCapability('audience:read');
          return audience;
        },
      },
    };
  }

  #registerHandlers(loaded: LoadedPlugin, context: PluginContext<unknown>, runtime: PluginRuntime): void {
    const { plugin, namespace, guard } = loaded;
    const deliver = (eventName: string, call: (payload: unknown, handlerContext: Record<string, unknown>) => unknown) =>
      (async (payload: { organizationId?: string }, delivery: { em: EntityManager; event: { organizationId: string | null }; attempt: number; logger: Logger }) => {
        const organizationId = payload?.organizationId ?? delivery.event.organizationId;
        if (organizationId && !(await this.isEnabled(delivery.em, organizationId, namespace))) {
          delivery.logger.debug({ plugin: plugin.manifest.name }, 'plugin switched off for the organization: delivery skipped');
          return;
        }
        // The worker times handlers out itself; the guard adds the plugin's circuit and labels.
        await guard.run(eventName.includes('.job.') ? 'job' : 'handler', eventName, () => call(payload, { ...context, em: delivery.em, event: delivery.event, attempt: delivery.attempt }), null);
      }) as never;
    for (const [eventName, handler] of Object.entries(plugin.on ?? {})) {
      if (!handler) continue;
      if (typeof handler === 'function') {
        runtime.events.onDurable(`${namespace}:${eventName}`, eventName as EventName as never, deliver(eventName, handler as never));
        continue;
      }
      const batchHandler = handler as PluginBatchEventHandler<unknown, EventName>;
      runtime.events.onDurableBatch(
        `${namespace}:${eventName}`,
        eventName as EventName as never,
        async (items, delivery) => {
          // Deliveries of organizations that switched the plugin off are dropped (and marked done).
          const enabled = new Map<string, Promise<boolean>>();
          const isOn = (organizationId: string) => {
            if (!enabled.has(organizationId)) enabled.set(organizationId, this.isEnabled(delivery.em, organizationId, namespace));
            return enabled.get(organizationId)!;
          };
          const kept: typeof items = [];
          for (const item of items) {
            const organizationId = (item.payload as { organizationId?: string })?.organizationId ?? item.event.organizationId;
            if (!organizationId || (await isOn(organizationId))) kept.push(item);
          }
          if (!kept.length) return;
          await guard.run('handler', `${eventName} ×${kept.length}`, () => batchHandler.handleBatch(kept as never, { ...context, em: delivery.em, attempt: delivery.attempt }), null);
        },
        { maxSize: batchHandler.maxSize ?? 500 },
      );
    }
    for (const [name, job] of Object.entries(plugin.jobs ?? {})) {
      runtime.events.onDurable(`${namespace}:job.${name}`, `${namespace}.job.${name}` as never, deliver(`${namespace}.job.${name}`, job as never));
    }
    for (const [name, timer] of Object.entries(plugin.timers ?? {})) {
      runtime.scheduler.every(`${namespace}:${name}`, timer.everyMs, async (tick) => {
        await guard.run('timer', name, () => tick.em.transactional((em) => timer.run({ ...context, em, tickAt: tick.now })), Math.max(timer.everyMs * 10, 30_000));
      });
    }
  }

  /** Runs a plugin HTTP route through the plugin's guard. */
  async callRoute(loaded: LoadedPlugin, what: string, call: () => Promise<unknown>): Promise<unknown> {
    return loaded.guard.run('http', what, call, this.#isolationFieldTimeout ?? 30_000);
  }

  /** Call statistics and circuit state per plugin (GraphQL `plugins { health }`). */
  health(namespace: string): { state: string; openedAt: Date | null; stats: Record<string, PluginCallStats> } | null {
    const loaded = this.get(namespace);
    return loaded ? { state: loaded.guard.state, openedAt: loaded.guard.openedAt, stats: loaded.guard.stats } : null;
  }
}

/** The app's host, from a request's GraphQL context (the schema is shared; hosts are per app). */
function hostOf(context: PluginGraphQLContext): PluginHost {
  return (context as unknown as { plugins: PluginHost }).plugins;
}

/** What each plugin added to the schema: its own types, and its fields on types it did not add. */
export interface SchemaOwnership {
  /** Type name → namespace. */
  types: Map<string, string>;
  /** `Type.field` → namespace, for fields added to the core's (or another plugin's) types. */
  fields: Map<string, string>;
}

/**
 * Records what `namespace` added between two builds of the schema, and checks it against the
 * contract: names carry the plugin's prefix, and fields on types it did not add are nullable
 * (mutations excepted: they return their result union). Throws a PluginDefinitionError naming
 * the plugin and the offending type or field.
 */
export function recordAdditions(ownership: SchemaOwnership, before: GraphQLSchema, after: GraphQLSchema, loaded: Pick<LoadedPlugin, 'namespace' | 'plugin'>): void {
  const { namespace } = loaded;
  const fail = (message: string): never => {
    throw new PluginDefinitionError(loaded.plugin.manifest.name, message);
  };
  for (const type of Object.values(after.getTypeMap())) {
    if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
    const previous = before.getType(type.name);
    if (!previous) {
      if (!ownsTypeName(namespace, type.name)) fail(`adds type ${type.name}, whose name does not start with ${typePrefix(namespace)} (or a verb and ${typePrefix(namespace)})`);
      ownership.types.set(type.name, namespace);
      continue;
    }
    if (!isObjectType(type) || !isObjectType(previous)) continue;
    const existing = previous.getFields();
    for (const field of Object.values(type.getFields())) {
      if (existing[field.name]) continue;
      if (!ownsFieldName(namespace, field.name)) fail(`adds field ${type.name}.${field.name}, whose name does not start with ${namespace} (or a verb and ${typePrefix(namespace)})`);
      if (type.name !== 'Mutation' && isNonNullType(field.type)) fail(`adds ${type.name}.${field.name} as non-null; fields on types the plugin does not own must be nullable`);
      ownership.fields.set(`${type.name}.${field.name}`, namespace);
    }
  }
}

/**
 * Whether a type name belongs to the plugin with this namespace: `Lottery`, `LotteryDraw`, or a
 * mutation's `<Verb>Lottery...` input, payload and result (`CreateLotteryGiveawayPayload`).
 * The contract tests check that every type a plugin adds matches, and no core type does.
 */
export function ownsTypeName(namespace: string, name: string): boolean {
  const prefix = typePrefix(namespace);
  return new RegExp(`^(?:[A-Z][a-z]+)?${prefix}(?:[A-Z0-9_]|$)`).test(name);
}

/** The same for field names: `lotteryGiveaways`, or a verb-first mutation `drawLotteryGiveaway`. */
export function ownsFieldName(namespace: string, name: string): boolean {
  return new RegExp(`^(?:${namespace}|[a-z]+${typePrefix(namespace)})(?:[A-Z0-9_]|$)`).test(name);
}

/** Intercept handlers ordered by their `before`/`after` constraints, otherwise in install order. */
function interceptOrder(registered: LoadedPlugin[], point: InterceptPoint): LoadedPlugin[] {
  const namespaces = new Set(registered.map((loaded) => loaded.namespace));
  const edges = new Map<string, Set<string>>(registered.map((loaded) => [loaded.namespace, new Set<string>()]));
  for (const loaded of registered) {
    const registration = loaded.plugin.intercept![point]!;
    for (const other of registration.before ?? []) if (namespaces.has(other)) edges.get(other)!.add(loaded.namespace);
    for (const other of registration.after ?? []) if (namespaces.has(other)) edges.get(loaded.namespace)!.add(other);
  }
  const ordered: LoadedPlugin[] = [];
  const placed = new Set<string>();
  while (ordered.length < registered.length) {
    const next = registered.find((loaded) => !placed.has(loaded.namespace) && [...edges.get(loaded.namespace)!].every((dependency) => placed.has(dependency)));
    // Contradictory before/after constraints: fail open, in install order, rather than fail the decision.
    if (!next) return [...ordered, ...registered.filter((loaded) => !placed.has(loaded.namespace))];
    ordered.push(next);
    placed.add(next.namespace);
  }
  return ordered;
}

