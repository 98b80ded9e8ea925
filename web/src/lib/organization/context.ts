import { getContext, setContext } from 'svelte';

/** The signed-in member and their organization, read once by the (app) layout. */
export interface Workspace {
  readonly organization: { id: string; name: string; currency: string; timeZone: string };
  readonly me: { id: string; displayName: string; email: string; role: 'OWNER' | 'OPERATOR' | 'HOST' | 'ANALYST' };
  /** Owners and operators change planning data; hosts and analysts read. */
  readonly canEdit: boolean;
  /** Re-reads the organization (after its settings change). */
  refresh(): Promise<void>;
}

/** Exported for component tests, which mount with a context map. */
export const WORKSPACE_KEY = Symbol('broadcart-workspace');

export function provideWorkspace(workspace: Workspace): void {
  setContext(WORKSPACE_KEY, workspace);
}

/** The workspace of the (app) pages: time zone and currency for formatting, the member's role. */
export function useWorkspace(): Workspace {
  const workspace = getContext<Workspace | undefined>(WORKSPACE_KEY);
  if (!workspace) throw new Error('useWorkspace() outside the signed-in (app) pages');
  return workspace;
}
