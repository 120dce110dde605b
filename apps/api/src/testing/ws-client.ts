import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLErrorShape } from './graphql-client.js';

/** How a socket ended, as the client saw it. */
export interface SocketClose {
  code: number;
  reason: string;
}

export interface WsSession {
  client: Client;
  /** resolves once the server accepted the connection */
  connected: Promise<void>;
  /** resolves when the socket closes (never before) */
  closed: Promise<SocketClose>;
  /** one operation to its end: the results it got, or the errors it was refused with */
  run(query: string, variables?: Record<string, unknown>): Promise<{ results: FormattedExecutionResult<Record<string, unknown>, unknown>[]; errors?: GraphQLErrorShape[] }>;
  dispose(): Promise<void>;
}

/**
 * A graphql-ws client that sends a browser's session cookie with the upgrade request, as a browser does (and its
 * Origin, when given); it never reconnects by itself, so a server-side close stays visible.
 */
export function wsSession(baseUrl: string, cookie: string, options: { origin?: string } = {}): WsSession {
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { ...(cookie ? { headers: { cookie } } : {}), ...(options.origin ? { origin: options.origin } : {}) });
    }
  }
  let resolveConnected!: () => void;
  const connected = new Promise<void>((resolve) => (resolveConnected = resolve));
  let resolveClosed!: (close: SocketClose) => void;
  const closed = new Promise<SocketClose>((resolve) => (resolveClosed = resolve));
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: CookieWebSocket,
    retryAttempts: 0,
    lazy: false,
    // a refused connection is reported through `closed`, not thrown at the test runner
    onNonLazyError: () => undefined,
    on: {
      connected: () => resolveConnected(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        resolveClosed({ code, reason: String(reason) });
      },
    },
  });
  return {
    client,
    connected,
    closed,
    run(query, variables = {}) {
      return new Promise((resolve, reject) => {
        const results: FormattedExecutionResult<Record<string, unknown>, unknown>[] = [];
        client.subscribe(
          { query, variables },
          {
            next: (result) => void results.push(result),
            error: (error) => {
              if (Array.isArray(error)) resolve({ results, errors: error as GraphQLErrorShape[] });
              else reject(error);
            },
            complete: () => resolve({ results }),
          },
        );
      });
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}
