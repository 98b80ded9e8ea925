import type { WidgetLocale } from '@broadcart/plugin-sdk';
import type { Money } from './types.js';

const currencyFormats = new Map<string, Intl.NumberFormat>();

function currencyFormat(locale: WidgetLocale, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = currencyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    currencyFormats.set(key, format);
  }
  return format;
}

/** Money from minor units, with the currency's own number of decimals (¥19.99, ¥2,000, JP¥500). */
export function formatMoney(money: Money, locale: WidgetLocale): string {
  const format = currencyFormat(locale, money.currency);
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amount / 10 ** digits);
}

/** `m:ss`, or `h:mm:ss` from an hour up; rounds up so "0:00" means the time is over. */
export function formatCountdown(remainingMs: number): string {
  const total = Math.max(0, Math.ceil(remainingMs / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * A platform user id as the overlay may print it: the last 4 characters, never more than half of
 * the id, so a stream cannot be used to collect viewers' full ids.
 */
export function maskViewerId(platformUserId: string): string {
  const shown = Math.min(4, Math.floor(platformUserId.length / 2));
  return `***${shown > 0 ? platformUserId.slice(-shown) : ''}`;
}

/**
 * Minor units (fen) from a yuan amount typed by the operator: "19.9" → 1990. Parsed as text so no
 * binary rounding creeps in; null when it is not a non-negative amount with at most 2 decimals.
 */
export function yuanToMinorUnits(text: string): number | null {
  const match = /^(\d+)(?:[.,](\d{0,2}))?$/.exec(text.trim());
  if (!match) return null;
  const amount = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(amount) ? amount : null;
}

/** A field path as the API reports it (["input", "prizes", "0", "valueAmount"]) for display. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.join('.');
}
