import { describe, expect, it } from 'vitest';
import { childrenOf, depthOf, insertAt, preorder, subtreeHeight, subtreeIds, type TreeNode } from './goal-tree.js';

//      a          e
//    b   c
//    d
const tree: TreeNode[] = [
  { id: 'c', parent: 'a', position: 1 },
  { id: 'e', parent: null, position: 1 },
  { id: 'd', parent: 'b', position: 0 },
  { id: 'a', parent: null, position: 0 },
  { id: 'b', parent: 'a', position: 0 },
];

describe('goal tree arithmetic', () => {
  it('counts levels from the root', () => {
    expect(depthOf('a', tree)).toBe(1);
    expect(depthOf('d', tree)).toBe(3);
  });

  it('measures subtree heights', () => {
    expect(subtreeHeight('a', tree)).toBe(3);
    expect(subtreeHeight('c', tree)).toBe(1);
  });

  it('collects a node with all its descendants', () => {
    expect(subtreeIds('a', tree).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(subtreeIds('e', tree)).toEqual(['e']);
  });

  it('lists children and the whole tree in display order', () => {
    expect(childrenOf('a', tree).map((node) => node.id)).toEqual(['b', 'c']);
    expect(preorder(tree).map((node) => node.id)).toEqual(['a', 'b', 'd', 'c', 'e']);
  });

  it('renumbers siblings around an inserted node', () => {
    const siblings = childrenOf('a', tree);
    expect(insertAt('x', siblings, 1)).toEqual([['b', 0], ['x', 1], ['c', 2]]);
    expect(insertAt('x', siblings)).toEqual([['b', 0], ['c', 1], ['x', 2]]);
    expect(insertAt('c', siblings, 0)).toEqual([['c', 0], ['b', 1]]);
    expect(insertAt('x', siblings, 99)).toEqual([['b', 0], ['c', 1], ['x', 2]]);
  });
});
