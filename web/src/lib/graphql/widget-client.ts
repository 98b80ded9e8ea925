import type { WidgetClient } from '@broadcart/plugin-sdk';
import type { BroadcartClient } from './client.js';

/**
 * The client handed to plugin widgets: plain document strings over the page's own connection,
 * so widgets carry no GraphQL library and share the socket (and its resync) with the page.
 */
export function widgetClientOf(client: BroadcartClient): WidgetClient {
  return {
    async request(document, variables) {
      const operation = isMutation(document) ? client.urql.mutation(document, variables ?? {}) : client.urql.query(document, variables ?? {});
      const result = await operation.toPromise();
      if (result.error) throw new Error(result.error.graphQLErrors[0]?.message ?? result.error.message);
      return result.data;
    },
    subscribe(document, variables, onData, onError) {
      const stopReconnect = client.onReconnected(() => onError?.(new Error('reconnected')));
      const { unsubscribe } = client.urql.subscription(document, variables).subscribe((result) => {
        if (result.error) onError?.(new Error(result.error.graphQLErrors[0]?.message ?? result.error.message));
        else if (result.data) onData(result.data);
      });
      return () => {
        stopReconnect();
        unsubscribe();
      };
    },
  };
}

/** Whether the document's operation is a mutation (the first keyword that opens a definition). */
export function isMutation(document: string): boolean {
  const withoutComments = document.replace(/#[^\n]*/g, '');
  return /(?:^|\})\s*(query|mutation|subscription)\b/.exec(withoutComments)?.[1] === 'mutation';
}
