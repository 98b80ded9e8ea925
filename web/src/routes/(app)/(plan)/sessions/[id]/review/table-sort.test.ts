import { describe, expect, it } from 'vitest';
import { ariaSort, formatSort, nextSort, parseSort, sortRows } from './table-sort.js';

const rows = [
  { name: 'b', gmv: 300 as number | null },
  { name: 'a', gmv: null },
  { name: 'c', gmv: 100 },
  { name: 'd', gmv: 300 },
];
const valueOf = (row: (typeof rows)[number], key: 'name' | 'gmv') => row[key];

describe('table sort', () => {
  it('orders figures in both directions and keeps ties in their original order', () => {
    expect(sortRows(rows, { key: 'gmv', direction: 'desc' }, valueOf).map((row) => row.name)).toEqual(['b', 'd', 'c', 'a']);
    expect(sortRows(rows, { key: 'gmv', direction: 'asc' }, valueOf).map((row) => row.name)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('puts empty cells last whichever way the column is sorted', () => {
    expect(sortRows(rows, { key: 'gmv', direction: 'asc' }, valueOf).at(-1)?.name).toBe('a');
    expect(sortRows(rows, { key: 'gmv', direction: 'desc' }, valueOf).at(-1)?.name).toBe('a');
  });

  it('orders text with the collator and leaves the input untouched', () => {
    const sorted = sortRows(rows, { key: 'name', direction: 'asc' }, valueOf);
    expect(sorted.map((row) => row.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(rows.map((row) => row.name)).toEqual(['b', 'a', 'c', 'd']);
    expect(sortRows(rows, null, valueOf)).toEqual(rows);
  });

  it('flips the clicked column and starts another at its first direction', () => {
    expect(nextSort(null, 'gmv')).toEqual({ key: 'gmv', direction: 'desc' });
    expect(nextSort({ key: 'gmv', direction: 'desc' }, 'gmv')).toEqual({ key: 'gmv', direction: 'asc' });
    expect(nextSort({ key: 'gmv', direction: 'asc' }, 'gmv')).toEqual({ key: 'gmv', direction: 'desc' });
    expect(nextSort({ key: 'gmv', direction: 'asc' }, 'name', 'asc')).toEqual({ key: 'name', direction: 'asc' });
  });

  it('round-trips through the URL and ignores unknown columns or directions', () => {
    const keys = ['name', 'gmv'] as const;
    expect(parseSort(formatSort({ key: 'gmv', direction: 'asc' }), keys)).toEqual({ key: 'gmv', direction: 'asc' });
    expect(parseSort('price.desc', keys)).toBeNull();
    expect(parseSort('gmv.sideways', keys)).toBeNull();
    expect(parseSort(null, keys)).toBeNull();
    expect(formatSort(null)).toBeNull();
  });

  it('tells assistive technology which column is sorted and how', () => {
    expect(ariaSort({ key: 'gmv', direction: 'desc' }, 'gmv')).toBe('descending');
    expect(ariaSort({ key: 'gmv', direction: 'asc' }, 'gmv')).toBe('ascending');
    expect(ariaSort({ key: 'gmv', direction: 'asc' }, 'name')).toBe('none');
    expect(ariaSort(null, 'name')).toBe('none');
  });
});
