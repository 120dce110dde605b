import type { HttpRequest } from './cookies.js';

/**
 * Where a request came from: Express's `req.ip` (which honours a configured 'trust proxy') or the socket's peer,
 * with IPv4-mapped IPv6 written as plain IPv4.
 */
export function clientAddress(req: HttpRequest | undefined): string | null {
  if (!req) return null;
  const address = (req as HttpRequest & { ip?: string }).ip ?? req.socket?.remoteAddress ?? null;
  return address?.startsWith('::ffff:') ? address.slice(7) : address;
}
