import { parseMoneyInput } from '$lib/i18n/format.js';
import { moneyInputValue } from '$lib/forms/form-values.js';

/** A lineup item's terms as typed: the live price in yuan, the reserved units, the delivery promise. */
export interface LineupDraft {
  price: string;
  stock: string;
  delivery: string;
}

export interface LineupTerms {
  livePriceAmount: number;
  stockReserved: number;
  deliveryPromise: string;
}

export type LineupProblem = 'price' | 'stock' | 'delivery';

interface SavedItem {
  livePrice: { amount: number; currency: string } | null;
  stockReserved: number;
  deliveryPromise: string;
}

export function lineupDraftOf(item: SavedItem): LineupDraft {
  return {
    price: item.livePrice ? moneyInputValue(item.livePrice.amount, item.livePrice.currency) : '',
    stock: String(item.stockReserved),
    delivery: item.deliveryPromise,
  };
}

/**
 * The terms to send, or which inputs are wrong. Confirming needs all three; a plain save sends
 * only the terms that changed (changing any withdraws the confirmation on the server).
 */
export function readLineupDraft(draft: LineupDraft, currency: string, { requireAll }: { requireAll: boolean }): { ok: true; terms: Partial<LineupTerms> } | { ok: false; problems: LineupProblem[] } {
  const problems: LineupProblem[] = [];
  const terms: Partial<LineupTerms> = {};
  if (draft.price.trim()) {
    const amount = parseMoneyInput(draft.price, currency);
    if (amount === null) problems.push('price');
    else terms.livePriceAmount = amount;
  } else if (requireAll) problems.push('price');
  if (/^\d+$/.test(draft.stock.trim())) terms.stockReserved = Number(draft.stock.trim());
  else problems.push('stock');
  const delivery = draft.delivery.trim();
  if (delivery) terms.deliveryPromise = delivery;
  else if (requireAll) problems.push('delivery');
  return problems.length ? { ok: false, problems } : { ok: true, terms };
}

/** The terms of `draft` that differ from the saved item (what a plain save sends). */
export function changedTerms(item: SavedItem, terms: Partial<LineupTerms>): Partial<LineupTerms> {
  const changed: Partial<LineupTerms> = {};
  if (terms.livePriceAmount !== undefined && terms.livePriceAmount !== item.livePrice?.amount) changed.livePriceAmount = terms.livePriceAmount;
  if (terms.stockReserved !== undefined && terms.stockReserved !== item.stockReserved) changed.stockReserved = terms.stockReserved;
  if (terms.deliveryPromise !== undefined && terms.deliveryPromise !== item.deliveryPromise) changed.deliveryPromise = terms.deliveryPromise;
  return changed;
}

/** The live price against the everyday price: 0.2 means 20% off; null without a live price. */
export function discountOf(livePrice: number | null | undefined, everydayPrice: number): number | null {
  if (livePrice === null || livePrice === undefined || everydayPrice <= 0) return null;
  return 1 - livePrice / everydayPrice;
}
