import { describe, expect, it } from 'vitest';
import { DomainError, ForbiddenError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { CommandContext } from '../shared/context.js';
import { SYSTEM_ACTOR, type Actor } from '../shared/roles.js';
import { specFor } from '../testing/spec.js';
import { TEST_DEPARTMENTS, TEST_NOW, testActors } from '../testing/fixtures.js';
import {
  actorOf,
  decideUser,
  emailOf,
  evolveUser,
  initialUserState,
  notificationPreferencesOf,
  type UserCommand,
  type UserEvent,
  type UserState,
} from './user.js';
import { passwordProblem } from './password-policy.js';

const spec = specFor<UserCommand, UserState, UserEvent, CommandContext>({ decide: decideUser, evolve: evolveUser, initialState: initialUserState });
const { admin, staff, auditor } = testActors;
const as = (actor: Actor, departments: CommandContext['departments'] = TEST_DEPARTMENTS): CommandContext => ({ actor, now: TEST_NOW, departments });
const HASH = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA';
const meta = (actor: Actor = admin, actingAs = 'Admin') => ({ by: actor.userId, actingAs, at: TEST_NOW });

const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u-1', loginName: 'tanaka', displayName: '田中 花子', passwordHash: HASH, ...meta() },
};
const staffGranted: UserEvent = { type: 'RoleGranted', data: { userId: 'u-1', role: 'Staff', departmentId: 'general-affairs', ...meta() } };
const disabled: UserEvent = { type: 'UserDisabled', data: { userId: 'u-1', reason: '退職', ...meta() } };
const register = (over: Record<string, unknown> = {}): UserCommand =>
  ({ type: 'RegisterUser', data: { userId: 'u-1', loginName: 'tanaka', displayName: ' 田中 花子 ', passwordHash: HASH, ...over } }) as UserCommand;

describe('user: not registered', () => {
  it('RegisterUser by an Admin', () => {
    spec.given([]).when(register(), as(admin)).then([registered]);
  });

  it('RegisterUser by the system at first start (bootstrap of the first admin)', () => {
    spec
      .given([])
      .when(register(), as(SYSTEM_ACTOR))
      .then([{ ...registered, data: { ...registered.data, ...meta(SYSTEM_ACTOR, 'System') } } as UserEvent]);
  });

  it.each([
    ['staff', staff],
    ['an Auditor', auditor],
  ])('RegisterUser by %s is forbidden', (_who, actor) => {
    spec.given([]).when(register(), as(actor)).thenThrows(ForbiddenError, /管理者・システムのみ/);
  });

  it.each([
    ['an upper-case login name', { loginName: 'Tanaka' }, /ログイン名/],
    ['a two-letter login name', { loginName: 'ab' }, /ログイン名/],
    ['a blank display name', { displayName: '  ' }, /「表示名」を入力/],
    ['a plain password instead of a hash', { passwordHash: 'secret123' }, /argon2id/],
    ['a bcrypt hash', { passwordHash: '$2b$10$abcdefghijklmnopqrstuv' }, /argon2id/],
    ['a user id with spaces', { userId: 'u 1' }, /ユーザーID/],
  ])('RegisterUser with %s is refused', (_name, over, message) => {
    spec.given([]).when(register(over), as(admin)).thenThrows(ValidationError, message);
  });

  it.each(['200B', '200C', '200D', 'FEFF', '2060', '2028', '2029'])('RegisterUser with U+%s in the display name is refused', (hex) => {
    const displayName = `田中${String.fromCodePoint(parseInt(hex, 16))}花子`;
    spec.given([]).when(register({ displayName }), as(admin)).thenThrows(ValidationError, /「表示名」に改行や見えない文字/);
  });

  it('other commands on an unknown user: not found', () => {
    spec.given([]).when({ type: 'GrantRole', data: { role: 'Auditor' } }, as(admin)).thenThrows(NotFoundError, /ユーザーが見つかりません/);
  });
});

