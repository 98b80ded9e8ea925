import { getContext, setContext } from 'svelte';
import type { BroadcartClient } from './client.js';

/** Exported for component tests, which mount with a context map. */
export const CLIENT_KEY = Symbol('broadcart-client');

/** Provided once by the root layout (or the overlay page, with its overlay token). */
export function provideClient(client: BroadcartClient): void {
  setContext(CLIENT_KEY, client);
}

export function useClient(): BroadcartClient {
  const client = getContext<BroadcartClient | undefined>(CLIENT_KEY);
  if (!client) throw new Error('useClient() outside a page that provides the Broadcart client');
  return client;
}
