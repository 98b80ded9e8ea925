/** The API keeps goal trees at most this deep: campaign → horizon → lever → session-level detail. */
export const MAX_GOAL_DEPTH = 4;

/** The part of a goal the tree arithmetic needs (`allGoals` gives them depth-first). */
export interface TreeGoal {
  id: string;
  parent: { id: string } | null;
  position: number;
}

const parentOf = (goal: TreeGoal) => goal.parent?.id ?? null;

/** Children of `parentId` (null: the roots) in sibling order. */
export function childrenOf<T extends TreeGoal>(parentId: string | null, goals: readonly T[]): T[] {
  return goals.filter((goal) => parentOf(goal) === parentId).sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

/** Depth-first order, each goal followed by its subtree, with its level (1 for a root). */
export function flattenTree<T extends TreeGoal>(goals: readonly T[]): { goal: T; depth: number }[] {
  const rows: { goal: T; depth: number }[] = [];
  const known = new Set(goals.map((goal) => goal.id));
  const visit = (parentId: string | null, depth: number) => {
    for (const goal of childrenOf(parentId, goals)) {
      rows.push({ goal, depth });
      visit(goal.id, depth + 1);
    }
  };
  visit(null, 1);
  // A goal whose parent is not in the list (read mid-change) still shows, at the top level.
  for (const goal of goals) if (goal.parent && !known.has(goal.parent.id)) rows.push({ goal, depth: 1 });
  return rows;
}

/** The goal and every goal below it. */
export function subtreeIds(id: string, goals: readonly TreeGoal[]): Set<string> {
  const ids = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const goal of goals) {
      const parent = parentOf(goal);
      if (parent && ids.has(parent) && !ids.has(goal.id)) {
        ids.add(goal.id);
        grew = true;
      }
    }
  }
  return ids;
}

function depthOf(id: string, goals: readonly TreeGoal[]): number {
  const byId = new Map(goals.map((goal) => [goal.id, goal]));
  let depth = 0;
  for (let goal = byId.get(id); goal && depth <= goals.length; goal = goal.parent ? byId.get(goal.parent.id) : undefined) depth++;
  return depth;
}

/** Levels of the subtree rooted at `id`, 1 for a leaf. */
function heightOf(id: string, goals: readonly TreeGoal[]): number {
  const children = goals.filter((goal) => parentOf(goal) === id);
  return 1 + Math.max(0, ...children.map((child) => heightOf(child.id, goals)));
}

/**
 * The goals `goalId` may be put under (null: a new goal): not itself or a descendant, and deep
 * enough room left that its subtree stays within MAX_GOAL_DEPTH.
 */
export function parentChoices<T extends TreeGoal>(goalId: string | null, goals: readonly T[]): T[] {
  const excluded = goalId ? subtreeIds(goalId, goals) : new Set<string>();
  const height = goalId ? heightOf(goalId, goals) : 1;
  return flattenTree(goals)
    .map((row) => row.goal)
    .filter((goal) => !excluded.has(goal.id) && depthOf(goal.id, goals) + height <= MAX_GOAL_DEPTH);
}

/**
 * The `moveCampaignGoal` input that moves a goal one place up (-1) or down (+1) among its
 * siblings; null when it is already first or last.
 */
export function siblingMove(goal: TreeGoal, goals: readonly TreeGoal[], direction: -1 | 1): { id: string; parentId: string | null; position: number } | null {
  const siblings = childrenOf(parentOf(goal), goals);
  const index = siblings.findIndex((sibling) => sibling.id === goal.id);
  const next = index + direction;
  if (index === -1 || next < 0 || next >= siblings.length) return null;
  return { id: goal.id, parentId: parentOf(goal), position: next };
}
