import type { EntityManager } from '@mikro-orm/postgresql';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import type { MemberRole } from '../organizations/member.entity.js';

/** Who is calling: a signed-in member of one organization. */
export interface Actor {
  organizationId: string;
  memberId: string;
  role: MemberRole;
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
export const EDITOR_ROLES: readonly MemberRole[] = ['OWNER', 'OPERATOR'];

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

export function requireRole(actor: Actor, roles: readonly MemberRole[], action = 'do this'): void {
  if (!roles.includes(actor.role)) {
    throw new ForbiddenError(`Your role ${actor.role} cannot ${action}; it needs one of ${roles.join(', ')}`);
  }
}
