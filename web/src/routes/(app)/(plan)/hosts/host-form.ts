import type { VariablesOf } from '$lib/graphql/graphql.js';
import { parseMoneyInput } from '$lib/i18n/format.js';
import { isHttpUrl, moneyInputValue } from '$lib/forms/form-values.js';
import { formatTags, parseTags } from '$lib/forms/tag-list.js';
import type { PlatformKey } from '$lib/platforms/platform-names.js';
import type { CreateHost, HostProfile, UpdateHost } from './host-documents.js';

/** The profile fields as typed: tags comma-separated, cost in yuan per hour. */
export interface HostFormValues {
  name: string;
  avatarUrl: string;
  styleTags: string;
  audienceTags: string;
  languages: string;
  costPerHour: string;
  /** '' when the host has no member account of their own. */
  memberId: string;
}
export type HostField = keyof HostFormValues;
export type HostProblem = 'required' | 'money' | 'url' | 'language';

type CreateHostInput = VariablesOf<typeof CreateHost>['input'];
type UpdateHostInput = VariablesOf<typeof UpdateHost>['input'];
export type HostProfileInput = Pick<CreateHostInput, 'name' | 'styleTags' | 'audienceTags' | 'languages' | 'costPerHourAmount'> & {
  avatarUrl: string | null;
  memberId: string | null;
};

export function emptyHostForm(): HostFormValues {
  return { name: '', avatarUrl: '', styleTags: '', audienceTags: '', languages: 'zh-CN', costPerHour: '', memberId: '' };
}

export function hostFormValues(host: HostProfile): HostFormValues {
  return {
    name: host.name,
    avatarUrl: host.avatarUrl ?? '',
    styleTags: formatTags(host.styleTags),
    audienceTags: formatTags(host.audienceTags),
    languages: formatTags(host.languages),
    costPerHour: host.costPerHour.amount ? moneyInputValue(host.costPerHour.amount, host.costPerHour.currency) : '',
    memberId: host.member?.id ?? '',
  };
}

const LANGUAGE_CODE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * The profile part of `createHost` / `updateHost`. An empty avatar or member is null, which
 * `updateHost` reads as "remove"; an empty cost is 0.
 */
export function readHostForm(values: HostFormValues, currency: string): { ok: true; input: HostProfileInput } | { ok: false; problems: Partial<Record<HostField, HostProblem>> } {
  const problems: Partial<Record<HostField, HostProblem>> = {};
  const name = values.name.trim();
  if (!name) problems.name = 'required';
  const avatarUrl = values.avatarUrl.trim();
  if (avatarUrl && !isHttpUrl(avatarUrl)) problems.avatarUrl = 'url';
  const costText = values.costPerHour.trim();
  const costPerHourAmount = costText ? parseMoneyInput(costText, currency) : 0;
  if (costPerHourAmount === null) problems.costPerHour = 'money';
  const languages = parseTags(values.languages);
  if (languages.some((code) => !LANGUAGE_CODE.test(code))) problems.languages = 'language';
  if (Object.keys(problems).length) return { ok: false, problems };
  return {
    ok: true,
    input: {
      name,
      avatarUrl: avatarUrl || null,
      styleTags: parseTags(values.styleTags),
      audienceTags: parseTags(values.audienceTags),
      languages,
      costPerHourAmount: costPerHourAmount!,
      memberId: values.memberId || null,
    },
  };
}

/** `createHost` takes no nulls for "not given": they are left out. */
export function createHostInput(profile: HostProfileInput): CreateHostInput {
  const { avatarUrl, memberId, ...rest } = profile;
  return { ...rest, ...(avatarUrl ? { avatarUrl } : {}), ...(memberId ? { memberId } : {}) };
}

export function updateHostInput(id: string, profile: HostProfileInput): UpdateHostInput {
  return { id, ...profile };
}

// ————— Platform accounts —————

export interface AccountRow {
  platform: PlatformKey;
  handle: string;
  followers: string;
}
export type AccountProblem = 'required' | 'wholeNumber' | 'duplicate';

export function accountRows(host: Pick<HostProfile, 'platformAccounts'>): AccountRow[] {
  return host.platformAccounts.map((account) => ({ platform: account.platform, handle: account.handle, followers: String(account.followers) }));
}

