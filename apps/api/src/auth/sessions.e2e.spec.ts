import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { handleCommand, userFold } from '@hyoka/command-handling';
import { TEST_DEPARTMENTS, decideUser, userStream } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import type { ProjectionRunner } from '@hyoka/projections';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoUserId } from '../bootstrap/demo-accounts.js';
import { Browser, type GraphQLErrorShape } from '../testing/graphql-client.js';
import { newCommandId, SAVE_ANNUAL_PLAN } from '../testing/operations.js';
import { act } from '../testing/route-helpers.js';
import { DEMO_PASSWORD, startTestApi, type TestApi } from '../testing/test-api.js';
import { wsSession, type WsSession } from '../testing/ws-client.js';
import { EVENT_STORE, PROJECTION_RUNNER, SESSION_STORE } from '../tokens.js';
import { AuthService } from './auth.service.js';
import { Clock } from './clock.js';
import { LOGIN_THROTTLE } from './login-throttle.js';
import { OpenSockets } from './open-sockets.js';
import type { SecurityLogLine } from './security-log.js';
import type { SessionStore } from './session-store.js';

const MINUTE = 60_000;
const VIEWER = `{ viewer { loginName } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { loginName } }`;
const BOARD_CHANGED = `subscription { boardChanged(fiscalYear: 2025) { itemId } }`;
const THROTTLED = 'ログインの試行回数が多すぎます。しばらくしてから再度お試しください。';

