import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetters } from '../read-models.js';
import { startHarness, type Harness } from '../test-support/harness.js';
import { PASSWORD_HASH, people } from '../test-support/scenario.js';
import { findUserById, findUserByLoginName, listUsers } from './users.queries.js';

describe('the users and accounts view', () => {
  let h: Harness;
  beforeAll(async () => {
    h = startHarness();
    await h.scenario.setUp();
    await h.settle();
  });
  afterAll(() => h.close());

  it('carries the e-mail address and the notification settings once they are set', async () => {
    await h.scenario.user('u-staff', { type: 'ChangeUserEmail', data: { email: 'sato@hyoka.example' } });
    await h.scenario.user('u-staff', { type: 'ChangeNotificationPreferences', data: { delivery: 'daily', reminderDays: 5 } });
    await h.settle();
    expect(findUserById(h.readModels, 'u-staff')).toMatchObject({ email: 'sato@hyoka.example', notifications: { delivery: 'daily', reminderDays: 5 } });
  });

  it("keeps a committee member's office (理事・評議員・監事), cleared with null, and rebuilds the same", async () => {
    await h.scenario.user('u-committee', { type: 'SetCommitteeOffice', data: { office: 'auditor' } });
    await h.settle();
    expect(findUserById(h.readModels, 'u-committee')!.committeeOffice).toBe('auditor');
    expect(listUsers(h.readModels).find((u) => u.userId === 'u-committee')!.committeeOffice).toBe('auditor');
    await h.runner.rebuild('users');
    await h.settle();
    expect(findUserById(h.readModels, 'u-committee')!.committeeOffice).toBe('auditor');
    await h.scenario.user('u-committee', { type: 'SetCommitteeOffice', data: { office: null } });
    await h.settle();
    expect(findUserById(h.readModels, 'u-committee')!.committeeOffice).toBeNull();
  });

  it('finds an account by login name for sign-in, with its hash, roles and 部', () => {
    expect(findUserByLoginName(h.readModels, 'suzuki')).toEqual({
      userId: 'u-head',
      loginName: 'suzuki',
      displayName: '鈴木 部長',
      passwordHash: PASSWORD_HASH,
      roles: [
        { role: 'DepartmentHead', departmentId: 'general-affairs' },
        { role: 'Manager', departmentId: null },
      ],
      disabled: false,
      disabledReason: null,
      email: null,
      notifications: { delivery: 'immediate', reminderDays: 3 },
      committeeOffice: null,
    });
    expect(findUserById(h.readModels, 'u-head')).toEqual(findUserByLoginName(h.readModels, 'suzuki'));
    expect(findUserByLoginName(h.readModels, 'nobody')).toBeNull();
    expect(findUserById(h.readModels, 'u-nobody')).toBeNull();
  });

  it('lists every user by login name without password hashes', () => {
    const list = listUsers(h.readModels);
    expect(list.map((u) => u.loginName)).toEqual(Object.values(people).map((p) => p.loginName).sort());
    expect(JSON.stringify(list)).not.toContain('argon2id');
  });

  it('follows role changes, disabling and password changes', async () => {
    await h.scenario.user('u-staff', { type: 'GrantRole', data: { role: 'Staff', departmentId: 'community-welfare' } });
    await h.scenario.user('u-staff', { type: 'RevokeRole', data: { role: 'Staff', departmentId: 'general-affairs' } });
    await h.scenario.user('u-auditor', { type: 'DisableUser', data: { reason: '任期満了' } });
    const newHash = PASSWORD_HASH.replace('c2FsdH', 'bmV3c2');
    await h.scenario.user('u-cw-staff', { type: 'ChangePassword', data: { passwordHash: newHash } });
    await h.settle();
    expect(findUserById(h.readModels, 'u-staff')!.roles).toEqual([{ role: 'Staff', departmentId: 'community-welfare' }]);
    expect(findUserById(h.readModels, 'u-auditor')).toMatchObject({ disabled: true, disabledReason: '任期満了' });
    expect(findUserById(h.readModels, 'u-cw-staff')!.passwordHash).toBe(newHash);
  });

  it('refuses a second account with a login name already taken: a dead letter, the first account untouched', async () => {
    await h.scenario.user('u-impostor', {
      type: 'RegisterUser',
      data: { userId: 'u-impostor', loginName: 'suzuki', displayName: '偽 部長', passwordHash: PASSWORD_HASH },
    });
    await h.settle();
    expect(findUserByLoginName(h.readModels, 'suzuki')!.userId).toBe('u-head');
    expect(findUserById(h.readModels, 'u-impostor')).toBeNull();
    expect(deadLetters(h.readModels)).toEqual([
      expect.objectContaining({ projection: 'users', stream: 'user-u-impostor', type: 'UserRegistered', error: expect.stringMatching(/UNIQUE/) }),
    ]);
  });
});
