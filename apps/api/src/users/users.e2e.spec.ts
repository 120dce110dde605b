import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const USERS = `query { users { userId loginName displayName email disabled roles { role departmentId label } } }`;

describe('users: the administrators’ list of accounts', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('lists every account by login name with roles, 部 and e-mail address, never a password hash', async () => {
    const admin = await api.signIn('admin');
    const { users } = await admin.run(USERS);
    expect(users).toHaveLength(12);
    expect(users.map((u: any) => u.loginName)).toEqual([...users.map((u: any) => u.loginName)].sort());
    expect(users).toContainEqual({
      userId: 'demo-head-general',
      loginName: 'head-general',
      displayName: '総務部長',
      email: 'head-general@hyoka.example',
      disabled: false,
      roles: [
        { role: 'DepartmentHead', departmentId: 'general-affairs', label: '部長(総務部)' },
        { role: 'Manager', departmentId: null, label: '管理職' },
      ],
    });
    expect(JSON.stringify(await admin.run(`query { users { userId } }`))).not.toMatch(/argon2|passwordHash/);
  });

  it('shows an address the administrator set with setUserEmail', async () => {
    const admin = await api.signIn('admin');
    await admin.run(`mutation { setUserEmail(loginName: "staff-general", email: "Sato@Example.JP") }`);
    const { users } = await admin.run(USERS);
    expect(users.find((u: any) => u.loginName === 'staff-general').email).toBe('Sato@example.jp');
  });

  it('is refused to everybody else, in Japanese', async () => {
    for (const other of ['staff-general', 'head-general', 'auditor', 'secretary-general']) {
      const error = await (await api.signIn(other)).errorOf(USERS);
      expect(error.extensions?.code).toBe('FORBIDDEN');
      expect(error.message).toBe('利用者の一覧は管理者のみ閲覧できます。');
    }
  });
});
