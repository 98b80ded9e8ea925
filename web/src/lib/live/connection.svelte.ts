import type { BroadcartClient } from '../graphql/client.js';
import { useClient } from '../graphql/context.js';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/**
 * The realtime socket's state for a "live / reconnecting…" indicator, from the graphql-ws client's
 * events. The socket is shared and lazy: when a page opens on a socket that is already up, no
 * `connected` event comes, so a subscription's data also proves it is live (`markLive`).
 * Call during component init.
 */
export class ConnectionStatus {
  state = $state<ConnectionState>('connecting');

  constructor(client: BroadcartClient = useClient()) {
    $effect(() => {
      // Test clients have no socket.
      if (typeof client.ws?.on !== 'function') return;
      const stops = [
        client.ws.on('connected', () => (this.state = 'live')),
        client.ws.on('closed', () => {
          if (this.state === 'live') this.state = 'reconnecting';
        }),
      ];
      return () => stops.forEach((stop) => stop());
    });
    $effect(() => client.onReconnected(() => (this.state = 'live')));
  }

  /** Data arrived over the socket, so it is up. */
  markLive(): void {
    this.state = 'live';
  }
}
