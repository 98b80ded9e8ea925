import { formatDate, instantFromZonedInput, zonedInputValue, type DateStyle } from '$lib/i18n/format.js';

/**
 * Calendar dates without a time (`2025-12-12`, the API's `Date`, the URL's `?date=`). A plain date
 * carries no zone: a day of the planning pages is a day in the organization's time zone, and it only
 * turns into instants at its edges (`dayStart`).
 */

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 3600 * 1000;

function toUtc(date: string): number {
  const match = PLAIN_DATE.exec(date);
  if (!match) throw new Error(`date "${date}" is not YYYY-MM-DD`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whether `text` is a real calendar date (2026-02-30 is not). */
export function isCalendarDate(text: string | null | undefined): text is string {
  if (!text || !PLAIN_DATE.test(text)) return false;
  return fromUtc(toUtc(text)) === text;
}

/** The date moved by whole days, across month and year ends. */
export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** The calendar date an instant falls on in the zone. */
export function dayKey(instant: string | Date, timeZone: string): string {
  return zonedInputValue(instant, timeZone).slice(0, 10);
}

/** Today's date in `timeZone`, the default of date inputs and the pivot of "upcoming". */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return dayKey(now, timeZone);
}

/** The instant (ISO) the date begins in the zone: midnight there, not in the browser. */
export function dayStart(date: string, timeZone: string): string {
  const instant = isCalendarDate(date) ? instantFromZonedInput(`${date}T00:00`, timeZone) : null;
  if (!instant) throw new Error(`date "${date}" is not YYYY-MM-DD`);
  return instant;
}

/**
 * A plain date formatted as the same day in every zone (it is formatted as UTC: formatting it in
 * the organization's zone could show the day before).
 */
export function formatPlainDate(value: string | null | undefined, style: Extract<DateStyle, 'date' | 'weekday'> = 'date'): string {
  if (!value || !PLAIN_DATE.test(value)) return '—';
  return formatDate(`${value}T00:00:00Z`, 'UTC', style);
}
