import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { graphql } from './graphql.js';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { settle } from '$lib/testing/render.js';
import { PagedConnection } from './paged-connection.svelte.js';

const Members = graphql(`
  query TestPagedMembers($first: Int, $after: String, $filter: MemberFilter) {
    members(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id displayName } } }
  }
`);

const all = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, displayName: id.toUpperCase() }));
function answer(variables: Record<string, unknown>) {
  const start = variables.after ? all.findIndex((member) => member.id === variables.after) + 1 : 0;
  const page = all.slice(start, start + Number(variables.first));
  return {
    members: {
      totalCount: all.length,
      pageInfo: { hasNextPage: start + page.length < all.length, endCursor: page.at(-1)?.id ?? null },
      edges: page.map((node) => ({ cursor: node.id, node })),
    },
  };
}

let stop: (() => void) | null = null;
afterEach(() => stop?.());

describe('PagedConnection', () => {
  it('loads further pages after the first, and starts over when the variables change', async () => {
    const client = createFakeClient({ TestPagedMembers: answer });
    let search = $state('');
    let list!: PagedConnection<ReturnType<typeof answer>, { first: number; after?: string | null; filter: { search: string } }, { id: string; displayName: string }>;
    stop = $effect.root(() => {
      list = new PagedConnection(Members, () => ({ first: 2, filter: { search } }), (data) => data.members, client);
    });
    flushSync();
    await settle();
    expect(list.nodes.map((node) => node.id)).toEqual(['a', 'b']);
    expect(list.hasNextPage).toBe(true);
    await list.loadMore();
    await list.loadMore();
    expect(list.nodes.map((node) => node.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(list.hasNextPage).toBe(false);
    expect(client.calls.at(-1)?.variables).toEqual({ first: 2, filter: { search: '' }, after: 'd' });

    list.replace({ id: 'd', displayName: 'Dee' });
    list.remove('a');
    expect(list.nodes.map((node) => node.displayName)).toEqual(['B', 'C', 'Dee', 'E']);
    expect(list.totalCount).toBe(4);

    search = 'x';
    flushSync();
    await settle();
    expect(list.nodes.map((node) => node.id)).toEqual(['a', 'b']);
    expect(list.hasNextPage).toBe(true);
  });

  it('records a failed page without losing what was loaded', async () => {
    const answers: Parameters<typeof createFakeClient>[0] = { TestPagedMembers: answer };
    const client = createFakeClient(answers);
    let list!: PagedConnection<ReturnType<typeof answer>, { first: number; after?: string | null }, { id: string; displayName: string }>;
    stop = $effect.root(() => {
      list = new PagedConnection(Members, () => ({ first: 2 }), (data) => data.members, client);
    });
    flushSync();
    await settle();
    // With no answer the fake client fails the request, as a dropped connection would.
    delete answers.TestPagedMembers;
    await list.loadMore();
    expect(list.moreError?.message).toContain('no fake answer for TestPagedMembers');
    expect(list.nodes.map((node) => node.id)).toEqual(['a', 'b']);
    expect(list.loadingMore).toBe(false);
  });
});
