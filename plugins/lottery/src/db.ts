import { raw, type EntityManager, type RawQueryFragment } from '@mikro-orm/core';

/**
 * Plain SQL for the lottery's set-based statements (entry inserts, eligibility updates, list
 * reads), on `em`'s transaction when it has one. Parameters are `?`; the ORM inlines them.
 */
export async function query<T = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  return (await em.getConnection().execute(sql, [...params], 'all', em.getTransactionContext())) as T[];
}

/** `text` as an SQL string constant, in the escape form so it reads the same whatever standard_conforming_strings says. */
function stringConstant(text: string): string {
  return `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/**
 * A value as an already quoted JSON constant, for `jsonb_to_recordset(?::jsonb)`: one parameter
 * for thousands of rows, which the ORM's own quoting would walk character by character.
 */
export function jsonParameter(value: unknown): RawQueryFragment {
  return raw(stringConstant(JSON.stringify(value)));
}

/** Strings (uuids) as an already quoted PostgreSQL array literal, for `= any(?::uuid[])`. */
export function arrayParameter(values: readonly string[]): RawQueryFragment {
  return raw(stringConstant(`{${values.map((value) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`));
}

/** pg hands timestamptz back as a Date or, depending on the driver's parsers, as text. */
export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}
