import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Browser } from '../testing/graphql-client.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { wsSession, type WsSession } from '../testing/ws-client.js';
import { OpenSockets } from './open-sockets.js';

/** What the server answered a raw upgrade request: 101 (a socket) or the HTTP status it refused with. */
function upgradeStatus(url: string, headers: Record<string, string>, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers, ...(origin ? { origin } : {}) });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
    });
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

describe('graphql-ws upgrades: same origin only, and a cap on the sockets of one session', () => {
  let api: TestApi;
  let browser: Browser;
  const sockets: WsSession[] = [];
  const open = (b: Browser, origin?: string) => {
    const ws = wsSession(api.url, b.cookieHeader(), { origin });
    sockets.push(ws);
    return ws;
  };

  beforeAll(async () => {
    api = await startTestApi();
    browser = await api.signIn('auditor');
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
    await api?.dispose();
  });

  it("refuses a page of another origin (a sibling subdomain too) with 403 before the upgrade; the app's own origin connects", async () => {
    const cookie = { cookie: browser.cookieHeader() };
    const port = new URL(api.url).port;
    expect(await upgradeStatus(api.url, cookie, 'https://evil.example.org')).toBe(403);
    expect(await upgradeStatus(api.url, cookie, `http://sibling.localhost:${port}`)).toBe(403);
    expect(await upgradeStatus(api.url, cookie, `http://localhost:${Number(port) + 1}`)).toBe(403);
    expect(await upgradeStatus(api.url, cookie, 'null')).toBe(403);
    expect(await upgradeStatus(api.url, cookie, `http://localhost:${port}`)).toBe(101);
    // no Origin: no browser sent it
    expect(await upgradeStatus(api.url, cookie)).toBe(101);
    await open(browser, `http://localhost:${port}`).connected;
  });

  it('admits the origins of HYOKA_ALLOWED_ORIGINS besides its own', async () => {
    const other = await startTestApi({ HYOKA_ALLOWED_ORIGINS: 'https://hyoka.example.org' });
    try {
      const cookie = { cookie: (await other.signIn('auditor')).cookieHeader() };
      expect(await upgradeStatus(other.url, cookie, 'https://hyoka.example.org')).toBe(101);
      expect(await upgradeStatus(other.url, cookie, 'https://sub.hyoka.example.org')).toBe(403);
    } finally {
      await other.dispose();
    }
  });

  it('refuses the 11th socket of one session with 4429 and a Japanese reason; other sessions, and a freed place, still connect', async () => {
    const registry = api.app.get(OpenSockets);
    const busy = await api.signIn('auditor');
    const ten = Array.from({ length: 10 }, () => open(busy));
    await Promise.all(ten.map((s) => s.connected));
    const eleventh = open(busy);
    expect(await eleventh.closed).toEqual({ code: 4429, reason: '同時に開いている画面が多すぎます。ほかのタブを閉じてください' });
    // another session of the same person is not affected
    await open(await api.signIn('auditor')).connected;
    // one tab closes: its place is free again
    const token = busy.cookieHeader().split('=')[1]!;
    await ten[0]!.dispose();
    await vi.waitFor(() => expect(registry.countSession(token)).toBe(9));
    await open(busy).connected;
    expect(registry.countSession(token)).toBe(10);
  });
});
