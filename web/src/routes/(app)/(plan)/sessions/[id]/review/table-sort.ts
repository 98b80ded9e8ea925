export type SortDirection = 'asc' | 'desc';

export interface SortState<K extends string> {
  key: K;
  direction: SortDirection;
}

export type SortValue = number | string | null | undefined;

/**
 * Rows ordered by one column; ties keep their original order, and empty cells (null) go last in
 * both directions so "no data" never crowds the top of a ranking.
 */
export function sortRows<T, K extends string>(rows: readonly T[], sort: SortState<K> | null, valueOf: (row: T, key: K) => SortValue, collator = new Intl.Collator()): T[] {
  if (!sort) return [...rows];
  const sign = sort.direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: valueOf(row, sort.key) }))
    .sort((a, b) => {
      const aEmpty = a.value === null || a.value === undefined || (typeof a.value === 'number' && Number.isNaN(a.value));
      const bEmpty = b.value === null || b.value === undefined || (typeof b.value === 'number' && Number.isNaN(b.value));
      if (aEmpty || bEmpty) return aEmpty === bEmpty ? a.index - b.index : aEmpty ? 1 : -1;
      const order = typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : collator.compare(String(a.value), String(b.value));
      return order === 0 ? a.index - b.index : sign * order;
    })
    .map(({ row }) => row);
}

/**
 * The sort after a click on a column: the same column flips direction; another column starts at
 * its natural direction (figures biggest first, text A→Z).
 */
export function nextSort<K extends string>(current: SortState<K> | null, key: K, firstDirection: SortDirection = 'desc'): SortState<K> {
  if (current?.key === key) return { key, direction: current.direction === 'desc' ? 'asc' : 'desc' };
  return { key, direction: firstDirection };
}

/** Reads `column.direction` from a URL parameter; anything unknown means the default order. */
export function parseSort<K extends string>(param: string | null | undefined, keys: readonly K[]): SortState<K> | null {
  if (!param) return null;
  const [key, direction] = param.split('.');
  if (!keys.includes(key as K) || (direction !== 'asc' && direction !== 'desc')) return null;
  return { key: key as K, direction };
}

export function formatSort<K extends string>(sort: SortState<K> | null): string | null {
  return sort ? `${sort.key}.${sort.direction}` : null;
}

/** The `aria-sort` of a column header. */
export function ariaSort<K extends string>(sort: SortState<K> | null, key: K): 'ascending' | 'descending' | 'none' {
  if (sort?.key !== key) return 'none';
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}
