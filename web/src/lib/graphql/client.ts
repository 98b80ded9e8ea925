import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

export interface BroadcartClientOptions {
  /** The bearer token: a member's session token or an overlay token. Read on every request and (re)connection. */
  token: () => string | null;
  /** Origin of the API; the page's own origin by default (the app and API share one port). */
  origin?: string;
}

export interface BroadcartClient {
  urql: Client;
  ws: WsClient;
  /**
   * Runs `listener` each time the socket connects again after a drop (server restart, network):
   * subscriptions resume by themselves but missed what happened meanwhile, so views re-query.
   * Returns the function that removes the listener.
   */
  onReconnected(listener: () => void): () => void;
  /** Runs `listener` when the server refuses the token (socket closed with 4401 or 4403). */
  onUnauthorized(listener: () => void): () => void;
  dispose(): void;
}

/**
 * One client per page load: queries and mutations over HTTP, subscriptions over graphql-ws. The
 * socket retries forever with capped, jittered backoff: an OBS browser source has nobody to press
 * reload, so a server restart must heal by itself.
 */
export function createBroadcartClient(options: BroadcartClientOptions): BroadcartClient {
  const origin = options.origin ?? globalThis.location.origin;
  const reconnected = new Set<() => void>();
  const unauthorized = new Set<() => void>();
  let connectedOnce = false;
  const ws = createWsClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    lazy: true,
    lazyCloseTimeout: 30_000,
    keepAlive: 10_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      const delay = Math.min(5_000, 250 * 2 ** retries) * (0.75 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, delay));
    },
    connectionParams: () => {
      const token = options.token();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: {
      connected: () => {
        if (connectedOnce) for (const listener of reconnected) listener();
        connectedOnce = true;
      },
      closed: (event) => {
        const code = (event as { code?: number } | undefined)?.code;
        if (code === 4401 || code === 4403) for (const listener of unauthorized) listener();
      },
    },
  });
  const urql = new Client({
    url: `${origin}/graphql`,
    // Live data: every query asks the server; nothing is served from a cache.
    requestPolicy: 'network-only',
    preferGetMethod: false,
    fetchOptions: (): RequestInit => {
      const token = options.token();
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      return { headers };
    },
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
  const listen = (set: Set<() => void>, listener: () => void) => {
    set.add(listener);
    return () => void set.delete(listener);
  };
  return {
    urql,
    ws,
    onReconnected: (listener) => listen(reconnected, listener),
    onUnauthorized: (listener) => listen(unauthorized, listener),
    dispose: () => void ws.dispose(),
  };
}
