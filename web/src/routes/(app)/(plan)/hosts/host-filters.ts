import type { VariablesOf } from '$lib/graphql/graphql.js';
import { PLATFORMS, type PlatformKey } from '$lib/platforms/platform-names.js';
import type { HostsQuery } from './host-documents.js';

export const HOST_SORTS = {
  name: { field: 'NAME', direction: 'ASC' },
  followers: { field: 'FOLLOWERS', direction: 'DESC' },
  costAsc: { field: 'COST_PER_HOUR', direction: 'ASC' },
  costDesc: { field: 'COST_PER_HOUR', direction: 'DESC' },
  newest: { field: 'CREATED_AT', direction: 'DESC' },
} as const;
export type HostSort = keyof typeof HOST_SORTS;

/** The hosts list's filters as the URL holds them (`?q=&style=&platform=&language=&sort=`). */
export interface HostListState {
  search: string;
  style: string;
  platform: PlatformKey | '';
  language: string;
  sort: HostSort;
}

export function readHostListState(url: URL): HostListState {
  const platform = url.searchParams.get('platform') ?? '';
  const sort = url.searchParams.get('sort') ?? '';
  return {
    search: url.searchParams.get('q')?.trim() ?? '',
    style: url.searchParams.get('style') ?? '',
    platform: (PLATFORMS as readonly string[]).includes(platform) ? (platform as PlatformKey) : '',
    language: url.searchParams.get('language') ?? '',
    sort: sort in HOST_SORTS ? (sort as HostSort) : 'name',
  };
}

export function hasHostFilters(state: HostListState): boolean {
  return Boolean(state.search || state.style || state.platform || state.language);
}

export function hostVariables(state: HostListState, pageSize: number): VariablesOf<typeof HostsQuery> {
  return {
    filter: {
      ...(state.search ? { search: state.search } : {}),
      ...(state.style ? { styleTags: [state.style] } : {}),
      ...(state.platform ? { platform: state.platform } : {}),
      ...(state.language ? { language: state.language } : {}),
    },
    orderBy: { ...HOST_SORTS[state.sort] },
    first: pageSize,
  };
}
