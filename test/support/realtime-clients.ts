import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** One graphql-ws subscription whose results (and error) are collected as they arrive. */
export interface Subscription {
  client: Client;
  results: { data?: any; errors?: { message: string }[] }[];
  /** Resolves once `count` results (or an error) arrived; rejects after 10 s. */
  received(count: number): Promise<void>;
  /** The subscribe-time or stream error, if any. */
  error: unknown;
  dispose(): Promise<void>;
}

/** Polls `condition` every 10 ms until it holds; fails with `what` after 10 s. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Opens its own graphql-ws connection to `baseUrl` (http://host:port) and subscribes. */
export function subscribe(baseUrl: string, token: string | null, query: string, variables: Record<string, unknown>): Subscription {
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
  });
  const subscription: Subscription = {
    client,
    results: [],
    error: undefined,
    received: (count) => waitUntil(() => subscription.results.length >= count || subscription.error !== undefined, `${count} results arrived`),
    dispose: async () => {
      await client.dispose();
    },
  };
  client.subscribe(
    { query, variables },
    {
      next: (result) => void subscription.results.push(result as never),
      error: (error) => void (subscription.error = error),
      complete: () => undefined,
    },
  );
  return subscription;
}
