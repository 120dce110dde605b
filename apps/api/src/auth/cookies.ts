import type { IncomingMessage, ServerResponse } from 'node:http';

interface CookieOptions {
  httpOnly: boolean;
  sameSite: 'strict';
  secure: boolean;
  path: string;
  maxAge?: number;
}

/** The part of Express's response the API uses (Express's own types are not installed). */
export interface HttpResponse extends ServerResponse {
  cookie(name: string, value: string, options: CookieOptions): this;
  clearCookie(name: string, options: CookieOptions): this;
}

export type HttpRequest = IncomingMessage;

export const SESSION_COOKIE = 'hyoka_session';

/** The session token from a Cookie header (HTTP request or WebSocket upgrade), if any. */
export function sessionTokenOf(request: Pick<IncomingMessage, 'headers'>): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    // tokens are base64url: anything else is not ours
    return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

export interface CookieSettings {
  secure: boolean;
  maxAgeMs: number;
}

export function setSessionCookie(res: HttpResponse, token: string, settings: CookieSettings): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: settings.secure,
    path: '/',
    maxAge: settings.maxAgeMs,
  });
}

export function clearSessionCookie(res: HttpResponse, settings: Pick<CookieSettings, 'secure'>): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: settings.secure, path: '/' });
}
