import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { decodeCursor, encodeCursor, resolveWindow, toConnection } from './pagination.js';

const total = (n: number) => () => Promise.resolve(n);

describe('connection windows', () => {
  it('defaults to the first 20 items', async () => {
    expect(await resolveWindow({}, total(100))).toEqual({ offset: 0, limit: 20 });
  });

  it('continues after a cursor', async () => {
    expect(await resolveWindow({ first: 5, after: encodeCursor(9) }, total(100))).toEqual({ offset: 10, limit: 5 });
  });

  it('takes the last items before a cursor', async () => {
    expect(await resolveWindow({ last: 3, before: encodeCursor(10) }, total(100))).toEqual({ offset: 7, limit: 3 });
  });

  it('takes the last items of the whole list', async () => {
    expect(await resolveWindow({ last: 3 }, total(4))).toEqual({ offset: 1, limit: 3 });
  });

  it('refuses oversized pages and foreign cursors with the argument named', async () => {
    await expect(resolveWindow({ first: 1000 }, total(0))).rejects.toThrow(/first: must be an integer from 0 to 100/);
    expect(() => decodeCursor('bm9wZQ', 'after')).toThrow(ValidationError);
  });

  it('reports page info from the slice', () => {
    const connection = toConnection(['a', 'b'], 2, 5);
    expect(connection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(decodeCursor(connection.pageInfo.endCursor!, 'after')).toBe(3);
    expect(connection.totalCount).toBe(5);
  });
});
