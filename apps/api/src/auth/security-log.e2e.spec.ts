import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { Browser } from '../testing/graphql-client.js';
import { AUDIT_LOG, COMMENT, newCommandId } from '../testing/operations.js';
import { act, submitted } from '../testing/route-helpers.js';
import { DEMO_PASSWORD, startTestApi, type TestApi } from '../testing/test-api.js';
import { wsSession, type WsSession } from '../testing/ws-client.js';
import { Clock } from './clock.js';
import { LOGIN_THROTTLE } from './login-throttle.js';
import type { SecurityLogLine } from './security-log.js';
import type { SessionStore } from './session-store.js';
import { SESSION_STORE } from '../tokens.js';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { loginName } }`;
const WRONG_PASSWORD = 'Wrong-Passw0rd-たぶん';
// a password typed into the name field by mistake: an unknown login name is not logged
const PASSWORD_AS_NAME = 'my-secret-passphrase-77';
const COMMENT_TEXT = 'コメント本文は記録しない-8c1f';
const KEYS = ['ts', 'event', 'user', 'loginName', 'operation', 'target', 'ip', 'reason'];

describe('the security log: structured lines (here on stdout)', () => {
  let api: TestApi;
  let now: number;
  let stdout: MockInstance;
  const lines: SecurityLogLine[] = [];
  const raw: string[] = [];
  const tokens: string[] = [];
  const sockets: WsSession[] = [];

  /** the lines written since `mark` */
  const since = (mark: number) => lines.slice(mark);
  const remember = (browser: Browser) => {
    const token = browser.cookieHeader().split('=')[1];
    if (token) tokens.push(token);
    return browser;
  };

  beforeAll(async () => {
    api = await startTestApi({ HYOKA_SECURITY_LOG: 'stdout' });
    now = Date.parse('2026-06-15T01:02:03.004Z');
    vi.spyOn(api.app.get(Clock), 'now').mockImplementation(() => now);
    const write = process.stdout.write.bind(process.stdout);
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      for (const line of text.split('\n')) {
        if (!line.startsWith('{"ts"')) continue;
        raw.push(line);
        lines.push(JSON.parse(line) as SecurityLogLine);
      }
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    });
  });
  afterAll(async () => {
    stdout?.mockRestore();
    await Promise.all(sockets.map((s) => s.dispose()));
    await api?.dispose();
  });

  it('a login: who, what, when (UTC) and from where', async () => {
    const mark = lines.length;
    remember(await api.signIn('staff-community'));
    expect(since(mark)).toEqual([
      {
        ts: '2026-06-15T01:02:03.004Z',
        event: 'login.succeeded',
        user: 'demo-staff-community',
        loginName: 'staff-community',
        operation: 'login',
        target: null,
        ip: '127.0.0.1',
        reason: null,
      },
    ]);
  });

  it('failed logins say why, without the password or a name no account has', async () => {
    const mark = lines.length;
    const browser = new Browser(api.url);
    await browser.errorOf(LOGIN, { input: { loginName: 'auditor', password: WRONG_PASSWORD } });
    await browser.errorOf(LOGIN, { input: { loginName: PASSWORD_AS_NAME, password: DEMO_PASSWORD } });
    expect(since(mark)).toEqual([
      expect.objectContaining({ event: 'login.failed', user: 'demo-auditor', loginName: 'auditor', ip: '127.0.0.1', reason: 'wrong-password' }),
      expect.objectContaining({ event: 'login.failed', user: null, loginName: null, ip: '127.0.0.1', reason: 'unknown-login-name' }),
    ]);
  });

  it('a throttled login is logged as such', async () => {
    const mark = lines.length;
    const browser = new Browser(api.url);
    for (let i = 0; i < LOGIN_THROTTLE.freePerClient; i++) {
      await browser.errorOf(LOGIN, { input: { loginName: 'committee-1', password: `${WRONG_PASSWORD}-${i}` } });
    }
    expect((await browser.errorOf(LOGIN, { input: { loginName: 'committee-1', password: DEMO_PASSWORD } })).extensions?.code).toBe(
      'TOO_MANY_ATTEMPTS',
    );
    expect(since(mark).map((l) => `${l.event} ${l.reason}`)).toEqual([
      ...Array(LOGIN_THROTTLE.freePerClient).fill('login.failed wrong-password'),
      'login.throttled address+login-name:60s',
      'login.failed throttled',
    ]);
    now += LOGIN_THROTTLE.maxDelayMs;
  });

  it('authorization denials over HTTP and graphql-ws name the person, the operation and the reason, not the input', async () => {
    const staff = remember(await api.signIn('staff-community'));
    const mark = lines.length;
    // I-001 belongs to 総務部: a 地域福祉部 staff member may not comment on it
    const forbidden = await staff.errorOf(COMMENT, {
      input: { itemId: 'I-001', fiscalYear: 2025, expectedVersion: null, commandId: newCommandId(), text: COMMENT_TEXT },
    });
    expect(forbidden.extensions?.code).toBe('FORBIDDEN');
    const ws = wsSession(api.url, staff.cookieHeader());
    sockets.push(ws);
    const overWs = await ws.run(AUDIT_LOG);
    expect(overWs.results[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await new Browser(api.url).errorOf(`{ inbox { total } }`);
    // a subscription refused while it starts (its session ended elsewhere) is logged with its root field
    const orphan = remember(await api.signIn('staff-community'));
    const orphanWs = wsSession(api.url, orphan.cookieHeader());
    sockets.push(orphanWs);
    await orphanWs.connected;
    api.app.get<SessionStore>(SESSION_STORE).destroy(orphan.cookieHeader().split('=')[1]!);
    expect((await orphanWs.run(`subscription { boardChanged(fiscalYear: 2025) { itemId } }`)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const refused = wsSession(api.url, '');
    sockets.push(refused);
    expect((await refused.closed).code).toBe(4403);
    const who = { user: 'demo-staff-community', loginName: 'staff-community', ip: '127.0.0.1' };
    expect(since(mark)).toEqual([
      expect.objectContaining({ event: 'authz.denied', ...who, operation: 'commentOnEvaluation', target: 'evaluation-I-001-2025', reason: 'FORBIDDEN' }),
      expect.objectContaining({ event: 'authz.denied', ...who, operation: 'auditLog', reason: 'FORBIDDEN' }),
      expect.objectContaining({ event: 'authz.denied', user: null, operation: 'inbox', ip: '127.0.0.1', reason: 'UNAUTHENTICATED' }),
      expect.objectContaining({ event: 'login.succeeded', ...who }),
      expect.objectContaining({ event: 'authz.denied', user: null, operation: 'boardChanged', ip: '127.0.0.1', reason: 'UNAUTHENTICATED' }),
      expect.objectContaining({ event: 'authz.denied', user: null, operation: 'subscribe', ip: '127.0.0.1', reason: 'UNAUTHENTICATED' }),
    ]);
    // a comment that is allowed is not a security event either
    const chair = remember(await api.signIn('head-community'));
    const { version } = await submitted(staff, 'I-044', 2025);
    const before = lines.length;
    await act(chair, COMMENT, 'I-044', 2025, { expectedVersion: version, text: COMMENT_TEXT });
    expect(since(before)).toEqual([]);
  });

  it('logout and an expired session', async () => {
    const leaving = remember(await api.signIn('manager'));
    const idle = remember(await api.signIn('auditor'));
    const mark = lines.length;
    await leaving.run(`mutation { logout }`);
    now += 30 * 60_000 + 1;
    expect((await idle.run(`{ viewer { loginName } }`)).viewer).toBeNull();
    expect(since(mark)).toEqual([
      expect.objectContaining({ event: 'logout', user: 'demo-manager', loginName: 'manager', operation: 'logout', ip: '127.0.0.1' }),
      expect.objectContaining({ event: 'session.expired', user: 'demo-auditor', loginName: 'auditor', ip: '127.0.0.1', reason: 'idle' }),
    ]);
  });

  it('every line has the same fields, a UTC time, and no password, session token or comment text', () => {
    expect(lines.length).toBeGreaterThan(10);
    expect(tokens.length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(KEYS);
      expect(line.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    const secrets = [WRONG_PASSWORD, PASSWORD_AS_NAME, DEMO_PASSWORD, COMMENT_TEXT, ...tokens];
    for (const text of raw) for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
