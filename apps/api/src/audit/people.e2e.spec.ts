import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const PEOPLE = `query { auditPeople { userId displayName disabled roles { role departmentId label } } }`;

describe('auditPeople: the people pick-list of the audit log', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('lists every account with its roles, without login names or password hashes, to those who read the audit log', async () => {
    for (const reader of ['auditor', 'committee-1', 'secretary-general', 'manager']) {
      const browser = await api.signIn(reader);
      const { auditPeople } = await browser.run(PEOPLE);
      expect(auditPeople).toHaveLength(12);
      expect(auditPeople).toContainEqual({
        userId: 'demo-head-general',
        displayName: '総務部長',
        disabled: false,
        roles: [
          { role: 'DepartmentHead', departmentId: 'general-affairs', label: '部長(総務部)' },
          { role: 'Manager', departmentId: null, label: '管理職' },
        ],
      });
      expect(auditPeople.filter((p: any) => p.roles.some((r: any) => r.role === 'Auditor'))).toHaveLength(1);
    }
    const raw = await (await api.signIn('auditor')).run(`query { auditPeople { userId } }`);
    expect(JSON.stringify(raw)).not.toMatch(/argon2|passwordHash|loginName/);
  });

  it('is refused to those who may not read the audit log', async () => {
    for (const other of ['staff-general', 'staff-livelihood', 'admin']) {
      const error = await (await api.signIn(other)).errorOf(PEOPLE);
      expect(error.extensions?.code).toBe('FORBIDDEN');
      expect(error.message).toMatch(/監査ログ/);
    }
  });
});
