import { describe, expect, it } from 'vitest';
import { applyOrder, dropAt, insertionIndex, moveBy, moveItem, sameOrder } from './reorder.js';

const ids = ['a', 'b', 'c', 'd'];

describe('reordering the run-of-show and the lineup', () => {
  it('moves an item to a final index, clamping the target', () => {
    expect(moveItem(ids, 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveItem(ids, 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveItem(ids, 1, 99)).toEqual(['a', 'c', 'd', 'b']);
    expect(moveItem(ids, 2, -5)).toEqual(['c', 'a', 'b', 'd']);
    expect(moveItem(ids, 7, 0)).toEqual(ids);
    expect(ids).toEqual(['a', 'b', 'c', 'd']);
  });

  it('moves one place up or down from the keyboard and refuses to leave the list', () => {
    expect(moveBy(ids, 'b', -1)).toEqual(['b', 'a', 'c', 'd']);
    expect(moveBy(ids, 'b', 1)).toEqual(['a', 'c', 'b', 'd']);
    expect(moveBy(ids, 'a', -1)).toBeNull();
    expect(moveBy(ids, 'd', 1)).toBeNull();
    expect(moveBy(ids, 'x', 1)).toBeNull();
    expect(moveBy(ids, 'c', 0)).toBeNull();
  });

  it('turns a pointer position into an insertion index between row midpoints', () => {
    const midpoints = [10, 30, 50, 70];
    expect(insertionIndex(midpoints, 0)).toBe(0);
    expect(insertionIndex(midpoints, 10)).toBe(0);
    expect(insertionIndex(midpoints, 11)).toBe(1);
    expect(insertionIndex(midpoints, 55)).toBe(3);
    expect(insertionIndex(midpoints, 500)).toBe(4);
    expect(insertionIndex([], 5)).toBe(0);
  });

  it('drops before or after other rows, and a drop next to itself changes nothing', () => {
    expect(dropAt(ids, 'a', 4)).toEqual(['b', 'c', 'd', 'a']);
    expect(dropAt(ids, 'a', 2)).toEqual(['b', 'a', 'c', 'd']);
    expect(dropAt(ids, 'd', 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(dropAt(ids, 'c', 1)).toEqual(['a', 'c', 'b', 'd']);
    expect(dropAt(ids, 'b', 1)).toBeNull();
    expect(dropAt(ids, 'b', 2)).toBeNull();
    expect(dropAt(ids, 'x', 0)).toBeNull();
    expect(dropAt(ids, 'a', 40)).toEqual(['b', 'c', 'd', 'a']);
  });

  it('compares orders and applies an optimistic order to the server list', () => {
    expect(sameOrder(ids, ['a', 'b', 'c', 'd'])).toBe(true);
    expect(sameOrder(ids, ['a', 'b', 'd', 'c'])).toBe(false);
    expect(sameOrder(ids, ['a', 'b', 'c'])).toBe(false);
    const items = ids.map((id) => ({ id }));
    expect(applyOrder(items, ['c', 'a', 'd', 'b']).map((item) => item.id)).toEqual(['c', 'a', 'd', 'b']);
    // An item added by someone else since the order was taken stays, after the known ones.
    expect(applyOrder([...items, { id: 'e' }], ['d', 'c', 'b', 'a']).map((item) => item.id)).toEqual(['d', 'c', 'b', 'a', 'e']);
    expect(applyOrder(items, null).map((item) => item.id)).toEqual(ids);
  });
});
