import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Whether a WebSocket upgrade may proceed. Cookies are SameSite=Strict, but a sibling subdomain is same-site: its page
 * could open a socket that carries the session cookie and drive mutations over it. Browsers always send Origin on a
 * WebSocket, so only the API's own origin (the Host it was reached at) and the configured ones pass. A request without
 * Origin comes from no browser, and holds a cookie only if its owner gave it one.
 */
export function upgradeOriginAllowed(request: Pick<IncomingMessage, 'headers'>, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes(origin)) return true;
  const host = request.headers.host;
  if (!host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    // 'null' (a sandboxed frame, a file) and anything else that is no URL
    return false;
  }
}

/**
 * Puts an Origin check in front of every 'upgrade' listener already on the server (Nest's graphql-ws one): a foreign
 * origin gets 403 and the connection ends before any WebSocket exists.
 */
export function guardUpgrades(server: Server, allowedOrigins: readonly string[], refused: (request: IncomingMessage) => void): void {
  const listeners = server.listeners('upgrade') as UpgradeListener[];
  server.removeAllListeners('upgrade');
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!upgradeOriginAllowed(request, allowedOrigins)) {
      refused(request);
      const body = 'このページからは接続できません (Origin が許可されていません)';
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    for (const listener of listeners) listener.call(server, request, socket, head);
  });
}
