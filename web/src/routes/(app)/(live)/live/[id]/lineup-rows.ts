import type { MoneyValue } from '$lib/i18n/format.js';

export interface LineupInput {
  id: string;
  position: number;
  stockReserved: number;
  livePrice: MoneyValue | null;
  product: { id: string; title: string; sku: string; stock: number; price: MoneyValue };
}

export interface ProductNumbers {
  product: { id: string } | null;
  impressions: number;
  clicks: number;
  ctr: number | null;
  units: number;
  orders: number;
  gmvPaid: MoneyValue;
}

export interface StockWarningInput {
  product: { id: string };
  shortfall: number;
}

export type StockState = 'ok' | 'low' | 'soldOut' | 'overReserved';

export interface LineupRow<L extends LineupInput = LineupInput> {
  item: L;
  price: MoneyValue;
  numbers: ProductNumbers | null;
  /**
   * What `left` counts down from: the units reserved for this session when some are, else the
   * product's units on hand (a lineup without reservations sells from the shelf).
   */
  basis: 'reserved' | 'stock';
  /** Units of the basis not sold in this session yet (never below 0). */
  left: number;
  stock: StockState;
  /** Units over-reserved across overlapping sessions; 0 when none. */
  shortfall: number;
  /** Pitched in the segment on air. */
  onAir: boolean;
}

/** Below this share of its reserved units a product is running low (at least this many units). */
export const LOW_STOCK_SHARE = 0.1;
export const LOW_STOCK_UNITS = 5;

/**
 * The lineup in order with each product's live numbers and how its stock stands: sold out once
 * paid units reach what was reserved for the session (or, with nothing reserved, the units on
 * hand), low under 10% (or 5 units) of that, and over-reserved when overlapping sessions together
 * reserve more than is on hand.
 */
export function lineupRows<L extends LineupInput>(
  lineup: readonly L[],
  numbers: readonly ProductNumbers[],
  warnings: readonly StockWarningInput[],
  onAirProductIds: readonly string[],
): LineupRow<L>[] {
  const byProduct = new Map(numbers.filter((row) => row.product).map((row) => [row.product!.id, row]));
  const shortfalls = new Map(warnings.map((warning) => [warning.product.id, warning.shortfall]));
  const onAir = new Set(onAirProductIds);
  return [...lineup]
    .sort((a, b) => a.position - b.position)
    .map((item) => {
      const live = byProduct.get(item.product.id) ?? null;
      const sold = live?.units ?? 0;
      const basis = item.stockReserved > 0 ? 'reserved' : 'stock';
      // Units on hand are what the catalogue says; the API does not take sales off them.
      const from = basis === 'reserved' ? item.stockReserved : Math.max(0, item.product.stock);
      const left = Math.max(0, from - sold);
      const shortfall = Math.max(0, shortfalls.get(item.product.id) ?? 0);
      let stock: StockState = 'ok';
      if (left === 0) stock = 'soldOut';
      else if (left <= Math.max(LOW_STOCK_UNITS, Math.ceil(from * LOW_STOCK_SHARE))) stock = 'low';
      else if (shortfall > 0) stock = 'overReserved';
      return { item, price: item.livePrice ?? item.product.price, numbers: live, basis, left, stock, shortfall, onAir: onAir.has(item.product.id) };
    });
}
