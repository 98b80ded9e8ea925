import type { Workspace } from '$lib/organization/context.js';

/**
 * Whether the signed-in member may change a task's status, as the API decides it: owners and
 * operators any task; a HOST member only the tasks assigned to them; analysts none (they read).
 */
export function canChangeTaskStatus(me: Pick<Workspace['me'], 'id' | 'role'>, task: { assignee?: { id: string } | null }): boolean {
  if (me.role === 'OWNER' || me.role === 'OPERATOR') return true;
  return me.role === 'HOST' && task.assignee?.id === me.id;
}
