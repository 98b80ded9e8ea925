import { describe, expect, it } from 'vitest';
import { childrenOf, flattenTree, parentChoices, siblingMove, subtreeIds, type TreeGoal } from './goal-tree.js';

const goal = (id: string, parent: string | null, position: number): TreeGoal => ({ id, parent: parent ? { id: parent } : null, position });

// gmv ─┬─ uv ── pv ── likes
//      └─ cr
// fans
const goals = [goal('fans', null, 1), goal('cr', 'gmv', 1), goal('gmv', null, 0), goal('uv', 'gmv', 0), goal('pv', 'uv', 0), goal('likes', 'pv', 0)];

describe('goal tree', () => {
  it('orders goals depth-first with their levels, siblings by position', () => {
    expect(flattenTree(goals).map(({ goal, depth }) => `${goal.id}:${depth}`)).toEqual(['gmv:1', 'uv:2', 'pv:3', 'likes:4', 'cr:2', 'fans:1']);
    expect(childrenOf(null, goals).map((each) => each.id)).toEqual(['gmv', 'fans']);
  });

  it('keeps a goal whose parent is missing visible at the top level', () => {
    expect(flattenTree([goal('orphan', 'gone', 0), goal('root', null, 0)]).map(({ goal: each, depth }) => `${each.id}:${depth}`)).toEqual(['root:1', 'orphan:1']);
  });

  it('collects a subtree', () => {
    expect([...subtreeIds('uv', goals)].sort()).toEqual(['likes', 'pv', 'uv']);
    expect([...subtreeIds('fans', goals)]).toEqual(['fans']);
  });

  it('offers as parents only goals outside the subtree with room for its depth', () => {
    // A new goal fits under anything above level 4.
    expect(parentChoices(null, goals).map((each) => each.id)).toEqual(['gmv', 'uv', 'pv', 'cr', 'fans']);
    // uv carries two levels below it: only a root can take it.
    expect(parentChoices('uv', goals).map((each) => each.id)).toEqual(['gmv', 'fans']);
    // cr is a leaf: any goal above level 4 takes it, but not itself and not likes (level 4).
    expect(parentChoices('cr', goals).map((each) => each.id)).toEqual(['gmv', 'uv', 'pv', 'fans']);
    expect(parentChoices('gmv', goals).map((each) => each.id)).toEqual([]);
  });

  it('moves a goal one place among its siblings, not past the ends', () => {
    expect(siblingMove(goals[0]!, goals, -1)).toEqual({ id: 'fans', parentId: null, position: 0 });
    expect(siblingMove(goals[0]!, goals, 1)).toBeNull();
    expect(siblingMove(goals[3]!, goals, 1)).toEqual({ id: 'uv', parentId: 'gmv', position: 1 });
    expect(siblingMove(goals[3]!, goals, -1)).toBeNull();
  });
});
