import type { ReviewProductRow } from './review-query.js';
import type { SortValue } from './table-sort.js';

export const PRODUCT_COLUMNS = ['lineup', 'title', 'impressions', 'clicks', 'ctr', 'addToCarts', 'orders', 'units', 'gmvPaid', 'gmvShare', 'refunds'] as const;
export type ProductColumn = (typeof PRODUCT_COLUMNS)[number];

export function productValue(product: ReviewProductRow, column: ProductColumn): SortValue {
  switch (column) {
    case 'lineup':
      // Products sold without being on the lineup have no place in it; they sort after it.
      return product.lineupPosition;
    case 'title':
      return product.title;
    case 'impressions':
      return product.impressions;
    case 'clicks':
      return product.clicks;
    case 'ctr':
      return product.ctr;
    case 'addToCarts':
      return product.addToCarts;
    case 'orders':
      return product.orders;
    case 'units':
      return product.units;
    case 'gmvPaid':
      return product.gmvPaid.amount;
    case 'gmvShare':
      return product.gmvShare;
    case 'refunds':
      return product.refunds.amount;
  }
}

export interface ProductTotals {
  impressions: number;
  clicks: number;
  /** clicks / impressions over every product; null without impressions. */
  ctr: number | null;
  addToCarts: number;
  units: number;
  gmvPaid: number;
  refunds: number;
}

/** The products table's footer. Paid orders are left out: one order with two products would count twice. */
export function productTotals(products: readonly ReviewProductRow[]): ProductTotals {
  const sum = (pick: (product: ReviewProductRow) => number) => products.reduce((total, product) => total + pick(product), 0);
  const impressions = sum((product) => product.impressions);
  const clicks = sum((product) => product.clicks);
  return {
    impressions,
    clicks,
    ctr: impressions ? clicks / impressions : null,
    addToCarts: sum((product) => product.addToCarts),
    units: sum((product) => product.units),
    gmvPaid: sum((product) => product.gmvPaid.amount),
    refunds: sum((product) => product.refunds.amount),
  };
}
