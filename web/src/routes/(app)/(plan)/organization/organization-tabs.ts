export const ORGANIZATION_TABS = ['settings', 'members', 'plugins', 'connections'] as const;
export type OrganizationTab = (typeof ORGANIZATION_TABS)[number];

/** The tab named in `?tab=`, or the first. */
export function tabOf(url: URL): OrganizationTab {
  const tab = url.searchParams.get('tab');
  return (ORGANIZATION_TABS as readonly string[]).includes(tab ?? '') ? (tab as OrganizationTab) : 'settings';
}

/** The tab an arrow key moves to (wrapping), or null for other keys. */
export function tabAfterKey(current: OrganizationTab, key: string): OrganizationTab | null {
  const at = ORGANIZATION_TABS.indexOf(current);
  if (key === 'ArrowRight') return ORGANIZATION_TABS[(at + 1) % ORGANIZATION_TABS.length]!;
  if (key === 'ArrowLeft') return ORGANIZATION_TABS[(at - 1 + ORGANIZATION_TABS.length) % ORGANIZATION_TABS.length]!;
  if (key === 'Home') return ORGANIZATION_TABS[0];
  if (key === 'End') return ORGANIZATION_TABS[ORGANIZATION_TABS.length - 1]!;
  return null;
}
