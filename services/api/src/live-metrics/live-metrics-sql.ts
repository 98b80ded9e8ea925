import type { EntityManager } from '@mikro-orm/postgresql';
import { jsonParameter } from '../db/sql-literals.js';

/*
 * Multi-row statements of the live-metrics hot path. Every statement takes its rows as ONE jsonb
 * parameter expanded with `jsonb_to_recordset`, so a flush costs the same number of statements
 * whatever its size.
 */

export const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** Runs raw SQL in the caller's transaction (or on the pool when `em` is not in one). */
export function run<T = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

export interface ColumnSpec {
  name: string;
  type: string;
}

const recordset = (columns: readonly ColumnSpec[]) => `jsonb_to_recordset(?::jsonb) as t(${columns.map((column) => `${column.name} ${column.type}`).join(', ')})`;

/**
 * `INSERT ... ON CONFLICT DO UPDATE SET counter = table.counter + excluded.counter` for the rows of
 * a breakdown table; `maxColumns` keep the greatest value instead. Rows are inserted in key order
 * so concurrent flushes lock them in the same order.
 */
export async function upsertAdd(
  em: EntityManager,
  table: string,
  keys: readonly ColumnSpec[],
  counters: readonly string[],
  maxColumns: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (!rows.length) return;
  const columns = [...keys, { name: 'organization_id', type: 'uuid' }, ...[...counters, ...maxColumns].map((name) => ({ name, type: 'bigint' }))];
  const names = columns.map((column) => column.name);
  const updates = [
    ...counters.map((name) => `${name} = ${table}.${name} + excluded.${name}`),
    ...maxColumns.map((name) => `${name} = greatest(${table}.${name}, excluded.${name})`),
  ];
  await run(
    em,
    `insert into ${table} (${names.join(', ')})
     select ${names.join(', ')} from ${recordset(columns)} order by ${keys.map((key) => key.name).join(', ')}
     on conflict (${keys.map((key) => key.name).join(', ')}) do update set ${updates.join(', ')}`,
    [jsonParameter(rows)],
  );
}

export { recordset };
