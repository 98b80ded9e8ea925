import type { MoneyValue } from '../i18n/format.js';

/** The product fields a "now on air" card shows. */
export interface OnAirProduct {
  id: string;
  title: string;
  imageUrls: readonly string[];
  price: MoneyValue;
  listPrice: MoneyValue;
  sellingPoints: readonly string[];
}

export interface OnAirInput<P extends OnAirProduct> {
  status: string;
  currentSegment: { id: string; products: readonly P[] } | null | undefined;
  lineup: readonly { product: { id: string }; livePrice: MoneyValue | null }[];
}

export interface OnAirCard<P extends OnAirProduct> {
  product: P;
  /** The price announced live (lineup), else the everyday price. */
  price: MoneyValue;
  /** The strike-through price, only when it is above the price shown. */
  wasPrice: MoneyValue | null;
  /** price − list price saved, in the same currency; null when there is no saving. */
  saving: MoneyValue | null;
  sellingPoint: string | null;
  /** Products of the segment, for "2 / 3" on a rotating card. */
  index: number;
  count: number;
}

/**
 * The product to show on stream: one of the products of the segment on air, chosen by `turn`
 * (the card rotates through them), with its live price from the lineup. Null when the show is not
 * LIVE or the segment pitches no product. `turn` also picks the selling point, so a card that stays
 * on one product still varies its line.
 */
export function onAirCard<P extends OnAirProduct>(session: OnAirInput<P> | null | undefined, turn = 0): OnAirCard<P> | null {
  if (!session || session.status !== 'LIVE') return null;
  const products = session.currentSegment?.products ?? [];
  if (!products.length) return null;
  const index = ((turn % products.length) + products.length) % products.length;
  const product = products[index]!;
  const livePrice = session.lineup.find((item) => item.product.id === product.id)?.livePrice ?? null;
  const price = livePrice ?? product.price;
  const comparable = product.listPrice.currency === price.currency;
  const wasPrice = comparable && product.listPrice.amount > price.amount ? product.listPrice : null;
  const points = product.sellingPoints.filter((point) => point.trim() !== '');
  const round = Math.floor(turn / products.length);
  return {
    product,
    price,
    wasPrice,
    saving: wasPrice ? { amount: wasPrice.amount - price.amount, currency: price.currency } : null,
    sellingPoint: points.length ? points[round % points.length]! : null,
    index,
    count: products.length,
  };
}
