import type { AvailabilityWindow } from './host.entity.js';

export const MINUTES_PER_DAY = 1440;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** "HH:MM" for minutes after midnight; the end of the day is "24:00". */
export function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** Each window that overlaps an earlier window of the same weekday, with that earlier window. Touching windows do not overlap. */
export function findOverlaps(windows: readonly AvailabilityWindow[]): { index: number; overlapsIndex: number }[] {
  const overlaps: { index: number; overlapsIndex: number }[] = [];
  windows.forEach((window, index) => {
    const overlapsIndex = windows.findIndex(
      (other, otherIndex) =>
        otherIndex < index && other.weekday === window.weekday && other.startMinute < window.endMinute && window.startMinute < other.endMinute,
    );
    if (overlapsIndex >= 0) overlaps.push({ index, overlapsIndex });
  });
  return overlaps;
}

const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Minutes since Monday 00:00 of the wall-clock week in `timeZone`. */
export function weekMinute(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return (weekdays[parts.weekday!]! - 1) * MINUTES_PER_DAY + Number(parts.hour) * 60 + Number(parts.minute);
}

/**
 * Whether the weekly windows cover the whole interval [start, end), read in the wall clock of `timeZone`.
 * Windows that touch (Monday until 24:00 and Tuesday from 00:00) cover an interval across midnight.
 */
export function coversInterval(windows: readonly AvailabilityWindow[], start: Date, end: Date, timeZone: string): boolean {
  if (end <= start) return true;
  const from = weekMinute(start, timeZone);
  const duration = end.getTime() - start.getTime();
  if (duration >= MINUTES_PER_WEEK * 60_000) return mergedWeek(windows, 0).some(([s, e]) => s <= 0 && e >= MINUTES_PER_WEEK);
  let to = weekMinute(end, timeZone);
  // Sunday night into Monday morning wraps around the week.
  if (to <= from) to += MINUTES_PER_WEEK;
  return mergedWeek(windows, MINUTES_PER_WEEK).some(([s, e]) => s <= from && to <= e);
}

/** The windows as merged [start, end) week-minute intervals, repeated `extra` minutes into the next week. */
function mergedWeek(windows: readonly AvailabilityWindow[], extra: number): [number, number][] {
  const intervals: [number, number][] = [];
  for (const shift of extra > 0 ? [0, MINUTES_PER_WEEK] : [0]) {
    for (const window of windows) {
      const base = (window.weekday - 1) * MINUTES_PER_DAY + shift;
      intervals.push([base + window.startMinute, base + window.endMinute]);
    }
  }
  intervals.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of intervals) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

const DAY_MS = 24 * 3600 * 1000;

/** The weekdays (1 = Monday ... 7 = Sunday) that [start, end) touches in the wall clock of `timeZone`. */
export function weekdaysBetween(start: Date, end: Date, timeZone: string): Set<number> {
  if (end.getTime() - start.getTime() >= 7 * DAY_MS) return new Set([1, 2, 3, 4, 5, 6, 7]);
  const weekdays = new Set<number>();
  if (end <= start) return weekdays;
  const weekdayAt = (time: number) => Math.floor(weekMinute(new Date(time), timeZone) / MINUTES_PER_DAY) + 1;
  for (let time = start.getTime(); time < end.getTime(); time += DAY_MS) weekdays.add(weekdayAt(time));
  weekdays.add(weekdayAt(end.getTime() - 1));
  return weekdays;
}

/** E.g. "Mon 20:00–Mon 23:00" in the wall clock of `timeZone`. */
export function describeInterval(start: Date, end: Date, timeZone: string): string {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${format.format(start)}–${format.format(end)}`;
}
