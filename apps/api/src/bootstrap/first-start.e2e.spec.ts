import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogueStream } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { EVENT_STORE } from '../tokens.js';
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

  it('HYOKA_FACILITY_CARE_MEETING is recorded once as a DivisionRemapped by the start-up process, then the mapping is data', async () => {
    const dir = folder();
    const remaps = async (api: Awaited<ReturnType<typeof startTestApi>>) =>
      (await api.app.get<EventStore>(EVENT_STORE).readStream(catalogueStream())).filter((e) => e.type === 'DivisionRemapped');
    // an existing store started without the variable: the catalogue's default (総務推進会議)
    let api = await startTestApi({}, dir);
    try {
      expect(api.firstStart.divisionRemapped).toBeNull();
      expect(await remaps(api)).toEqual([]);
    } finally {
      await api.close();
    }
    // the variable set on a later start of that store, with no remap ever recorded: recorded now, by the system
    api = await startTestApi({ HYOKA_FACILITY_CARE_MEETING: 'community-welfare-meeting' }, dir);
    try {
      expect(api.firstStart.divisionRemapped).toBe('facility-care');
      const [remap] = await remaps(api);
      expect(remap).toMatchObject({
        data: { divisionId: 'facility-care', from: 'general-affairs-meeting', to: 'community-welfare-meeting', reason: '初回起動時の設定 HYOKA_FACILITY_CARE_MEETING', by: 'system', actingAs: 'System' },
        metadata: { actor: 'system' },
      });
      const [admin] = await api.signInAll('admin');
      const { organisation } = await admin.run(`query { organisation { divisions { divisionId departmentName } } }`);
      expect(organisation.divisions).toContainEqual({ divisionId: 'facility-care', departmentName: '地域福祉部' });
    } finally {
      await api.close();
    }
    // a remap was recorded: the variable (even another value) changes nothing any more
    api = await startTestApi({ HYOKA_FACILITY_CARE_MEETING: 'livelihood-support-meeting' }, dir);
    try {
      expect(api.firstStart.divisionRemapped).toBeNull();
      expect(await remaps(api)).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  it('a HYOKA_FACILITY_CARE_MEETING the plan has no 推進会議 of stops the start with the reason', async () => {
    await expect(startTestApi({ HYOKA_FACILITY_CARE_MEETING: 'managers-meeting' }, folder())).rejects.toThrow(
      /HYOKA_FACILITY_CARE_MEETING=managers-meeting: 管理職会議は推進会議ではありません/,
    );
  });
});
