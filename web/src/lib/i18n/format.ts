import { locale, type Locale } from './locale.svelte.js';

/** Money as the API sends it: integer minor units (fen) and an ISO 4217 currency. */
export interface MoneyValue {
  amount: number;
  currency: string;
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) cache.set(key, (formatter = make()));
  return formatter;
}

const digitsByCurrency = new Map<string, number>();

/** Decimal places of a currency's minor unit: 2 for CNY, 0 for JPY (read once per currency). */
export function minorDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** Money in major units (yuan), for chart axes that plot amounts. */
export function majorUnits(money: MoneyValue): number {
  return money.amount / 10 ** minorDigits(money.currency);
}

/** Major units back to money (a chart axis value to format). */
export function fromMajorUnits(value: number, currency: string): MoneyValue {
  return { amount: Math.round(value * 10 ** minorDigits(currency)), currency };
}

/** ¥1,234.50 / CN¥1,234.50; `compact` gives ¥12.3万 / ¥123K for big numbers in tight places. */
export function formatMoney(money: MoneyValue | null | undefined, options: { compact?: boolean; locale?: Locale } = {}): string {
  if (!money) return '—';
  const lang = options.locale ?? locale.current;
  const value = majorUnits(money);
  const key = `money|${lang}|${money.currency}|${options.compact ? 'c' : ''}`;
  return cached(key, () =>
    new Intl.NumberFormat(lang, {
      style: 'currency',
      currency: money.currency,
      ...(options.compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    }),
  ).format(value);
}

/** Parses what an operator typed (yuan, "1,299.50") into minor units; null when it is not a amount. */
export function parseMoneyInput(text: string, currency = 'CNY'): number | null {
  const cleaned = text.replace(/[,\s¥￥$]/g, '');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const digits = minorDigits(currency);
  const [whole, fraction = ''] = cleaned.split('.');
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

export function formatNumber(value: number | null | undefined, options: { compact?: boolean; digits?: number; locale?: Locale } = {}): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const lang = options.locale ?? locale.current;
  const key = `num|${lang}|${options.compact ? 'c' : ''}|${options.digits ?? ''}`;
  return cached(key, () =>
    new Intl.NumberFormat(lang, {
      ...(options.compact ? { notation: 'compact' } : {}),
      maximumFractionDigits: options.digits ?? (options.compact ? 1 : 0),
    }),
  ).format(value);
}

/** 0.0312 → 3.1% */
export function formatPercent(ratio: number | null | undefined, digits = 1, lang: Locale = locale.current): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  return cached(`pct|${lang}|${digits}`, () => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits })).format(ratio);
}

export type DateStyle = 'date' | 'time' | 'datetime' | 'weekday' | 'month';

const DATE_OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { year: 'numeric', month: 'short', day: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit', hour12: false },
  datetime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false },
  weekday: { weekday: 'short', month: 'numeric', day: 'numeric' },
  month: { year: 'numeric', month: 'long' },
};

/** A timestamp in the organization's time zone (not the browser's: the team may be elsewhere). */
export function formatDate(value: string | Date | null | undefined, timeZone: string, style: DateStyle = 'datetime', lang: Locale = locale.current): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '—';
  return cached(`date|${lang}|${timeZone}|${style}`, () => new Intl.DateTimeFormat(lang, { ...DATE_OPTIONS[style], timeZone })).format(date);
}

/** 3725 s → 1:02:05; 65 → 1:05. Negative values keep their sign (an overrun). */
export function formatDuration(totalSeconds: number | null | undefined): string {
  if (totalSeconds === null || totalSeconds === undefined || Number.isNaN(totalSeconds)) return '—';
  const sign = totalSeconds < 0 ? '-' : '';
  const seconds = Math.floor(Math.abs(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${sign}${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/**
 * Wall-clock parts of an instant in a time zone: what `<input type="datetime-local">` shows and
 * takes. `zonedInputValue` and `instantFromZonedInput` are inverses for every zone.
 */
export function zonedInputValue(value: string | Date | null | undefined, timeZone: string): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The instant (ISO string) of a `datetime-local` value read as wall time in `timeZone`. */
export function instantFromZonedInput(text: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // The zone's offset at that moment; a second pass settles instants near a DST change.
  let instant = asUtc - offsetMs(new Date(asUtc), timeZone);
  instant = asUtc - offsetMs(new Date(instant), timeZone);
  return new Date(instant).toISOString();
}

function offsetMs(date: Date, timeZone: string): number {
  const wall = zonedInputValue(date, timeZone);
  const [datePart, timePart] = wall.split('T') as [string, string];
  const [y, mo, d] = datePart.split('-').map(Number) as [number, number, number];
  const [h, mi] = timePart.split(':').map(Number) as [number, number];
  return Date.UTC(y, mo - 1, d, h, mi) - Math.floor(date.getTime() / 60_000) * 60_000;
}
