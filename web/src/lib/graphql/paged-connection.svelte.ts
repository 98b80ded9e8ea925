import type { AnyVariables, TypedDocumentNode } from '@urql/core';
import type { BroadcartClient } from './client.js';
import { useClient } from './context.js';
import { execute, LiveQuery, OperationError } from './operations.svelte.js';

/** What every Relay connection of the API carries. */
export interface ConnectionShape<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

type PageVariables = AnyVariables & { after?: string | null };

/**
 * A Relay list read page by page ("load more"). The first page is a `LiveQuery` (it re-runs when
 * the variables change and after a reconnect); further pages are fetched with `after` and are kept
 * only while the variables stay the same, so a new filter starts from its first page again.
 */
export class PagedConnection<Data, Variables extends PageVariables, Node extends { id: string }> {
  readonly query: LiveQuery<Data, Variables>;
  loadingMore = $state(false);
  moreError = $state<OperationError | null>(null);
  #more = $state<{ key: string; nodes: Node[]; endCursor: string | null; hasNextPage: boolean } | null>(null);
  #client: BroadcartClient;

  constructor(
    private readonly document: TypedDocumentNode<Data, Variables>,
    private readonly variables: () => Variables | null,
    private readonly connectionOf: (data: Data) => ConnectionShape<Node>,
    client: BroadcartClient = useClient(),
  ) {
    this.#client = client;
    this.query = new LiveQuery(document, variables, client);
  }

  get loading(): boolean {
    return this.query.loading;
  }

  get error(): OperationError | null {
    return this.query.error;
  }

  /** False until the first page has answered once. */
  get ready(): boolean {
    return this.query.data !== undefined;
  }

  get #first(): ConnectionShape<Node> | null {
    return this.query.data === undefined ? null : this.connectionOf(this.query.data);
  }

  get #currentMore() {
    const more = this.#more;
    return more && more.key === JSON.stringify(this.variables()) ? more : null;
  }

  /** Every node loaded so far, first page first; a node on two pages (the list moved) is kept once. */
  get nodes(): Node[] {
    const first = this.#first?.edges.map((edge) => edge.node) ?? [];
    const more = this.#currentMore?.nodes ?? [];
    if (!more.length) return first;
    const seen = new Set(first.map((node) => node.id));
    return [...first, ...more.filter((node) => !seen.has(node.id))];
  }

  get totalCount(): number | null {
    return this.#first?.totalCount ?? null;
  }

  get hasNextPage(): boolean {
    const more = this.#currentMore;
    return more ? more.hasNextPage : (this.#first?.pageInfo.hasNextPage ?? false);
  }

  async loadMore(): Promise<void> {
    const variables = this.variables();
    const first = this.#first;
    if (!variables || !first || this.loadingMore) return;
    const key = JSON.stringify(variables);
    const current = this.#currentMore;
    const after = current ? current.endCursor : first.pageInfo.endCursor;
    this.loadingMore = true;
    this.moreError = null;
    try {
      const data = await execute(this.#client, this.document, { ...variables, after });
      if (JSON.stringify(this.variables()) !== key) return;
      const page = this.connectionOf(data);
      this.#more = {
        key,
        nodes: [...(current?.nodes ?? []), ...page.edges.map((edge) => edge.node)],
        endCursor: page.pageInfo.endCursor,
        hasNextPage: page.pageInfo.hasNextPage,
      };
    } catch (error) {
      this.moreError = error instanceof OperationError ? error : new OperationError(String(error), 'ERROR');
    } finally {
      this.loadingMore = false;
    }
  }

  /** Reads the first page again (after a create, which may land anywhere in the order). */
  refetch(): Promise<void> {
    return this.query.refetch();
  }

  /** Shows a saved node in place without a round trip. */
  replace(node: Node): void {
    const first = this.#first;
    const at = first?.edges.findIndex((edge) => edge.node.id === node.id) ?? -1;
    if (first && at >= 0) first.edges[at]!.node = node;
    const more = this.#more;
    if (more) more.nodes = more.nodes.map((other) => (other.id === node.id ? node : other));
  }

  /** Takes a deleted node out of the list and the count. */
  remove(id: string): void {
    const first = this.#first;
    if (first) {
      const before = first.edges.length;
      first.edges = first.edges.filter((edge) => edge.node.id !== id);
      if (first.edges.length < before) first.totalCount -= 1;
    }
    const more = this.#more;
    if (more && more.nodes.some((node) => node.id === id)) {
      more.nodes = more.nodes.filter((node) => node.id !== id);
      if (first) first.totalCount -= 1;
    }
  }
}
