import type { VariablesOf } from '$lib/graphql/graphql.js';
import type { CampaignsQuery } from './campaign-documents.js';
import { windowStatus, type WindowStatus } from './campaign-form.js';
import { CAMPAIGN_THEMES, type CampaignThemeKey } from './campaign-labels.js';

/** The list's filters as the URL holds them (`?q=&theme=&window=running|upcoming|ended`). */
export interface CampaignListState {
  search: string;
  theme: CampaignThemeKey | '';
  window: WindowStatus | 'all';
}

const WINDOWS: readonly string[] = ['running', 'upcoming', 'ended'];

export function readCampaignListState(url: URL): CampaignListState {
  const theme = url.searchParams.get('theme') ?? '';
  const window = url.searchParams.get('window') ?? '';
  return {
    search: url.searchParams.get('q')?.trim() ?? '',
    theme: (CAMPAIGN_THEMES as readonly string[]).includes(theme) ? (theme as CampaignThemeKey) : '',
    window: WINDOWS.includes(window) ? (window as WindowStatus) : 'all',
  };
}

export function hasFilters(state: CampaignListState): boolean {
  return Boolean(state.search || state.theme || state.window !== 'all');
}

type Variables = VariablesOf<typeof CampaignsQuery>;

/**
 * The `campaigns` arguments for the state at `now`. Upcoming ones come soonest first; the others
 * latest first. The API cannot filter on the end, so "ended" asks for campaigns that started
 * before now and `campaignRows` drops the ones still running.
 */
export function campaignVariables(state: CampaignListState, pageSize: number, now: Date): Variables {
  const filter: NonNullable<Variables['filter']> = {};
  if (state.search) filter.search = state.search;
  if (state.theme) filter.theme = state.theme;
  const at = now.toISOString();
  if (state.window === 'running') filter.activeAt = at;
  if (state.window === 'upcoming') filter.startsAfter = at;
  if (state.window === 'ended') filter.startsBefore = at;
  return { filter, orderBy: { field: 'STARTS_AT', direction: state.window === 'upcoming' ? 'ASC' : 'DESC' }, first: pageSize };
}

/** The rows to show: for "ended", those whose window has closed at `now`. */
export function campaignRows<T extends { startsAt: string; endsAt: string }>(rows: readonly T[], state: CampaignListState, now: Date): T[] {
  return state.window === 'ended' ? rows.filter((row) => windowStatus(row, now) === 'ended') : [...rows];
}
