import { join } from 'node:path';
import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import { findUserByLoginName, listUsers, openReadModels, startProjections } from '@hyoka/projections';
import { hyoka, tempDir } from '../testing/cli.js';

/** What the API does at sign-in: catch the users read model up with the store, then look the login name up. */
async function apiLookup(dataDir: string, loginName: string) {
  const store = await openSqliteEventStore({ file: join(dataDir, 'events.sqlite') });
  const readModels = openReadModels({ file: join(dataDir, 'read-models.sqlite'), events: store });
  const runner = startProjections(store, readModels);
  try {
    await runner.waitForPosition(await store.headPosition(), { timeoutMs: 20_000 });
    return { account: findUserByLoginName(readModels, loginName), all: listUsers(readModels) };
  } finally {
    await runner.stop();
    readModels.close();
    await store.close();
  }
}

describe('hyoka users', () => {
  const tmp = tempDir('users');
  const data = ['--data-dir', tmp.dir];
  beforeAll(async () => {
    expect((await hyoka([...data, 'plan', 'import'])).code).toBe(0);
  });
  afterAll(() => tmp.remove());

  it('creates a user with roles, and the API-style sign-in lookup finds the account with its argon2id hash', async () => {
    const created = await hyoka([...data, 'users', 'create', 'admin1', '--name', '管理者 一', '--role', 'Admin'], { input: 'first-admin-pw\n' });
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('admin1');
    const staff = await hyoka([...data, 'users', 'create', 'staff1', '--name', '職員 一', '--role', 'Staff@general-affairs'], { input: 'staff-password\n' });
    expect(staff.code).toBe(0);
    const granted = await hyoka([...data, 'users', 'grant', 'staff1', 'Manager']);
    expect(granted.code).toBe(0);

    const { account } = await apiLookup(tmp.dir, 'staff1');
    expect(account).toMatchObject({
      loginName: 'staff1',
      displayName: '職員 一',
      disabled: false,
      roles: [
        { role: 'Staff', departmentId: 'general-affairs' },
        { role: 'Manager', departmentId: null },
      ],
    });
    expect(account!.passwordHash.startsWith('$argon2id$')).toBe(true);
    expect(await argon2.verify(account!.passwordHash, 'staff-password')).toBe(true);
    expect(await argon2.verify(account!.passwordHash, 'wrong-password')).toBe(false);
  });

  it('refuses a login name that is taken, a short password and a missing one, recording nothing', async () => {
    const before = await hyoka([...data, 'users', 'list', '--json']);
    const taken = await hyoka([...data, 'users', 'create', 'staff1', '--name', 'x'], { input: 'long-enough-pw\n' });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("the login name 'staff1' is taken");
    const short = await hyoka([...data, 'users', 'create', 'newbie', '--name', 'x'], { input: 'short\n' });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 8 characters');
    const none = await hyoka([...data, 'users', 'create', 'newbie', '--name', 'x']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('standard input');
    const badLogin = await hyoka([...data, 'users', 'create', 'Bad Login', '--name', 'x'], { input: 'long-enough-pw\n' });
    expect(badLogin.code).toBe(1);
    expect(badLogin.stderr).toContain('VALIDATION');
    expect((await hyoka([...data, 'users', 'list', '--json'])).stdout).toBe(before.stdout);
  });

  it('needs an administrator (--as) to revoke, disable and enable; system:cli may not', async () => {
    const refused = await hyoka([...data, 'users', 'revoke', 'staff1', 'Manager']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('FORBIDDEN');
    expect(refused.stderr).toContain('--as');
    const unknownAdmin = await hyoka([...data, 'users', 'revoke', 'staff1', 'Manager', '--as', 'nobody']);
    expect(unknownAdmin.code).toBe(1);
    expect(unknownAdmin.stderr).toContain("no user with login name 'nobody'");
    const notAdmin = await hyoka([...data, 'users', 'disable', 'admin1', '--as', 'staff1']);
    expect(notAdmin.code).toBe(1);
    expect(notAdmin.stderr).toContain('FORBIDDEN');

    expect((await hyoka([...data, 'users', 'revoke', 'staff1', 'Manager', '--as', 'admin1'])).code).toBe(0);
    expect((await hyoka([...data, 'users', 'disable', 'staff1', '--reason', '異動', '--as', 'admin1'])).code).toBe(0);
    let { account } = await apiLookup(tmp.dir, 'staff1');
    expect(account).toMatchObject({ disabled: true, disabledReason: '異動', roles: [{ role: 'Staff', departmentId: 'general-affairs' }] });
    // a disabled person cannot act through --as either
    const disabledActor = await hyoka([...data, 'users', 'grant', 'admin1', 'Auditor', '--as', 'staff1']);
    expect(disabledActor.code).toBe(1);
    expect(disabledActor.stderr).toContain('disabled');
    expect((await hyoka([...data, 'users', 'enable', 'staff1', '--as', 'admin1'])).code).toBe(0);
    ({ account } = await apiLookup(tmp.dir, 'staff1'));
    expect(account!.disabled).toBe(false);
  });

  it('sets and removes an e-mail address (the API sees it); a malformed one is refused in Japanese', async () => {
    const set = await hyoka([...data, 'users', 'set-email', 'admin1', 'Admin1@Hyoka.Example']);
    expect([set.code, set.stdout]).toEqual([0, expect.stringContaining('admin1 set to Admin1@hyoka.example')]);
    expect((await apiLookup(tmp.dir, 'admin1')).account!.email).toBe('Admin1@hyoka.example');
    const bad = await hyoka([...data, 'users', 'set-email', 'admin1', 'admin1@']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('「メールアドレス」の形式が正しくありません');
    expect((await hyoka([...data, 'users', 'set-email', 'admin1'])).code).toBe(0);
    expect((await apiLookup(tmp.dir, 'admin1')).account!.email).toBeNull();
  });

  it('sets a password (read from standard input) that the sign-in check accepts; the old one stops working', async () => {
    const changed = await hyoka([...data, 'users', 'set-password', 'staff1', '--as', 'admin1'], { input: 'brand-new-password\n' });
    expect(changed.code).toBe(0);
    const { account } = await apiLookup(tmp.dir, 'staff1');
    expect(await argon2.verify(account!.passwordHash, 'brand-new-password')).toBe(true);
    expect(await argon2.verify(account!.passwordHash, 'staff-password')).toBe(false);
  });

  it('records the CLI as the actor, or the administrator named by --as', async () => {
    const csv = await hyoka([...data, 'export', 'audit-log', '--format', 'json', '--source', 'store']);
    expect(csv.code).toBe(0);
    const entries = JSON.parse(csv.stdout) as { type: string; actor: string; actorName: string; metadata: Record<string, unknown>; data: Record<string, unknown> }[];
    const registered = entries.filter((e) => e.type === 'UserRegistered');
    expect(registered.map((e) => e.actor)).toEqual(['system:cli', 'system:cli']);
    expect(registered.every((e) => e.data['passwordHash'] === '[redacted]')).toBe(true);
    const disabled = entries.find((e) => e.type === 'UserDisabled')!;
    expect(disabled.actorName).toBe('管理者 一');
    expect(disabled.metadata).toMatchObject({ actingAs: 'Admin', tool: 'hyoka-cli' });
  });

  it('lists users without password hashes', async () => {
    const list = await hyoka([...data, 'users', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/admin1\s+管理者 一\s+Admin\s+active/);
    expect(list.stdout).not.toContain('argon2');
    const { all } = await apiLookup(tmp.dir, 'admin1');
    expect(JSON.parse((await hyoka([...data, 'users', 'list', '--json'])).stdout)).toEqual(all);
  });
});
