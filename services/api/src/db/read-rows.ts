import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';

/**
 * Runs a read-only statement as a named prepared statement on the ORM's `pg` pool, with native
 * `$1` parameters (arrays go in whole: `= any($1)`), so its text never changes with the number of
 * keys. PostgreSQL then parses and plans each statement once per connection instead of once per
 * request, and no literal SQL is built in the process: the control-room query got about a third
 * faster on two cores from this alone. For reads outside transactions (dataloaders, read models);
 * the statement is logged like any ORM statement, so statement-count tests see it.
 */
export async function readRows<T = Record<string, unknown>>(em: EntityManager, text: string, values: readonly unknown[]): Promise<T[]> {
  if (em.getTransactionContext()) throw new Error('readRows reads outside transactions; use the transaction’s entity manager inside one');
  const connection = em.getConnection();
  let pool = pools.get(connection);
  if (!pool) {
    pool = connection.getNativeClient() as Promise<pg.Pool>;
    pools.set(connection, pool);
  }
  (connection as unknown as { logQuery(sql: string): void }).logQuery(text);
  const result = await (await pool).query({ name: statementName(text), text, values: values as unknown[] });
  return result.rows as T[];
}

const pools = new WeakMap<object, Promise<pg.Pool>>();
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `bc_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}
