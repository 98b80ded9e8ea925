import { describe, expect, it } from 'vitest';
import { lineupRows, type LineupInput, type ProductNumbers } from './lineup-rows.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const item = (id: string, position: number, stockReserved = 100, livePrice: number | null = null): LineupInput => ({
  id: `li-${id}`,
  position,
  stockReserved,
  livePrice: livePrice === null ? null : cny(livePrice),
  product: { id, title: `Product ${id}`, sku: `SKU-${id}`, stock: 500, price: cny(9_900) },
});
const sold = (id: string, units: number): ProductNumbers => ({ product: { id }, impressions: 1000, clicks: 50, ctr: 0.05, units, orders: units, gmvPaid: cny(units * 9_900) });

describe('lineup rows', () => {
  it('keeps lineup order and joins each product with its live numbers and live price', () => {
    const rows = lineupRows([item('b', 1), item('a', 0, 100, 7_900)], [sold('b', 3)], [], ['b']);
    expect(rows.map((row) => row.item.product.id)).toEqual(['a', 'b']);
    expect(rows[0]?.price).toEqual(cny(7_900));
    expect(rows[0]?.numbers).toBeNull();
    expect(rows[1]?.numbers?.units).toBe(3);
    expect(rows[1]?.left).toBe(97);
    expect(rows.map((row) => row.onAir)).toEqual([false, true]);
  });

  it('flags sold out, low stock and over-reserved products', () => {
    const rows = lineupRows(
      [item('out', 0, 20), item('low', 1, 200), item('over', 2, 100), item('fine', 3, 100), item('none', 4, 0)],
      [sold('out', 25), sold('low', 181), sold('fine', 10)],
      [{ product: { id: 'over' }, shortfall: 30 }],
      [],
    );
    expect(rows.map((row) => row.stock)).toEqual(['soldOut', 'low', 'overReserved', 'ok', 'ok']);
    expect(rows[0]?.left).toBe(0);
    expect(rows[2]?.shortfall).toBe(30);
  });

  it('counts down from the units on hand when nothing is reserved for the session', () => {
    const onShelf = (id: string, stock: number): LineupInput => ({ ...item(id, 0, 0), product: { ...item(id, 0, 0).product, stock } });
    const rows = lineupRows([onShelf('shelf', 300), onShelf('short', 40), onShelf('empty', 0)], [sold('shelf', 12), sold('short', 37)], [], []);
    expect(rows.map((row) => row.basis)).toEqual(['stock', 'stock', 'stock']);
    expect(rows.map((row) => row.left)).toEqual([288, 3, 0]);
    expect(rows.map((row) => row.stock)).toEqual(['ok', 'low', 'soldOut']);
  });

  it('counts down from the reservation when there is one, whatever is on hand', () => {
    const rows = lineupRows([item('kept', 0, 50)], [sold('kept', 20)], [], []);
    expect(rows[0]?.basis).toBe('reserved');
    expect(rows[0]?.left).toBe(30);
  });

  it('counts at least five units as low for small reservations', () => {
    const rows = lineupRows([item('small', 0, 20)], [sold('small', 15)], [], []);
    expect(rows[0]?.stock).toBe('low');
  });
});
