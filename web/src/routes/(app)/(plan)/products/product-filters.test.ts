import { describe, expect, it } from 'vitest';
import { hasFilters, lowStockRows, productVariables, readProductListState } from './product-filters.js';

const at = (query: string) => new URL(`http://app.test/products${query}`);

describe('product list filters', () => {
  it('reads the filters from the URL into the products arguments', () => {
    const state = readProductListState(at('?q=%20口红%20&category=彩妆%2F口红&brand=花漾&tag=学生党&stock=in&sort=priceDesc'));
    expect(hasFilters(state)).toBe(true);
    expect(productVariables(state, 30)).toEqual({
      filter: { search: '口红', category: '彩妆/口红', brand: '花漾', audienceTags: ['学生党'], inStock: true },
      orderBy: { field: 'PRICE', direction: 'DESC' },
      first: 30,
    });
  });

  it('falls back to defaults for missing or unknown values', () => {
    const state = readProductListState(at('?stock=maybe&sort=random'));
    expect(state).toMatchObject({ stock: 'all', sort: 'title', lowStock: null });
    expect(hasFilters(state)).toBe(false);
    expect(productVariables(state, 20)).toEqual({ filter: {}, orderBy: { field: 'TITLE', direction: 'ASC' }, first: 20 });
  });

  it('reads the list by stock, lowest first, for the low-stock filter', () => {
    const state = readProductListState(at('?low=50&sort=priceDesc&stock=out'));
    expect(state.lowStock).toBe(50);
    expect(productVariables(state, 30)).toMatchObject({ filter: { inStock: false }, orderBy: { field: 'STOCK', direction: 'ASC' } });
    expect(readProductListState(at('?low=')).lowStock).toBe(100);
  });

  it('cuts a stock-ordered list at the limit and stops paging past it', () => {
    const rows = [{ stock: 0 }, { stock: 40 }, { stock: 100 }, { stock: 101 }];
    expect(lowStockRows(rows, true, 100)).toEqual({ rows: [{ stock: 0 }, { stock: 40 }, { stock: 100 }], hasMore: false });
    expect(lowStockRows(rows.slice(0, 2), true, 100)).toEqual({ rows: rows.slice(0, 2), hasMore: true });
    expect(lowStockRows(rows.slice(0, 2), false, 100).hasMore).toBe(false);
  });
});
