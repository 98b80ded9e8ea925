import { raw, type EntityName, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { resolveWindow, toConnection, type Connection, type ConnectionArgs } from './pagination.js';

/**
 * One connection page per parent (e.g. the tasks of every campaign in a list), in two statements
 * whatever the number of parents: the per-parent counts, then every page at once, numbered with
 * `row_number() over (partition by <parent>)`. Cursors and windows match `findConnection`.
 */
export async function findConnectionsByParent<T extends { id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  parentKey: keyof T & string,
  parentIds: readonly string[],
  where: FilterQuery<T>,
  orderBy: Record<string, 'asc' | 'desc'>,
  args: ConnectionArgs,
): Promise<Map<string, Connection<T>>> {
  const scoped = { $and: [where, { [parentKey]: { $in: [...parentIds] } }] } as FilterQuery<T>;
  const counted: { parent: string; total: string | number }[] = await em
    .createQueryBuilder(entity, 'e')
    .select([raw(`${column(em, entity, parentKey, 'e')} as parent`), raw('count(*) as total')])
    .where(scoped as never)
    .groupBy(parentKey as never)
    .execute('all', false);
  const totals = new Map(counted.map((row) => [row.parent, Number(row.total)]));

  const windows = new Map<string, { offset: number; limit: number }>();
  for (const id of parentIds) windows.set(id, await resolveWindow(args, async () => totals.get(id) ?? 0));
  const wanted = [...windows].filter(([id, window]) => window.limit > 0 && (totals.get(id) ?? 0) > window.offset);

  const pages = new Map<string, T[]>();
  if (wanted.length) {
    const order = [...Object.entries(orderBy), ['id', 'asc'] as const]
      .map(([property, direction]) => `${column(em, entity, property, 'e')} ${direction === 'desc' ? 'desc' : 'asc'}`)
      .join(', ');
    const parentColumn = column(em, entity, parentKey, 'e');
    const inner = em
      .createQueryBuilder(entity, 'e')
      .select(['*', raw(`row_number() over (partition by ${parentColumn} order by ${order}) as "__rn"`)])
      .where(scoped as never)
      .toQuery();
    const pageParent = column(em, entity, parentKey, 'page');
    const slices = wanted.map(() => `(${pageParent} = ? and "__rn" > ? and "__rn" <= ?)`).join(' or ');
    const rows: Record<string, unknown>[] = await em.getConnection().execute(
      `select * from (${inner.sql}) as page where ${slices} order by ${pageParent}, "__rn"`,
      [...inner.params, ...wanted.flatMap(([id, { offset, limit }]) => [id, offset, offset + limit])],
      'all',
      em.getTransactionContext(),
    );
    for (const { __rn: _rowNumber, ...row } of rows) {
      const item = em.map(entity, row as never);
      const parent = String(item[parentKey]);
      pages.set(parent, [...(pages.get(parent) ?? []), item]);
    }
  }

  return new Map(parentIds.map((id) => [id, toConnection(pages.get(id) ?? [], windows.get(id)!.offset, totals.get(id) ?? 0)]));
}

function column<T>(em: EntityManager, entity: EntityName<T>, property: string, alias: string): string {
  const properties: Record<string, { fieldNames: string[] } | undefined> = em.getMetadata().get(entity).properties;
  const field = properties[property]?.fieldNames[0];
  if (!field) throw new Error(`${String(entity)} has no column for ${property}`);
  const quote = (name: string) => em.getPlatform().quoteIdentifier(name);
  return `${quote(alias)}.${quote(field)}`;
}
