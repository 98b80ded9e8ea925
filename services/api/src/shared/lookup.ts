import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntitySchema } from '@mikro-orm/core';
import type { Actor } from './actor.js';
import { NotFoundError } from './errors.js';

/**
 * The row with this id in the caller's organization. A row of another organization is not found,
 * exactly like an unknown id; the error names the entity (which is also its GraphQL type).
 */
export async function findInOrganization<T extends { id: string; organization: string }>(
  em: EntityManager,
  entity: EntitySchema<T, any>,
  actor: Actor,
  id: string,
): Promise<T> {
  const row = await em.findOne(entity, { id, organization: actor.organizationId } as never);
  if (!row) throw new NotFoundError(entity.meta.className, id);
  return row as T;
}
