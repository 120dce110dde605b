import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

export interface ApiClient {
  client: Client;
  /** closes the WebSocket (on logout: the next subscription reconnects with the new session's cookie) */
  dispose(): void;
}

/**
 * The GraphQL client: POST only (Apollo's CSRF prevention refuses GET), the session cookie on the same origin,
 * subscriptions over graphql-ws on the same path. No document cache: every view asks the API, so what a person
 * sees is what the read models hold.
 */
export function createApiClient(origin: string = window.location.origin): ApiClient {
  const wsUrl = `${origin.replace(/^http/, 'ws')}/graphql`;
  const ws: WsClient = createWsClient({ url: wsUrl, lazy: true, retryAttempts: 5 });
  const client = new Client({
    url: `${origin}/graphql`,
    preferGetMethod: false,
    fetchOptions: { credentials: 'same-origin' },
    requestPolicy: 'network-only',
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { client, dispose: () => void ws.dispose() };
}
