import type { EntityManager } from '@mikro-orm/postgresql';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import type { MemberRole } from '../organizations/member.entity.js';

/**
 * A member role, or the pseudo-role `OVERLAY` of an overlay token (read-only, one live session;
 * see overlays/). No member holds `OVERLAY`, so role checks listing member roles refuse overlays.
 */
export type ActorRole = MemberRole | 'OVERLAY';

/** Who is calling: a signed-in member of one organization, or an overlay token. */
export interface Actor {
  organizationId: string;
  /**
   * The member. For an overlay token (role `OVERLAY`) it is the token's id: nothing that names a
   * member is reachable with it (it cannot write), and cache evictions by id find the token.
   */
  memberId: string;
  role: ActorRole;
  /** The one session an overlay token reads; undefined for members. */
  overlaySessionId?: string;
  /** ISO 4217 currency of the organization, for Money fields. */
  currency: string;
  /** IANA time zone of the organization. */
  timeZone: string;
}

/** What a service call runs with: the request's entity manager and the caller. */
export interface Scope {
  em: EntityManager;
  actor: Actor;
}

/** Roles allowed to change planning data (products, hosts, campaigns, sessions, tasks). */
export const EDITOR_ROLES: readonly ActorRole[] = ['OWNER', 'OPERATOR'];

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

/** Whether the actor holds one of `roles` (a list of member roles never matches an overlay token). */
export function hasRole(actor: Actor, roles: readonly ActorRole[]): boolean {
  return roles.includes(actor.role);
}

export function requireRole(actor: Actor, roles: readonly ActorRole[], action = 'do this'): void {
  if (!hasRole(actor, roles)) {
    throw new ForbiddenError(`Your role ${actor.role} cannot ${action}; it needs one of ${roles.join(', ')}`);
  }
}
