import type { EntityManager } from '@mikro-orm/core';

/**
 * Plain SQL for the lottery's set-based statements (entry inserts, eligibility updates, list
 * reads), on `em`'s transaction when it has one. Parameters are `?`; the ORM inlines them.
 */
export async function query<T = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  return (await em.getConnection().execute(sql, [...params], 'all', em.getTransactionContext())) as T[];
}

/** pg hands timestamptz back as a Date or, depending on the driver's parsers, as text. */
export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}
