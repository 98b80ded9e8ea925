import { addDays, dayKey, dayStart } from '$lib/dates/plain-date.js';

/**
 * Calendar arithmetic on plain dates (`YYYY-MM-DD`), which carry no zone: a day of the calendar is
 * a day in the organization's time zone, and only turns into instants at its edges.
 */
export type CalendarView = 'week' | 'month';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 3600 * 1000;
/** Sessions last at most 24 hours (the API refuses longer), so one that overlaps a day started at most a day before it. */
export const MAX_SESSION_MS = DAY_MS;

function toUtc(date: string): number {
  const match = DATE.exec(date);
  if (!match) throw new Error(`calendar date "${date}" is not YYYY-MM-DD`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The view named in the URL; anything else is the week view. */
export function parseView(text: string | null | undefined): CalendarView {
  return text === 'month' ? 'month' : 'week';
}

/** The same day of another month, clamped to that month's last day (Jan 31 + 1 month → Feb 28). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(day, lastDay)));
}

/** Monday is the first day of the week, as on Chinese calendars. */
export function weekStart(date: string): string {
  const weekday = (new Date(toUtc(date)).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

export function weekDays(date: string): string[] {
  const first = weekStart(date);
  return Array.from({ length: 7 }, (_, index) => addDays(first, index));
}

/** `YYYY-MM` of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Whole weeks (Monday first) covering the date's month: 4 to 6 rows of 7 dates. */
export function monthGrid(date: string): string[][] {
  const first = `${monthOf(date)}-01`;
  const last = addDays(addMonths(first, 1), -1);
  const weeks: string[][] = [];
  for (let monday = weekStart(first); monday <= last; monday = addDays(monday, 7)) weeks.push(weekDays(monday));
  return weeks;
}

/** First and last date shown by a view. */
export function visibleDays(view: CalendarView, date: string): { first: string; last: string } {
  if (view === 'week') {
    const days = weekDays(date);
    return { first: days[0]!, last: days[6]! };
  }
  const weeks = monthGrid(date);
  return { first: weeks[0]![0]!, last: weeks.at(-1)![6]! };
}

/**
 * The `LiveSessionFilter` window for a view: every session starting on a shown day, plus those that
 * started up to a day earlier, which may still run into the first day and collide with its sessions.
 */
export function queryWindow(view: CalendarView, date: string, timeZone: string): { startsAfter: string; startsBefore: string } {
  const { first, last } = visibleDays(view, date);
  return {
    startsAfter: new Date(Date.parse(dayStart(first, timeZone)) - MAX_SESSION_MS).toISOString(),
    startsBefore: dayStart(addDays(last, 1), timeZone),
  };
}

/** The date one page earlier (-1) or later (+1) in a view. */
export function shiftDate(view: CalendarView, date: string, direction: -1 | 1): string {
  return view === 'week' ? addDays(date, 7 * direction) : addMonths(date, direction);
}

/** Sessions under the date they start on in the zone, each day's by start time. */
export function byStartDay<T extends { scheduledStart: string }>(sessions: readonly T[], timeZone: string): Map<string, T[]> {
  const days = new Map<string, T[]>();
  for (const session of sessions) {
    const key = dayKey(session.scheduledStart, timeZone);
    const list = days.get(key) ?? [];
    list.push(session);
    days.set(key, list);
  }
  for (const list of days.values()) list.sort((a, b) => Date.parse(a.scheduledStart) - Date.parse(b.scheduledStart));
  return days;
}
