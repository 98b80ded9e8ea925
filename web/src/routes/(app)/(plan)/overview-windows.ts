import { addDays, dayKey, dayStart, todayIn } from '$lib/dates/plain-date.js';

/** How far ahead the overview looks for due tasks. @default 3 days */
export const TASKS_AHEAD_MS = 3 * 24 * 3600 * 1000;
/** Days of sessions the overview lists, today included. @default 8 (today and the next 7) */
export const SCHEDULE_DAYS = 8;

/**
 * The instants the overview reads with: sessions from the start of today to the end of the 7th
 * day after it, and tasks due before `soon` (overdue ones included), all in the organization's zone.
 */
export function overviewWindow(now: Date, timeZone: string): { today: string; from: string; to: string; now: string; soon: string } {
  const today = todayIn(timeZone, now);
  return {
    today,
    from: dayStart(today, timeZone),
    to: dayStart(addDays(today, SCHEDULE_DAYS), timeZone),
    now: now.toISOString(),
    soon: new Date(now.getTime() + TASKS_AHEAD_MS).toISOString(),
  };
}

/** Items grouped by their day in `timeZone`, days in order, items in the order given. */
export function groupByDay<T>(items: readonly T[], instantOf: (item: T) => string, timeZone: string): { date: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const date = dayKey(instantOf(item), timeZone);
    let group = groups.get(date);
    if (!group) groups.set(date, (group = []));
    group.push(item);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, grouped]) => ({ date, items: grouped }));
}

/** 'today', 'tomorrow' or null, for a date relative to `today`. */
export function relativeDay(date: string, today: string): 'today' | 'tomorrow' | null {
  if (date === today) return 'today';
  if (date === addDays(today, 1)) return 'tomorrow';
  return null;
}