/** Followers as typed: "1,250,000", "125万" and "1.2w" are all understood. */
export function parseFollowers(text: string): number | null {
  const cleaned = text.replace(/[,\s]/g, '').toLowerCase();
  if (!cleaned) return 0;
  const match = /^(\d+(?:\.\d+)?)(万|w|k|m)?$/.exec(cleaned);
  if (!match) return null;
  const scale = { 万: 10_000, w: 10_000, k: 1_000, m: 1_000_000 }[match[2] as '万' | 'w' | 'k' | 'm'] ?? 1;
  const value = Number(match[1]) * scale;
  return Number.isInteger(value) || match[2] ? Math.round(value) : null;
}

export function readAccounts(
  rows: readonly AccountRow[],
): { ok: true; input: { platform: PlatformKey; handle: string; followers: number }[] } | { ok: false; problems: Record<number, { handle?: AccountProblem; followers?: AccountProblem }> } {
  const problems: Record<number, { handle?: AccountProblem; followers?: AccountProblem }> = {};
  const seen = new Set<string>();
  const input = rows.map((row, index) => {
    const handle = row.handle.trim();
    const followers = parseFollowers(row.followers);
    const key = `${row.platform}|${handle.toLowerCase()}`;
    if (!handle) (problems[index] ??= {}).handle = 'required';
    else if (seen.has(key)) (problems[index] ??= {}).handle = 'duplicate';
    seen.add(key);
    if (followers === null) (problems[index] ??= {}).followers = 'wholeNumber';
    return { platform: row.platform, handle, followers: followers ?? 0 };
  });
  return Object.keys(problems).length ? { ok: false, problems } : { ok: true, input };
}

// ————— Availability —————

export const MINUTES_PER_DAY = 1440;

/** A weekly window as the editor shows it: times as `HH:MM`, the end of the day as `24:00`. */
export interface WindowRow {
  weekday: number;
  start: string;
  end: string;
}
export type WindowProblem = 'time' | 'order' | 'overlap';

/** `HH:MM` → minutes after midnight; `24:00` (and an end of `00:00`) is the end of the day. */
export function minutesOf(time: string, isEnd = false): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59) return null;
  if (hours === 24 && minutes === 0) return isEnd ? MINUTES_PER_DAY : null;
  if (hours > 23) return null;
  const total = hours * 60 + minutes;
  return isEnd && total === 0 ? MINUTES_PER_DAY : total;
}

export function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Rows for the editor's time inputs, which cannot show 24:00: the end of the day is 00:00 there. */
export function windowRows(availability: HostProfile['availability']): WindowRow[] {
  return availability.map((window) => ({
    weekday: window.weekday,
    start: timeOf(window.startMinute),
    end: window.endMinute === MINUTES_PER_DAY ? '00:00' : timeOf(window.endMinute),
  }));
}

/**
 * The `availability` input (ordered by weekday and start) with, for each entry, the row it came
 * from (to place the server's issues); or the problem of each row: a time that is not one, an end
 * not after the start, or an overlap with an earlier window that day.
 */
export function readAvailability(
  rows: readonly WindowRow[],
):
  | { ok: true; input: { weekday: number; startMinute: number; endMinute: number }[]; rowOf: number[] }
  | { ok: false; problems: Record<number, WindowProblem> } {
  const problems: Record<number, WindowProblem> = {};
  const windows = rows.map((row, index) => ({ index, weekday: row.weekday, startMinute: minutesOf(row.start), endMinute: minutesOf(row.end, true) }));
  for (const window of windows) {
    if (window.startMinute === null || window.endMinute === null) problems[window.index] = 'time';
    else if (window.endMinute <= window.startMinute) problems[window.index] = 'order';
  }
  const valid = windows.filter((window) => problems[window.index] === undefined) as { index: number; weekday: number; startMinute: number; endMinute: number }[];
  for (const window of valid) {
    const earlier = valid.find(
      (other) => other.index < window.index && other.weekday === window.weekday && other.startMinute < window.endMinute && window.startMinute < other.endMinute,
    );
    if (earlier) problems[window.index] = 'overlap';
  }
  if (Object.keys(problems).length) return { ok: false, problems };
  const ordered = [...valid].sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
  return {
    ok: true,
    input: ordered.map(({ weekday, startMinute, endMinute }) => ({ weekday, startMinute, endMinute })),
    rowOf: ordered.map((window) => window.index),
  };
}

/** Hours on air available per week, from the windows. */
export function weeklyHours(availability: readonly { startMinute: number; endMinute: number }[]): number {
  return availability.reduce((sum, window) => sum + (window.endMinute - window.startMinute), 0) / 60;
}