describe('sessions: ids, expiry, and the subscriptions they carry', () => {
  let api: TestApi;
  let now: number;
  const sockets: WsSession[] = [];
  const advance = (ms: number) => {
    now += ms;
  };
  /** a graphql-ws connection of the browser's session, accepted by the server and holding a live subscription */
  const subscribed = async (browser: Browser) => {
    const ws = wsSession(api.url, browser.cookieHeader());
    sockets.push(ws);
    await ws.connected;
    ws.client.subscribe({ query: BOARD_CHANGED }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    return ws;
  };
  const viewerOf = async (browser: Browser) => (await browser.run(VIEWER)).viewer?.loginName ?? null;

  beforeAll(async () => {
    api = await startTestApi();
    now = Date.parse('2026-04-01T00:00:00Z');
    vi.spyOn(api.app.get(Clock), 'now').mockImplementation(() => now);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
    await api?.dispose();
  });

  it('issues session ids of 256 random bits, a new one at every login', async () => {
    const browser = await api.signIn('auditor');
    const first = browser.cookieHeader().split('=')[1]!;
    expect(Buffer.from(first, 'base64url')).toHaveLength(32);
    await browser.run(LOGIN, { input: { loginName: 'auditor', password: DEMO_PASSWORD } });
    const second = browser.cookieHeader().split('=')[1]!;
    expect(second).not.toBe(first);
    expect(Buffer.from(second, 'base64url')).toHaveLength(32);
  });

  it('ends a session after 30 idle minutes; each request restarts the idle window', async () => {
    const browser = await api.signIn('auditor');
    advance(29 * MINUTE);
    expect(await viewerOf(browser)).toBe('auditor');
    advance(29 * MINUTE);
    expect(await viewerOf(browser)).toBe('auditor');
    advance(30 * MINUTE + 1);
    expect(await viewerOf(browser)).toBeNull();
    expect((await browser.errorOf(`{ inbox { total } }`)).extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('ends a session 12 hours after login however busy', async () => {
    const browser = await api.signIn('auditor');
    let elapsed = 0;
    while (elapsed + 25 < 12 * 60) {
      advance(25 * MINUTE);
      elapsed += 25;
      expect(await viewerOf(browser)).toBe('auditor');
    }
    advance((12 * 60 - elapsed) * MINUTE - 1);
    expect(await viewerOf(browser)).toBe('auditor');
    advance(1);
    expect(await viewerOf(browser)).toBeNull();
  });

  it('logout closes the subscriptions of that session (4401), and only those', async () => {
    const [first, second] = await Promise.all([api.signIn('manager'), api.signIn('manager')]);
    const [leaving, staying] = [await subscribed(first), await subscribed(second)];
    await first.run(`mutation { logout }`);
    expect(await leaving.closed).toEqual({ code: 4401, reason: 'ログアウトしました' });
    // the same person's other browser keeps its session and its socket
    expect((await staying.run(`{ viewer { loginName } }`)).results).toEqual([{ data: { viewer: { loginName: 'manager' } } }]);
    expect(await viewerOf(second)).toBe('manager');
  });

  it('a new login in the same browser ends the old session and closes its sockets', async () => {
    const browser = await api.signIn('committee-1');
    const old = await subscribed(browser);
    await browser.run(LOGIN, { input: { loginName: 'committee-1', password: DEMO_PASSWORD } });
    expect(await old.closed).toEqual({ code: 4401, reason: '別のログインでセッションが終了しました' });
  });

  it('an idle or too old session closes its sockets at the next sweep, with no request needed', async () => {
    const auth = api.app.get(AuthService);
    const open = api.app.get(OpenSockets);
    const browser = await api.signIn('head-general');
    const ws = await subscribed(browser);
    const token = browser.cookieHeader().split('=')[1]!;
    expect(open.sessions().has(token)).toBe(true);
    advance(29 * MINUTE);
    auth.sweep();
    // a sweep is not a use of the session: it does not extend it
    advance(1 * MINUTE);
    auth.sweep();
    expect(open.sessions().has(token)).toBe(true);
    advance(1);
    auth.sweep();
    expect(await ws.closed).toEqual({ code: 4401, reason: 'セッションの有効期限が切れました' });
    expect(open.sessions().has(token)).toBe(false);
    expect(await viewerOf(browser)).toBeNull();
  });

  it('an operation on an open socket whose session ended elsewhere is refused UNAUTHENTICATED, not INTERNAL', async () => {
    const browser = await api.signIn('auditor');
    const ws = wsSession(api.url, browser.cookieHeader());
    sockets.push(ws);
    await ws.connected;
    // e.g. ended by another API instance: this one's registry never heard of it
    api.app.get<SessionStore>(SESSION_STORE).destroy(browser.cookieHeader().split('=')[1]!);
    for (const query of [BOARD_CHANGED, `{ inbox { total } }`]) {
      const { results, errors } = await ws.run(query);
      const error = errors?.[0] ?? results[0]?.errors?.[0];
      expect(error).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/ログイン/) });
    }
  });

  /** appends a user command as an admin tool would, and waits until the read models hold it */
  const adminActs = async (loginName: string, command: Parameters<typeof decideUser>[0]) => {
    const store = api.app.get<EventStore>(EVENT_STORE);
    const stream = userStream(demoUserId(loginName));
    const at = new Date(now).toISOString();
    const actor = { userId: demoUserId('admin'), displayName: '管理者', roles: [{ role: 'Admin' as const, departmentId: null }] };
    const { position } = await handleCommand(store, stream, (state) => decideUser(command, state, { actor, now: at, departments: TEST_DEPARTMENTS }), {
      fold: userFold,
      provenance: { actor: actor.userId, commandId: newCommandId('admin'), occurredAt: at },
    });
    if (position === null) throw new Error('nothing recorded');
    await api.app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForPosition(position);
  };

  it('disabling an account ends all its sessions and closes its sockets (4403) as soon as the read models have it', async () => {
    const [desk, laptop] = await Promise.all([api.signIn('committee-2'), api.signIn('committee-2')]);
    const sockets = [await subscribed(desk), await subscribed(laptop)];
    await adminActs('committee-2', { type: 'DisableUser', data: { reason: '任期満了' } });
    for (const ws of sockets) expect(await ws.closed).toEqual({ code: 4403, reason: 'アカウントが無効化されました' });
    expect(await viewerOf(desk)).toBeNull();
    expect(await viewerOf(laptop)).toBeNull();
    const again = await new Browser(api.url).errorOf(LOGIN, { input: { loginName: 'committee-2', password: DEMO_PASSWORD } });
    expect(again.message).toMatch(/無効化/);
  });

  it('a revoked role closes the sockets (4000, retried by clients); the new subscription hears only what the person still reads', async () => {
    // 生活支援部長 is also a 管理職, who reads every 部
    const chair = await api.signIn('head-livelihood');
    const [generalStaff, livelihoodStaff] = await Promise.all([api.signIn('staff-general'), api.signIn('staff-livelihood')]);
    const before = await subscribed(chair);
    await adminActs('head-livelihood', { type: 'RevokeRole', data: { role: 'Manager', departmentId: null } });
    expect(await before.closed).toEqual({ code: 4000, reason: '役割が変更されました。接続し直してください' });
    expect(await viewerOf(chair)).toBe('head-livelihood');

    const after = wsSession(api.url, chair.cookieHeader());
    sockets.push(after);
    const heard: string[] = [];
    const waiting = new Map<string, () => void>();
    const hear = (itemId: string) => new Promise<void>((resolve) => waiting.set(itemId, resolve));
    after.client.subscribe<{ boardChanged: { itemId: string } }>(
      { query: BOARD_CHANGED },
      {
        next: ({ data }) => {
          heard.push(data!.boardChanged.itemId);
          waiting.get(data!.boardChanged.itemId)?.();
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    // a 生活支援部 change first, repeated until the new subscription is listening
    const sentinel = hear('I-084');
    let version: number | null = null;
    let listening = false;
    void sentinel.then(() => (listening = true));
    for (let round = 0; !listening; round++) {
      // each round changes the target, so each records an event
      const target = { method: 'quantitative', target: String(round + 1), unit: '回', direction: 'higherIsBetter' };
      version = (await act(livelihoodStaff, SAVE_ANNUAL_PLAN, 'I-084', 2025, { expectedVersion: version, ...target })).version;
      await Promise.race([sentinel, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
    // then 総務部's item, then 生活支援部's: once the last arrives, the one before would have too
    const last = hear('I-085');
    await act(generalStaff, SAVE_ANNUAL_PLAN, 'I-043', 2025, { expectedVersion: null, method: 'qualitative' });
    await act(livelihoodStaff, SAVE_ANNUAL_PLAN, 'I-085', 2025, { expectedVersion: null, method: 'qualitative' });
    await last;
    expect(heard.filter((id) => id !== 'I-084')).toEqual(['I-085']);
    // before the revocation the same person heard of 総務部's items (the sockets close for a reason)
  });
});

/** A login sent from a given local address (the loopback network has many), as a browser elsewhere would. */
function loginFrom(
  api: TestApi,
  localAddress: string,
  loginName: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ data?: unknown; errors?: GraphQLErrorShape[] }> {
  const body = JSON.stringify({ query: LOGIN, variables: { input: { loginName, password } } });
  const { port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('sign-in throttling: the attacker waits, not the person whose name is guessed', () => {
  let api: TestApi;
  let now: number;

  beforeAll(async () => {
    api = await startTestApi();
    now = Date.parse('2026-04-01T09:00:00Z');
    vi.spyOn(api.app.get(Clock), 'now').mockImplementation(() => now);
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it(`${LOGIN_THROTTLE.freePerClient} wrong passwords for a name from one address: that address waits, the right password from another address signs in`, async () => {
    for (let i = 0; i < LOGIN_THROTTLE.freePerClient; i++) {
      const result = await loginFrom(api, '127.0.0.2', 'manager', `wrong-${i}`);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const refused = await loginFrom(api, '127.0.0.2', 'manager', DEMO_PASSWORD);
    expect(refused.errors?.[0]).toEqual({
      message: THROTTLED,
      path: ['login'],
      locations: expect.any(Array),
      extensions: { code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: LOGIN_THROTTLE.baseDelayMs / 1000 } },
    });
    // the person themself, at their own PC
    expect((await loginFrom(api, '127.0.0.3', 'manager', DEMO_PASSWORD)).data).toEqual({ login: { loginName: 'manager' } });
    // another account from the guessing address is not slowed
    expect((await loginFrom(api, '127.0.0.2', 'auditor', DEMO_PASSWORD)).data).toEqual({ login: { loginName: 'auditor' } });
    // the wait doubles with each further failure
    now += LOGIN_THROTTLE.baseDelayMs;
    await loginFrom(api, '127.0.0.2', 'manager', 'wrong-again');
    const longer = await loginFrom(api, '127.0.0.2', 'manager', DEMO_PASSWORD);
    expect(longer.errors?.[0]?.extensions?.details).toEqual({ retryAfterSeconds: (2 * LOGIN_THROTTLE.baseDelayMs) / 1000 });
    now += 2 * LOGIN_THROTTLE.baseDelayMs;
    expect((await loginFrom(api, '127.0.0.2', 'manager', DEMO_PASSWORD)).data).toEqual({ login: { loginName: 'manager' } });
  });

  it('20 unknown login names from one address (an office behind one NAT): the people there still sign in', async () => {
    for (let i = 0; i < 20; i++) {
      const result = await loginFrom(api, '127.0.0.4', `guess-${i}`, 'password');
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await loginFrom(api, '127.0.0.4', 'auditor', DEMO_PASSWORD)).data).toEqual({ login: { loginName: 'auditor' } });
    expect((await loginFrom(api, '127.0.0.5', 'auditor', DEMO_PASSWORD)).data).toEqual({ login: { loginName: 'auditor' } });
  });

  it(`refuses an address after ${LOGIN_THROTTLE.maxPerAddress} failures across login names (password spraying); other addresses go on`, async () => {
    now += LOGIN_THROTTLE.windowMs;
    for (let i = 0; i < LOGIN_THROTTLE.maxPerAddress; i++) {
      const result = await loginFrom(api, '127.0.0.6', `spray-${i}`, 'password');
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const refused = await loginFrom(api, '127.0.0.6', 'auditor', DEMO_PASSWORD);
    expect(refused.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    expect(refused.errors?.[0]?.message).toBe(THROTTLED);
    expect((await loginFrom(api, '127.0.0.7', 'auditor', DEMO_PASSWORD)).data).toEqual({ login: { loginName: 'auditor' } });
    now += LOGIN_THROTTLE.windowMs;
    expect((await loginFrom(api, '127.0.0.6', 'auditor', DEMO_PASSWORD)).data).toEqual({ login: { loginName: 'auditor' } });
  });

  it('without HYOKA_TRUST_PROXY, X-Forwarded-For is ignored: a client cannot pick the address it is throttled under', async () => {
    for (let i = 0; i < LOGIN_THROTTLE.freePerClient; i++) {
      await loginFrom(api, '127.0.0.8', 'committee-1', `wrong-${i}`, { 'x-forwarded-for': `10.9.0.${i}` });
    }
    const refused = await loginFrom(api, '127.0.0.8', 'committee-1', DEMO_PASSWORD, { 'x-forwarded-for': '10.9.0.99' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
  });
});

describe('sign-in throttling behind a reverse proxy (HYOKA_TRUST_PROXY=1)', () => {
  let api: TestApi;
  let now: number;
  let logFile: string;
  const PROXY = '127.0.0.9';
  const via = (client: string) => ({ 'x-forwarded-for': client });
  const logged = () =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as SecurityLogLine);

  beforeAll(async () => {
    logFile = join(mkdtempSync(join(tmpdir(), 'hyoka-seclog-')), 'security.log');
    api = await startTestApi({ HYOKA_TRUST_PROXY: '1', HYOKA_SECURITY_LOG: `file:${logFile}` });
    now = Date.parse('2026-04-01T09:00:00Z');
    vi.spyOn(api.app.get(Clock), 'now').mockImplementation(() => now);
  });
  afterAll(async () => {
    await api?.dispose();
    rmSync(dirname(logFile), { recursive: true, force: true });
  });

  it('tells the clients behind the one proxy apart: the guesser waits, the person signs in', async () => {
    for (let i = 0; i < LOGIN_THROTTLE.freePerClient; i++) {
      await loginFrom(api, PROXY, 'manager', `wrong-${i}`, via('10.1.0.66'));
    }
    expect((await loginFrom(api, PROXY, 'manager', DEMO_PASSWORD, via('10.1.0.66'))).errors?.[0]?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    expect((await loginFrom(api, PROXY, 'manager', DEMO_PASSWORD, via('10.1.0.2'))).data).toEqual({ login: { loginName: 'manager' } });
    // 20 unknown names from one client behind the proxy do not block the others
    for (let i = 0; i < 20; i++) await loginFrom(api, PROXY, `guess-${i}`, 'password', via('10.1.0.66'));
    expect((await loginFrom(api, PROXY, 'auditor', DEMO_PASSWORD, via('10.1.0.3'))).data).toEqual({ login: { loginName: 'auditor' } });
  });

  it('writes each throttle to the security log, with the client address from X-Forwarded-For', () => {
    const lines = logged();
    expect(lines.filter((l) => l.event === 'login.throttled')).toEqual([
      expect.objectContaining({ user: 'demo-manager', loginName: 'manager', operation: 'login', ip: '10.1.0.66', reason: 'address+login-name:60s' }),
    ]);
    expect(lines.filter((l) => l.reason === 'throttled')).toEqual([
      expect.objectContaining({ event: 'login.failed', loginName: 'manager', ip: '10.1.0.66' }),
    ]);
    expect(lines.filter((l) => l.event === 'login.succeeded').map((l) => l.ip)).toEqual(['10.1.0.2', '10.1.0.3']);
    expect(lines.some((l) => l.ip === PROXY)).toBe(false);
  });
});
