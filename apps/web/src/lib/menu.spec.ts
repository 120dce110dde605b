import { describe, expect, it } from 'vitest';
import { mayAssign, menuFor } from './menu.js';

const staff = { userId: 's', roles: [{ role: 'Staff', departmentId: 'general-affairs' }] };
const head = { userId: 'h', roles: [{ role: 'DepartmentHead', departmentId: 'general-affairs' }, { role: 'Manager', departmentId: null }] };
const sg = { userId: 'g', roles: [{ role: 'SecretaryGeneral', departmentId: null }, { role: 'Manager', departmentId: null }] };
const auditor = { userId: 'a', roles: [{ role: 'Auditor', departmentId: null }] };
const admin = { userId: 'x', roles: [{ role: 'Admin', departmentId: null }] };

describe('the header menu offers only the pages a person can use', () => {
  it.each([
    ['staff', staff, ['inbox', 'plan', 'meetings', 'board', 'progress', 'reports']],
    ['a 部長', head, ['inbox', 'plan', 'bulk', 'meetings', 'board', 'progress', 'audit', 'reports']],
    ['the 事務局長', sg, ['inbox', 'plan', 'bulk', 'meetings', 'board', 'progress', 'audit', 'reports']],
    ['an auditor', auditor, ['inbox', 'plan', 'meetings', 'board', 'progress', 'audit', 'reports']],
    ['the administrator', admin, ['inbox', 'plan', 'meetings', 'calendar', 'admin-users', 'plan-import', 'organisation']],
  ])('%s', (_name, viewer, names) => {
    expect(menuFor(viewer).map((e) => e.name)).toEqual(names);
  });

  it('nobody signed in: no menu; only a 部長 assigns 担当者', () => {
    expect(menuFor(null)).toEqual([]);
    expect([staff, head, sg, auditor, admin].map(mayAssign)).toEqual([false, true, false, false, false]);
  });
});
