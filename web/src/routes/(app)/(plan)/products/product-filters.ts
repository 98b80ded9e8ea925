import type { VariablesOf } from '$lib/graphql/graphql.js';
import { countParam } from '$lib/navigation/url-params.js';
import { DEFAULT_LOW_STOCK_UNITS } from './product-form.js';
import type { ProductsQuery } from './product-documents.js';

export const PRODUCT_SORTS = {
  title: { field: 'TITLE', direction: 'ASC' },
  newest: { field: 'CREATED_AT', direction: 'DESC' },
  priceAsc: { field: 'PRICE', direction: 'ASC' },
  priceDesc: { field: 'PRICE', direction: 'DESC' },
  stockAsc: { field: 'STOCK', direction: 'ASC' },
  stockDesc: { field: 'STOCK', direction: 'DESC' },
  sku: { field: 'SKU', direction: 'ASC' },
} as const;
export type ProductSort = keyof typeof PRODUCT_SORTS;

/** The list's filters as the URL holds them (`?q=&category=&brand=&tag=&stock=in|out&low=100&sort=`). */
export interface ProductListState {
  search: string;
  category: string;
  brand: string;
  tag: string;
  stock: 'all' | 'in' | 'out';
  /** Units at or below which a product counts as low on stock; null: no low-stock filter. */
  lowStock: number | null;
  sort: ProductSort;
}

export function readProductListState(url: URL): ProductListState {
  const stock = url.searchParams.get('stock');
  const sort = url.searchParams.get('sort') ?? '';
  return {
    search: url.searchParams.get('q')?.trim() ?? '',
    category: url.searchParams.get('category') ?? '',
    brand: url.searchParams.get('brand') ?? '',
    tag: url.searchParams.get('tag') ?? '',
    stock: stock === 'in' || stock === 'out' ? stock : 'all',
    lowStock: url.searchParams.has('low') ? countParam(url, 'low', DEFAULT_LOW_STOCK_UNITS) : null,
    sort: sort in PRODUCT_SORTS ? (sort as ProductSort) : 'title',
  };
}

export function hasFilters(state: ProductListState): boolean {
  return Boolean(state.search || state.category || state.brand || state.tag || state.stock !== 'all' || state.lowStock !== null);
}

type Variables = VariablesOf<typeof ProductsQuery>;

/**
 * The `products` arguments for the state. The API has no stock ceiling filter, so "low stock"
 * reads the list by stock, lowest first, and `lowStockRows` cuts it where stock passes the limit.
 */
export function productVariables(state: ProductListState, pageSize: number): Variables {
  const filter: NonNullable<Variables['filter']> = {};
  if (state.search) filter.search = state.search;
  if (state.category) filter.category = state.category;
  if (state.brand) filter.brand = state.brand;
  if (state.tag) filter.audienceTags = [state.tag];
  if (state.stock !== 'all') filter.inStock = state.stock === 'in';
  const orderBy = state.lowStock !== null ? PRODUCT_SORTS.stockAsc : PRODUCT_SORTS[state.sort];
  return { filter, orderBy: { ...orderBy }, first: pageSize };
}

/**
 * The rows of a stock-ascending list at or below `limit`, and whether more may follow: only while
 * every row read so far is low and the server has another page.
 */
export function lowStockRows<T extends { stock: number }>(rows: readonly T[], hasNextPage: boolean, limit: number): { rows: T[]; hasMore: boolean } {
  const low = rows.filter((row) => row.stock <= limit);
  return { rows: low, hasMore: hasNextPage && low.length === rows.length };
}
