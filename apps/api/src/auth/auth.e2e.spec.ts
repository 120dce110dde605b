import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../testing/graphql-client.js';
import { DEMO_PASSWORD, startTestApi, type TestApi } from '../testing/test-api.js';

const VIEWER = `query { viewer { userId loginName displayName roles { role departmentId label } } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { loginName displayName } }`;

describe('sign-in over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('creates a demo account for every role on first start of an empty store', () => {
    const names = api.firstStart.accounts.map((a) => a.loginName);
    expect(names).toEqual(
      expect.arrayContaining([
        'staff-general', 'staff-community', 'staff-livelihood',
        'head-general', 'head-community', 'head-livelihood',
        'manager', 'secretary-general', 'committee-1', 'committee-2', 'auditor', 'admin',
      ]),
    );
    expect(api.firstStart.accounts.every((a) => a.password === DEMO_PASSWORD)).toBe(true);
    expect(api.firstStart.catalogueImported).toBe(true);
    expect(api.firstStart.fiscalYearsOpened).toEqual([2025, 2026, 2027]);
  });

  it('has no viewer before login, and the one who signed in after', async () => {
    const browser = new Browser(api.url);
    expect(await browser.run(VIEWER)).toEqual({ viewer: null });
    const { login } = await browser.run(LOGIN, { input: { loginName: 'head-general', password: DEMO_PASSWORD } });
    expect(login).toEqual({ loginName: 'head-general', displayName: '総務部長' });
    const { viewer } = await browser.run(VIEWER);
    expect(viewer.roles).toEqual([
      { role: 'DepartmentHead', departmentId: 'general-affairs', label: '部長(総務部)' },
      { role: 'Manager', departmentId: null, label: '管理職' },
    ]);
  });

  it('sets an httpOnly, SameSite=Strict session cookie and a new one at every login', async () => {
    const browser = new Browser(api.url);
    await browser.run(LOGIN, { input: { loginName: 'auditor', password: DEMO_PASSWORD } });
    const first = browser.lastSetCookie.find((c) => c.startsWith('hyoka_session='));
    expect(first).toMatch(/HttpOnly/i);
    expect(first).toMatch(/SameSite=Strict/i);
    expect(first).toMatch(/Path=\//);
    expect(first).not.toMatch(/Secure/i);
    await browser.run(LOGIN, { input: { loginName: 'auditor', password: DEMO_PASSWORD } });
    const second = browser.lastSetCookie.find((c) => c.startsWith('hyoka_session='));
    expect(second!.split(';')[0]).not.toBe(first!.split(';')[0]);
  });

  it('ends the old session when the same browser logs in again (no session fixation)', async () => {
    const browser = new Browser(api.url);
    await browser.run(LOGIN, { input: { loginName: 'auditor', password: DEMO_PASSWORD } });
    const planted = browser.cookieHeader();
    await browser.run(LOGIN, { input: { loginName: 'admin', password: DEMO_PASSWORD } });
    const replay = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: planted },
      body: JSON.stringify({ query: VIEWER }),
    });
    expect(await replay.json()).toEqual({ data: { viewer: null } });
  });

  it('refuses a wrong password or an unknown name with UNAUTHENTICATED and one message for both', async () => {
    const browser = new Browser(api.url);
    const wrong = await browser.errorOf(LOGIN, { input: { loginName: 'auditor', password: 'not-the-password' } });
    const unknown = await browser.errorOf(LOGIN, { input: { loginName: 'nobody', password: DEMO_PASSWORD } });
    expect(wrong.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknown.extensions?.code).toBe('UNAUTHENTICATED');
    expect(wrong.message).toBe(unknown.message);
    expect(wrong.message).toMatch(/ログイン名またはパスワード/);
    expect(browser.cookieHeader()).toBe('');
  });

  it('logs out: the cookie is cleared and the session no longer works', async () => {
    const browser = await api.signIn('manager');
    const token = browser.cookieHeader();
    expect(await browser.run(`mutation { logout }`)).toEqual({ logout: true });
    expect(browser.lastSetCookie.some((c) => /^hyoka_session=;/.test(c))).toBe(true);
    const replay = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: token },
      body: JSON.stringify({ query: VIEWER }),
    });
    expect(await replay.json()).toEqual({ data: { viewer: null } });
  });

  it('answers queries that need a person with UNAUTHENTICATED and a Japanese message', async () => {
    const error = await new Browser(api.url).errorOf(`query { inbox { total } }`);
    expect(error.extensions?.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/ログイン/);
  });
});
