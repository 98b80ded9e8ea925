/** Goal trees are shallow on purpose: campaign → horizon → lever → session-level detail. */
export const MAX_GOAL_DEPTH = 4;

/** The part of a goal the tree arithmetic needs. */
export interface TreeNode {
  id: string;
  parent: string | null | undefined;
  position: number;
}

/** Level of a node, 1 for a root. Assumes the tree has no cycles, which `moveCampaignGoal` guarantees. */
export function depthOf(id: string, nodes: readonly TreeNode[]): number {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  let depth = 0;
  for (let node = byId.get(id); node; node = node.parent ? byId.get(node.parent) : undefined) depth++;
  return depth;
}

/** Children of `parent` (null for the roots) in display order. */
export function childrenOf(parent: string | null, nodes: readonly TreeNode[]): TreeNode[] {
  return nodes.filter((node) => (node.parent ?? null) === parent).sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

/** The node and all its descendants, the node first. */
export function subtreeIds(id: string, nodes: readonly TreeNode[]): string[] {
  const ids = [id];
  for (let index = 0; index < ids.length; index++) {
    for (const node of nodes) if (node.parent === ids[index]) ids.push(node.id);
  }
  return ids;
}

/** Levels of the subtree rooted at `id`, 1 for a leaf. */
export function subtreeHeight(id: string, nodes: readonly TreeNode[]): number {
  const children = nodes.filter((node) => node.parent === id);
  return 1 + Math.max(0, ...children.map((child) => subtreeHeight(child.id, nodes)));
}

/** Depth-first pre-order: each node directly followed by its subtree, siblings by position. */
export function preorder<T extends TreeNode>(nodes: readonly T[]): T[] {
  const ordered: T[] = [];
  const visit = (parent: string | null) => {
    for (const child of childrenOf(parent, nodes)) {
      ordered.push(child as T);
      visit(child.id);
    }
  };
  visit(null);
  return ordered;
}

/**
 * New positions for the siblings under a parent after inserting `id` at `index` (appended when
 * omitted or past the end). Returns `[id, position]` pairs for every sibling, the moved node included.
 */
export function insertAt(id: string, siblings: readonly TreeNode[], index?: number | null): [string, number][] {
  const others = [...siblings].filter((node) => node.id !== id).sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  const ids = others.map((node) => node.id);
  ids.splice(Math.min(index ?? ids.length, ids.length), 0, id);
  return ids.map((siblingId, position) => [siblingId, position]);
}
