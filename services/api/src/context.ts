import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Actor, Scope } from './shared/actor.js';
import { requireActor } from './shared/actor.js';
import type { Services } from './services.js';
import type { Realtime } from './realtime.js';
import type { PluginHost } from './plugins/plugin-host.js';

/** Per-request (or per-subscription-event) GraphQL context. */
export interface GraphQLContext {
  /** Entity manager forked for this request: its own identity map. */
  em: EntityManager;
  /** The signed-in member, or null for anonymous requests. */
  actor: Actor | null;
  services: Services;
  realtime: Realtime;
  logger: Logger;
  /** The raw bearer token of the request, when one was sent. */
  token: string | null;
  /** The app's plugin host: plugin contexts, per-organization switches, guards. */
  plugins: PluginHost;
}

/** The service scope of a request; throws `UnauthenticatedError` when nobody is signed in. */
export function scopeOf(context: GraphQLContext): Scope {
  return { em: context.em, actor: requireActor(context.actor) };
}
