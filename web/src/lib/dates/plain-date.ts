import { formatDate, zonedInputValue, type DateStyle } from '$lib/i18n/format.js';

/**
 * A calendar date without a time (`2025-12-12`, the API's `Date`). It names the same day in every
 * zone, so it is formatted as UTC; formatting it in the organization's zone could show the day before.
 */
export function formatPlainDate(value: string | null | undefined, style: Extract<DateStyle, 'date' | 'weekday'> = 'date'): string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return '—';
  return formatDate(`${value}T00:00:00Z`, 'UTC', style);
}

/** Today's date (`yyyy-mm-dd`) in `timeZone`, the default of date inputs. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return zonedInputValue(now, timeZone).slice(0, 10);
}
