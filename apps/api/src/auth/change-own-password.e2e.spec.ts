import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { userStream } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Browser } from '../testing/graphql-client.js';
import { DEMO_PASSWORD, startTestApi, type TestApi } from '../testing/test-api.js';
import { wsSession, type WsSession } from '../testing/ws-client.js';
import { EVENT_STORE } from '../tokens.js';
import { Clock } from './clock.js';
import { LOGIN_THROTTLE } from './login-throttle.js';
import type { SecurityLogLine } from './security-log.js';

const VIEWER = `{ viewer { loginName } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { loginName } }`;
const CHANGE = `mutation($input: ChangeOwnPasswordInput!) { changeOwnPassword(input: $input) { loginName displayName } }`;
const NEW_PASSWORD = '新しい合言葉 2026-spring';

describe('changeOwnPassword: a signed-in person changes their own password', () => {
  let api: TestApi;
  let now: number;
  let logFile: string;
  const sockets: WsSession[] = [];
  const change = (browser: Browser, currentPassword: string, newPassword: string) =>
    browser.send(CHANGE, { input: { currentPassword, newPassword } });
  const viewerOf = async (cookie: string) => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query: VIEWER }),
    });
    return ((await response.json()) as { data: { viewer: { loginName: string } | null } }).data.viewer;
  };
  const logged = () =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as SecurityLogLine);

  beforeAll(async () => {
    logFile = join(mkdtempSync(join(tmpdir(), 'hyoka-seclog-')), 'security.log');
    api = await startTestApi({ HYOKA_SECURITY_LOG: `file:${logFile}` });
    now = Date.parse('2026-04-01T09:00:00Z');
    vi.spyOn(api.app.get(Clock), 'now').mockImplementation(() => now);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
    await api?.dispose();
    rmSync(dirname(logFile), { recursive: true, force: true });
  });

  it('needs a session', async () => {
    const error = await new Browser(api.url).errorOf(CHANGE, { input: { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD } });
    expect(error.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong current password, a new password against the policy, or the same one, in Japanese, and changes nothing', async () => {
    const browser = await api.signIn('staff-general');
    const wrong = await change(browser, 'not-my-password', NEW_PASSWORD);
    expect(wrong.errors?.[0]).toMatchObject({
      message: '現在のパスワードが正しくありません。入力を確かめて、もう一度お試しください。',
      extensions: { code: 'VALIDATION', details: { field: 'currentPassword' } },
    });
    const short = await change(browser, DEMO_PASSWORD, 'short');
    expect(short.errors?.[0]).toMatchObject({
      message: '新しいパスワード: パスワードは8文字以上にしてください。',
      extensions: { code: 'VALIDATION', details: { field: 'newPassword' } },
    });
    const same = await change(browser, DEMO_PASSWORD, DEMO_PASSWORD);
    expect(same.errors?.[0]?.extensions).toEqual({ code: 'VALIDATION', details: { field: 'newPassword' } });
    expect(same.errors?.[0]?.message).toMatch(/現在のパスワードと同じ/);
    // still signed in, and the password is what it was
    expect(await browser.run(VIEWER)).toEqual({ viewer: { loginName: 'staff-general' } });
    await new Browser(api.url).run(LOGIN, { input: { loginName: 'staff-general', password: DEMO_PASSWORD } });
  });

  it('stores an argon2id hash, rotates this session, ends every other session of the person and closes their sockets', async () => {
    const [desk, laptop, someoneElse] = await api.signInAll('head-community', 'head-community', 'auditor');
    const deskCookie = desk.cookieHeader();
    const laptopSocket = wsSession(api.url, laptop.cookieHeader());
    sockets.push(laptopSocket);
    await laptopSocket.connected;

    expect(await desk.run(CHANGE, { input: { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD } })).toEqual({
      changeOwnPassword: { loginName: 'head-community', displayName: '地域福祉部長' },
    });
    // a new session id for this browser; the old one is gone
    expect(desk.cookieHeader()).not.toBe(deskCookie);
    expect(await viewerOf(deskCookie)).toBeNull();
    expect(await desk.run(VIEWER)).toEqual({ viewer: { loginName: 'head-community' } });
    // the other browser of the same person is signed out, its socket closed
    expect(await laptop.run(VIEWER)).toEqual({ viewer: null });
    expect((await laptopSocket.closed).code).toBe(4401);
    // somebody else is untouched
    expect(await someoneElse.run(VIEWER)).toEqual({ viewer: { loginName: 'auditor' } });

    const old = await new Browser(api.url).errorOf(LOGIN, { input: { loginName: 'head-community', password: DEMO_PASSWORD } });
    expect(old.extensions?.code).toBe('UNAUTHENTICATED');
    await new Browser(api.url).run(LOGIN, { input: { loginName: 'head-community', password: NEW_PASSWORD } });

    const events = await api.app.get<EventStore>(EVENT_STORE).readStream(userStream('demo-head-community'));
    const changed = events.at(-1)!;
    expect(changed.type).toBe('PasswordChanged');
    expect(changed.data).toMatchObject({ userId: 'demo-head-community', by: 'demo-head-community', actingAs: 'Self' });
    expect(String(changed.data['passwordHash'])).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);
    expect(logged().filter((l) => l.event === 'password.changed')).toEqual([
      expect.objectContaining({ user: 'demo-head-community', loginName: 'head-community', operation: 'changeOwnPassword', ip: '127.0.0.1' }),
    ]);
  });

  it('counts wrong current passwords like failed sign-ins: past the limit it is refused without checking', async () => {
    const browser = await api.signIn('committee-2');
    for (let i = 0; i < LOGIN_THROTTLE.freePerClient; i++) {
      expect((await change(browser, `wrong-${i}`, NEW_PASSWORD)).errors?.[0]?.extensions?.code).toBe('VALIDATION');
    }
    const refused = await change(browser, DEMO_PASSWORD, NEW_PASSWORD);
    expect(refused.errors?.[0]?.extensions).toEqual({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 60 } });
    // the same client's sign-ins wait too
    const login = await new Browser(api.url).errorOf(LOGIN, { input: { loginName: 'committee-2', password: DEMO_PASSWORD } });
    expect(login.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    expect(logged().filter((l) => l.loginName === 'committee-2' && l.event !== 'login.succeeded').map((l) => `${l.event} ${l.reason}`)).toEqual([
      ...Array(LOGIN_THROTTLE.freePerClient).fill('password.change.failed wrong-password'),
      'login.throttled address+login-name:60s',
      'password.change.failed throttled',
      'login.failed throttled',
    ]);
    now += LOGIN_THROTTLE.baseDelayMs;
    expect(await browser.run(CHANGE, { input: { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD } })).toEqual({
      changeOwnPassword: { loginName: 'committee-2', displayName: '評価検証委員 2' },
    });
  });
});
