import type { BroadcartPlugin, PluginInstallation } from './contract.js';
import type { EventMap, EventName } from './events.js';

export interface HarnessOptions {
  /** The plugins under test (with the plugins they depend on), or installations with options. */
  plugins: readonly (BroadcartPlugin<any> | PluginInstallation<any>)[];
  /** A PostgreSQL database; without it an embedded server starts in a temporary directory. */
  databaseUrl?: string;
  /** Where the test clock starts. @default now */
  now?: Date;
}

export interface GraphQLResult<T> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** A running Broadcart core with your plugin installed, for integration tests. */
export interface PluginHarness {
  /** http://127.0.0.1:<port>: GraphQL at /graphql (and graphql-ws), your routes at /plugins/<namespace>/... */
  url: string;
  graphql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResult<T>>;
  /** Throws on any GraphQL error; returns `data`. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T>;
  /** A new organization and its owner's token. */
  signUp(organizationName?: string): Promise<{ token: string; organizationId: string; memberId: string }>;
  /** Records a domain event as the core would (in a transaction, through the durable bus). */
  emit<N extends EventName>(name: N, payload: EventMap[N]): Promise<void>;
  /**
   * Runs the handler deliveries and jobs due by the test clock until none is left; returns how
   * many ran. Nothing runs in the background: call this after emitting or changing something. A
   * failed delivery is retried after its backoff: `advance` the clock, then `deliver` again.
   */
  deliver(): Promise<number>;
  now(): Date;
  /** Moves the app's clock forward (timers, jobs and `context.now()` follow it). */
  advance(ms: number): Date;
  /** Runs one tick of a timer (`<namespace>:<name>`), or of every plugin timer. */
  runTimers(name?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Boots the Broadcart core (`@broadcart/api`, a dev dependency of your plugin's tests) with your
 * plugin against embedded PostgreSQL: migrated, listening on a free port, with a clock you move.
 */
export async function createPluginHarness(options: HarnessOptions): Promise<PluginHarness> {
  const core = (await import('@broadcart/api' as string)) as { createPluginTestHost(options: HarnessOptions): Promise<PluginHarness> };
  return core.createPluginTestHost(options);
}