describe('user: active', () => {
  it('RegisterUser again is refused', () => {
    spec.given([registered]).when(register(), as(admin)).thenThrows(IllegalTransitionError, /既に登録/);
  });

  it('GrantRole Staff for a 部', () => {
    const state = spec.given([registered]).when({ type: 'GrantRole', data: { role: 'Staff', departmentId: 'general-affairs' } }, as(admin)).then([staffGranted]);
    expect(actorOf(state)).toEqual({ userId: 'u-1', displayName: '田中 花子', roles: [{ role: 'Staff', departmentId: 'general-affairs' }], disabled: false });
  });

  it('GrantRole of a role without 部', () => {
    spec
      .given([registered])
      .when({ type: 'GrantRole', data: { role: 'CommitteeMember' } }, as(admin))
      .then([{ type: 'RoleGranted', data: { userId: 'u-1', role: 'CommitteeMember', departmentId: null, ...meta() } }]);
  });

  it.each([
    ['Staff without a 部', { role: 'Staff' }, ValidationError, /担当職員の役割には「部」の指定が必要/],
    ['DepartmentHead of an unknown 部', { role: 'DepartmentHead', departmentId: 'sales' }, ValidationError, /「部」は計画の部から選んでください\(総務部・地域福祉部・生活支援部\)/],
    ['Auditor with a 部', { role: 'Auditor', departmentId: 'general-affairs' }, ValidationError, /監査の役割には「部」を指定できません/],
    ['an unknown role', { role: 'Superuser' }, ValidationError, /「役割」は/],
  ] as [string, object, typeof DomainError, RegExp][])('GrantRole of %s is refused', (_name, data, errorClass, message) => {
    spec.given([registered]).when({ type: 'GrantRole', data } as unknown as UserCommand, as(admin)).thenThrows(errorClass, message);
  });

  it('GrantRole of a role already held is refused; the same role for another 部 is granted', () => {
    spec
      .given([registered, staffGranted])
      .when({ type: 'GrantRole', data: { role: 'Staff', departmentId: 'general-affairs' } }, as(admin))
      .thenThrows(IllegalTransitionError, /総務部の担当職員」の役割は既に付与/);
    spec
      .given([registered, staffGranted])
      .when({ type: 'GrantRole', data: { role: 'Staff', departmentId: 'community-welfare' } }, as(admin))
      .then([{ type: 'RoleGranted', data: { userId: 'u-1', role: 'Staff', departmentId: 'community-welfare', ...meta() } }]);
  });

  it('GrantRole names a 部 of the catalogue: a 部 added by a revision at once, a retired one no more; its roles can still be revoked', () => {
    const departments = [...TEST_DEPARTMENTS, { id: 'facility', name: '施設部' }, { id: 'closed', name: '旧事業部', retired: true }];
    spec
      .given([registered])
      .when({ type: 'GrantRole', data: { role: 'Staff', departmentId: 'facility' } }, as(admin, departments))
      .then([{ type: 'RoleGranted', data: { userId: 'u-1', role: 'Staff', departmentId: 'facility', ...meta() } }]);
    spec
      .given([registered])
      .when({ type: 'GrantRole', data: { role: 'Staff', departmentId: 'closed' } }, as(admin, departments))
      .thenThrows(ValidationError, /「部」は計画の部から選んでください\(総務部・地域福祉部・生活支援部・施設部\)/);
    spec
      .given([registered])
      .when({ type: 'GrantRole', data: { role: 'Staff', departmentId: 'general-affairs' } }, as(admin, []))
      .thenThrows(ValidationError, /計画に部がありません/);
    const closedGranted: UserEvent = { type: 'RoleGranted', data: { userId: 'u-1', role: 'Staff', departmentId: 'closed', ...meta() } };
    spec
      .given([registered, closedGranted])
      .when({ type: 'RevokeRole', data: { role: 'Staff', departmentId: 'closed' } }, as(admin, departments))
      .then([{ type: 'RoleRevoked', data: { userId: 'u-1', role: 'Staff', departmentId: 'closed', ...meta() } }]);
  });

  it('GrantRole by staff is forbidden', () => {
    spec.given([registered]).when({ type: 'GrantRole', data: { role: 'Admin' } }, as(staff)).thenThrows(ForbiddenError);
  });

  it('RevokeRole of a held role; a role not held is refused', () => {
    const state = spec
      .given([registered, staffGranted])
      .when({ type: 'RevokeRole', data: { role: 'Staff', departmentId: 'general-affairs' } }, as(admin))
      .then([{ type: 'RoleRevoked', data: { userId: 'u-1', role: 'Staff', departmentId: 'general-affairs', ...meta() } }]);
    expect(actorOf(state)?.roles).toEqual([]);
    spec
      .given([registered, staffGranted])
      .when({ type: 'RevokeRole', data: { role: 'Staff', departmentId: 'community-welfare' } }, as(admin))
      .thenThrows(IllegalTransitionError, /付与されていません/);
  });

  it('an Admin can neither revoke their own Admin role nor disable themself', () => {
    const self: UserEvent[] = [
      { type: 'UserRegistered', data: { userId: admin.userId, loginName: 'admin', displayName: '管理者', passwordHash: HASH, ...meta(SYSTEM_ACTOR, 'System') } },
      { type: 'RoleGranted', data: { userId: admin.userId, role: 'Admin', departmentId: null, ...meta(SYSTEM_ACTOR, 'System') } },
    ];
    spec.given(self).when({ type: 'RevokeRole', data: { role: 'Admin' } }, as(admin)).thenThrows(IllegalTransitionError, /自分自身の管理者/);
    spec.given(self).when({ type: 'DisableUser', data: {} }, as(admin)).thenThrows(IllegalTransitionError, /自分自身を無効化/);
  });

  it('DisableUser with an optional reason', () => {
    const state = spec.given([registered, staffGranted]).when({ type: 'DisableUser', data: { reason: '退職' } }, as(admin)).then([disabled]);
    expect(actorOf(state)?.disabled).toBe(true);
  });

  it('ChangePassword by the user themself or an Admin; not by someone else', () => {
    const self: Actor = { userId: 'u-1', roles: [] };
    spec
      .given([registered])
      .when({ type: 'ChangePassword', data: { passwordHash: `${HASH}x` } }, as(self))
      .then([{ type: 'PasswordChanged', data: { userId: 'u-1', passwordHash: `${HASH}x`, ...meta(self, 'Self') } }]);
    spec.given([registered]).when({ type: 'ChangePassword', data: { passwordHash: HASH } }, as(staff)).thenThrows(ForbiddenError, /管理者・本人のみ/);
    spec.given([registered]).when({ type: 'ChangePassword', data: { passwordHash: 'plain' } }, as(admin)).thenThrows(ValidationError, /argon2id/);
  });

  it('EnableUser on an active user is refused', () => {
    spec.given([registered]).when({ type: 'EnableUser', data: {} }, as(admin)).thenThrows(IllegalTransitionError, /既に有効/);
  });
});

