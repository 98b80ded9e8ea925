import { addDays, dayKey, dayStart, isCalendarDate, todayIn } from '$lib/dates/plain-date.js';
import { SESSION_STATUSES, type SessionStatusKey } from '$lib/sessions/session-labels.js';

/** Which sessions the list shows when no date range is given. */
export const WHEN = ['upcoming', 'past', 'all'] as const;
export type When = (typeof WHEN)[number];

/** The list's filters as they stand in the URL (`?when=past&status=LIVE,SCHEDULED&campaign=…&from=…&to=…&q=…`). */
export interface ListParams {
  when: When;
  statuses: SessionStatusKey[];
  campaignId: string | null;
  /** yyyy-mm-dd, inclusive, in the organization's zone. */
  from: string | null;
  to: string | null;
  search: string;
}

export function readListParams(params: URLSearchParams): ListParams {
  const when = params.get('when');
  const date = (key: string) => {
    const value = params.get(key);
    return isCalendarDate(value) ? value : null;
  };
  return {
    when: WHEN.includes(when as When) ? (when as When) : 'upcoming',
    statuses: (params.get('status') ?? '')
      .split(',')
      .filter((status): status is SessionStatusKey => SESSION_STATUSES.includes(status as SessionStatusKey)),
    campaignId: params.get('campaign') || null,
    from: date('from'),
    to: date('to'),
    search: params.get('q')?.trim() ?? '',
  };
}

/** The URL parameters of `list` (defaults left out, so a plain /sessions stays plain). */
export function listParamUpdates(list: ListParams): Record<string, string | null> {
  return {
    when: list.when === 'upcoming' ? null : list.when,
    status: list.statuses.length ? list.statuses.join(',') : null,
    campaign: list.campaignId,
    from: list.from,
    to: list.to,
    q: list.search || null,
  };
}

export interface ListQuery {
  filter: { status?: SessionStatusKey[]; campaignId?: string; search?: string; startsAfter?: string; startsBefore?: string };
  orderBy: { field: 'SCHEDULED_START'; direction: 'ASC' | 'DESC' };
}

/**
 * The `liveSessions` filter for the list. A date range (days in the organization's zone, `to`
 * included) wins over `when`; upcoming means from the start of today there, soonest first; past
 * and all show the latest first.
 */
export function listQuery(list: ListParams, timeZone: string, now: Date = new Date()): ListQuery {
  const filter: ListQuery['filter'] = {};
  if (list.statuses.length) filter.status = list.statuses;
  if (list.campaignId) filter.campaignId = list.campaignId;
  if (list.search) filter.search = list.search;
  const ranged = list.from !== null || list.to !== null;
  if (ranged) {
    if (list.from) filter.startsAfter = dayStart(list.from, timeZone);
    if (list.to) filter.startsBefore = dayStart(addDays(list.to, 1), timeZone);
  } else if (list.when !== 'all') {
    const today = dayStart(todayIn(timeZone, now), timeZone);
    if (list.when === 'upcoming') filter.startsAfter = today;
    else filter.startsBefore = today;
  }
  const ascending = ranged || list.when === 'upcoming';
  return { filter, orderBy: { field: 'SCHEDULED_START', direction: ascending ? 'ASC' : 'DESC' } };
}

/** Sessions grouped by the day they start in `timeZone`, keeping the list's order. */
export function groupByDay<T extends { scheduledStart: string }>(sessions: readonly T[], timeZone: string): { day: string; sessions: T[] }[] {
  const groups: { day: string; sessions: T[] }[] = [];
  for (const session of sessions) {
    const day = dayKey(session.scheduledStart, timeZone);
    const last = groups.at(-1);
    if (last?.day === day) last.sessions.push(session);
    else groups.push({ day, sessions: [session] });
  }
  return groups;
}

/** What the new-session form starts with (wall times in the organization's zone). */
export interface NewSessionPrefill {
  open: boolean;
  start: string;
  end: string;
}

/** Live commerce peaks in the evening: a new session defaults to 20:00-22:00. */
const DEFAULT_START = '20:00';
const DEFAULT_END = '22:00';

/**
 * `?new=1&date=yyyy-mm-dd` (the calendar's "new session" on a day) opens the form on that day;
 * without a valid date it opens on today in the organization's zone.
 */
export function newSessionPrefill(params: URLSearchParams, timeZone: string, now: Date = new Date()): NewSessionPrefill {
  const date = params.get('date');
  const day = isCalendarDate(date) ? date : todayIn(timeZone, now);
  return { open: params.get('new') === '1', start: `${day}T${DEFAULT_START}`, end: `${day}T${DEFAULT_END}` };
}
