import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Browser } from '../testing/graphql-client.js';
import { startTestApi } from '../testing/test-api.js';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { loginName roles { role } } }`;
const ADMIN_PASSWORD = 'the administrator passphrase';

describe('first start', () => {
  const folders: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyoka-first-start-'));
    folders.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it('in production creates only the administrator, with HYOKA_ADMIN_PASSWORD, and no demo account', async () => {
    const api = await startTestApi({ NODE_ENV: 'production', HYOKA_ADMIN_PASSWORD: ADMIN_PASSWORD }, folder());
    try {
      expect(api.firstStart).toMatchObject({ catalogueImported: true, fiscalYearsOpened: [2025, 2026, 2027], demo: false });
      expect(api.firstStart.accounts).toEqual([
        { loginName: 'admin', displayName: '管理者', password: ADMIN_PASSWORD, passwordSource: 'HYOKA_ADMIN_PASSWORD', roles: 'Admin' },
      ]);
      const browser = new Browser(api.url);
      expect(await browser.run(LOGIN, { input: { loginName: 'admin', password: ADMIN_PASSWORD } })).toEqual({
        login: { loginName: 'admin', roles: [{ role: 'Admin' }] },
      });
      // the demo password of the test environment opens nothing
      const auditor = await new Browser(api.url).errorOf(LOGIN, { input: { loginName: 'auditor', password: api.config.demoPassword } });
      expect(auditor.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await api.close();
    }
  });

  it('in production without HYOKA_ADMIN_PASSWORD generates the administrator\'s password (printed once by main)', async () => {
    const api = await startTestApi({ HYOKA_ENV: 'production', HYOKA_DEMO_PASSWORD: '' }, folder());
    try {
      const [admin] = api.firstStart.accounts;
      expect(api.firstStart.accounts).toHaveLength(1);
      expect(admin).toMatchObject({ loginName: 'admin', passwordSource: 'generated' });
      expect(admin!.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
      await new Browser(api.url).run(LOGIN, { input: { loginName: 'admin', password: admin!.password } });
    } finally {
      await api.close();
    }
  });

  it('a start that cannot listen (the port is taken) creates no account; the next start creates them and says so', async () => {
    const dir = folder();
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(startTestApi({ HYOKA_PORT: String(port) }, dir)).rejects.toThrow(/EADDRINUSE/);
    } finally {
      taken.close();
    }
    const api = await startTestApi({}, dir);
    try {
      expect(api.firstStart.catalogueImported).toBe(false);
      expect(api.firstStart.demo).toBe(true);
      expect(api.firstStart.accounts.map((a) => a.loginName)).toContain('admin');
      expect(api.firstStart.accounts).toHaveLength(12);
    } finally {
      await api.close();
    }
  });
});