describe('user: disabled', () => {
  it('EnableUser restores the user with their roles', () => {
    const state = spec
      .given([registered, staffGranted, disabled])
      .when({ type: 'EnableUser', data: {} }, as(admin))
      .then([{ type: 'UserEnabled', data: { userId: 'u-1', ...meta() } }]);
    expect(actorOf(state)).toMatchObject({ disabled: false, roles: [{ role: 'Staff', departmentId: 'general-affairs' }] });
  });

  it.each([
    ['GrantRole', { type: 'GrantRole', data: { role: 'Auditor' } }],
    ['RevokeRole', { type: 'RevokeRole', data: { role: 'Staff', departmentId: 'general-affairs' } }],
    ['DisableUser', { type: 'DisableUser', data: {} }],
    ['ChangePassword', { type: 'ChangePassword', data: { passwordHash: HASH } }],
  ] as [string, UserCommand][])('%s on a disabled user is refused', (_name, command) => {
    spec.given([registered, staffGranted, disabled]).when(command, as(admin)).thenThrows(IllegalTransitionError, /無効化されています/);
  });

  it('a disabled admin may do nothing', () => {
    spec.given([]).when(register(), as({ ...admin, disabled: true })).thenThrows(ForbiddenError, /無効化/);
  });
});

describe('user: e-mail address and notification settings', () => {
  const self: Actor = { userId: 'u-1', roles: [] };
  const setEmail = (email: unknown): UserCommand => ({ type: 'ChangeUserEmail', data: { email } }) as UserCommand;

  it('ChangeUserEmail by an Admin, the user themself or the system (demo accounts); the domain part is lower-cased', () => {
    const state = spec
      .given([registered])
      .when(setEmail(' Tanaka@Hyoka.Example '), as(admin))
      .then([{ type: 'UserEmailChanged', data: { userId: 'u-1', email: 'Tanaka@hyoka.example', ...meta() } }]);
    expect(emailOf(state)).toBe('Tanaka@hyoka.example');
    spec.given([registered]).when(setEmail('t@hyoka.example'), as(self)).then([{ type: 'UserEmailChanged', data: { userId: 'u-1', email: 't@hyoka.example', ...meta(self, 'Self') } }]);
    spec.given([registered]).when(setEmail('t@hyoka.example'), as(SYSTEM_ACTOR)).then([{ type: 'UserEmailChanged', data: { userId: 'u-1', email: 't@hyoka.example', ...meta(SYSTEM_ACTOR, 'System') } }]);
    spec.given([registered]).when(setEmail('t@hyoka.example'), as(staff)).thenThrows(ForbiddenError, /メールアドレスの変更」は管理者・本人・システムのみ/);
  });

  it('an empty address removes it; setting the same address again records nothing', () => {
    const withEmail: UserEvent = { type: 'UserEmailChanged', data: { userId: 'u-1', email: 't@hyoka.example', ...meta() } };
    const state = spec.given([registered, withEmail]).when(setEmail(''), as(admin)).then([{ type: 'UserEmailChanged', data: { userId: 'u-1', email: null, ...meta() } }]);
    expect(emailOf(state)).toBeNull();
    spec.given([registered, withEmail]).when(setEmail('t@hyoka.example'), as(admin)).then([]);
  });

  it.each(['tanaka', 'tanaka@', '@hyoka.example', 'ta naka@hyoka.example', 'tanaka@hyoka', 'a..b@hyoka.example', '田中@hyoka.example', 42])(
    'ChangeUserEmail with %s is refused in Japanese',
    (email) => {
      spec.given([registered]).when(setEmail(email), as(admin)).thenThrows(ValidationError, /「メールアドレス」/);
    },
  );

  it('ChangeNotificationPreferences by the user: daily digest, reminders 7 days before; defaults until then', () => {
    expect(notificationPreferencesOf(evolveUser(initialUserState(), registered))).toEqual({ delivery: 'immediate', reminderDays: 3 });
    const state = spec
      .given([registered])
      .when({ type: 'ChangeNotificationPreferences', data: { delivery: 'daily', reminderDays: 7 } }, as(self))
      .then([{ type: 'NotificationPreferencesChanged', data: { userId: 'u-1', delivery: 'daily', reminderDays: 7, ...meta(self, 'Self') } }]);
    expect(notificationPreferencesOf(state)).toEqual({ delivery: 'daily', reminderDays: 7 });
    spec.given([registered]).when({ type: 'ChangeNotificationPreferences', data: { delivery: 'immediate', reminderDays: 3 } }, as(self)).then([]);
  });

  it.each([
    [{ delivery: 'weekly', reminderDays: 3 }, /通知の受け取り方/],
    [{ delivery: 'daily', reminderDays: -1 }, /0〜60 の整数/],
    [{ delivery: 'daily', reminderDays: 1.5 }, /0〜60 の整数/],
    [{ delivery: 'daily', reminderDays: 61 }, /0〜60 の整数/],
  ])('ChangeNotificationPreferences %o is refused', (data, message) => {
    spec.given([registered]).when({ type: 'ChangeNotificationPreferences', data } as UserCommand, as(self)).thenThrows(ValidationError, message);
  });

  it('the address and settings survive disabling and enabling', () => {
    const events: UserEvent[] = [
      registered,
      { type: 'UserEmailChanged', data: { userId: 'u-1', email: 't@hyoka.example', ...meta() } },
      { type: 'NotificationPreferencesChanged', data: { userId: 'u-1', delivery: 'daily', reminderDays: 5, ...meta() } },
      disabled,
      { type: 'UserEnabled', data: { userId: 'u-1', ...meta() } },
    ];
    const state = events.reduce<UserState>(evolveUser, initialUserState());
    expect(emailOf(state)).toBe('t@hyoka.example');
    expect(notificationPreferencesOf(state)).toEqual({ delivery: 'daily', reminderDays: 5 });
    expect(state).not.toHaveProperty('disabledReason');
  });
});

describe('the password policy', () => {
  it('asks for 8 to 1024 characters and no control characters', () => {
    expect(passwordProblem('1234567')).toMatch(/8文字以上/);
    expect(passwordProblem('12345678')).toBeNull();
    expect(passwordProblem('パスワードは日本語でも良い')).toBeNull();
    expect(passwordProblem('x'.repeat(1025))).toMatch(/1024文字以内/);
    expect(passwordProblem('tab\there-ok?')).toMatch(/制御文字/);
  });
});

describe('user: committee office (評価検証委員の役職)', () => {
  const memberGranted: UserEvent = { type: 'RoleGranted', data: { userId: 'u-1', role: 'CommitteeMember', departmentId: null, ...meta() } };
  const setOffice = (office: unknown): UserCommand => ({ type: 'SetCommitteeOffice', data: { office } }) as UserCommand;

  it('an Admin sets the office of a committee member (理事・評議員・監事); the same office again records nothing', () => {
    const state = spec.given([registered, memberGranted]).when(setOffice('councillor'), as(admin)).then([{ type: 'CommitteeOfficeSet', data: { userId: 'u-1', office: 'councillor', ...meta() } }]);
    expect(state.status === 'Active' && state.committeeOffice).toBe('councillor');
    spec.given([registered, memberGranted, { type: 'CommitteeOfficeSet', data: { userId: 'u-1', office: 'councillor', ...meta() } }]).when(setOffice('councillor'), as(admin)).thenNothing();
  });

  it('is refused for someone who is not a committee member, for an unknown office, and for anyone but an Admin', () => {
    spec.given([registered, staffGranted]).when(setOffice('director'), as(admin)).thenThrows(IllegalTransitionError, /評価検証委員ではない/);
    spec.given([registered, memberGranted]).when(setOffice('chairman'), as(admin)).thenThrows(ValidationError, /理事\(director\)・評議員\(councillor\)・監事\(auditor\)/);
    spec.given([registered, memberGranted]).when(setOffice('director'), as(staff)).thenThrows(ForbiddenError);
  });
});
