import { IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { Command, DomainEvent } from '../shared/json.js';
import { requireAuthorized, requireDepartmentInForce, type CommandContext } from '../shared/context.js';
import { ROLE_LABELS } from '../shared/labels.js';
import { DEPARTMENTAL_ROLES, isRole, type RoleAssignment, type Role } from '../shared/roles.js';
import { invalid, LIMITS, optionalText, requireId, requireObject, requireText, requireTimestamp } from '../shared/validation.js';

// ---- state ----

type UserBody = {
  userId: string;
  loginName: string;
  displayName: string;
  passwordHash: string;
  roles: RoleAssignment[];
  /** where notifications are mailed; null: none (older states carry no field and read as null) */
  email?: string | null;
  notifications?: NotificationPreferences;
  /** 評価検証委員の役職 (理事・評議員・監事); null or absent: none recorded */
  committeeOffice?: CommitteeOffice | null;
};
export type UserState =
  | { status: 'NotRegistered' }
  | (UserBody & { status: 'Active' })
  | (UserBody & { status: 'Disabled'; disabledReason: string | null });

/** 評価検証委員会の委員は理事・評議員・監事から選ばれる: the office a member holds. */
export const COMMITTEE_OFFICES = ['director', 'councillor', 'auditor'] as const;
export type CommitteeOffice = (typeof COMMITTEE_OFFICES)[number];
export const COMMITTEE_OFFICE_LABELS: Readonly<Record<CommitteeOffice, string>> = { director: '理事', councillor: '評議員', auditor: '監事' };
export const isCommitteeOffice = (value: unknown): value is CommitteeOffice => (COMMITTEE_OFFICES as readonly unknown[]).includes(value);

export const initialUserState = (): UserState => ({ status: 'NotRegistered' });

/** 通知設定: 即時 (a mail per notification) or 1日1回のまとめ (one digest a day), and how many days before a due date to remind. */
export const NOTIFICATION_DELIVERIES = ['immediate', 'daily'] as const;
export type NotificationDelivery = (typeof NOTIFICATION_DELIVERIES)[number];
export type NotificationPreferences = { delivery: NotificationDelivery; reminderDays: number };
export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = Object.freeze({ delivery: 'immediate', reminderDays: 3 });
export const REMINDER_DAYS_LIMITS = { min: 0, max: 60 } as const;

/** The e-mail address of a user (null when none is set). */
export const emailOf = (state: UserState): string | null => (state.status === 'NotRegistered' ? null : (state.email ?? null));
/** The notification preferences of a user (the defaults until they are set). */
export const notificationPreferencesOf = (state: UserState): NotificationPreferences =>
  state.status === 'NotRegistered' ? DEFAULT_NOTIFICATION_PREFERENCES : (state.notifications ?? DEFAULT_NOTIFICATION_PREFERENCES);

// ---- commands ----

export type RegisterUser = Command<
  'RegisterUser',
  { userId: string; loginName: string; displayName: string; passwordHash: string }
>;
export type GrantRole = Command<'GrantRole', { role: Role; departmentId?: string | null }>;
export type RevokeRole = Command<'RevokeRole', { role: Role; departmentId?: string | null }>;
export type DisableUser = Command<'DisableUser', { reason?: string | null }>;
export type EnableUser = Command<'EnableUser', Record<string, never>>;
export type ChangePassword = Command<'ChangePassword', { passwordHash: string }>;
/** `email: null` removes the address. */
export type ChangeUserEmail = Command<'ChangeUserEmail', { email: string | null }>;
export type ChangeNotificationPreferences = Command<'ChangeNotificationPreferences', { delivery: NotificationDelivery; reminderDays: number }>;
/** The office (理事・評議員・監事) of a committee member; null clears it. */
export type SetCommitteeOffice = Command<'SetCommitteeOffice', { office: CommitteeOffice | null }>;
export type UserCommand =
  | RegisterUser
  | GrantRole
  | RevokeRole
  | DisableUser
  | EnableUser
  | ChangePassword
  | ChangeUserEmail
  | ChangeNotificationPreferences
  | SetCommitteeOffice;
export const USER_COMMAND_TYPES: readonly UserCommand['type'][] = [
  'RegisterUser',
  'GrantRole',
  'RevokeRole',
  'DisableUser',
  'EnableUser',
  'ChangePassword',
  'ChangeUserEmail',
  'ChangeNotificationPreferences',
  'SetCommitteeOffice',
];

// ---- events ----

type UserEventBase = { userId: string; by: string; actingAs: string; at: string };
/** Carries the argon2id hash computed by the API; read models and audit exports must not show it. */
export type UserRegistered = DomainEvent<'UserRegistered', UserEventBase & { loginName: string; displayName: string; passwordHash: string }>;
export type RoleGranted = DomainEvent<'RoleGranted', UserEventBase & { role: Role; departmentId: string | null }>;
export type RoleRevoked = DomainEvent<'RoleRevoked', UserEventBase & { role: Role; departmentId: string | null }>;
export type UserDisabled = DomainEvent<'UserDisabled', UserEventBase & { reason: string | null }>;
export type UserEnabled = DomainEvent<'UserEnabled', UserEventBase>;
export type PasswordChanged = DomainEvent<'PasswordChanged', UserEventBase & { passwordHash: string }>;
export type UserEmailChanged = DomainEvent<'UserEmailChanged', UserEventBase & { email: string | null }>;
export type NotificationPreferencesChanged = DomainEvent<'NotificationPreferencesChanged', UserEventBase & NotificationPreferences>;
export type CommitteeOfficeSet = DomainEvent<'CommitteeOfficeSet', UserEventBase & { office: CommitteeOffice | null }>;
export type UserEvent =
  | CommitteeOfficeSet
  | UserRegistered
  | RoleGranted
  | RoleRevoked
  | UserDisabled
  | UserEnabled
  | PasswordChanged
  | UserEmailChanged
  | NotificationPreferencesChanged;

// ---- decide ----

const LOGIN_NAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
// A deliberately plain address rule (local@domain.tld, ASCII, no spaces or quotes): what an SMTP server accepts
// without quoting, and what a person types into an office mail client.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** The address as stored (trimmed, domain lower-cased), or null to remove it; throws VALIDATION when malformed. */
export function normalizeEmail(value: unknown): string | null {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  if (typeof value !== 'string') throw invalid('email', '「メールアドレス」は文字列で指定してください');
  const email = value.trim();
  if (email.length > 254 || !EMAIL.test(email) || email.includes('..')) {
    throw invalid('email', '「メールアドレス」の形式が正しくありません(例: tanaka@example.jp)');
  }
  const at = email.lastIndexOf('@');
  return `${email.slice(0, at)}@${email.slice(at + 1).toLowerCase()}`;
}

function requirePreferences(data: Record<string, unknown>): NotificationPreferences {
  if (!(NOTIFICATION_DELIVERIES as readonly unknown[]).includes(data.delivery)) {
    throw invalid('delivery', '「通知の受け取り方」は 即時 (immediate) か 1日1回のまとめ (daily) を指定してください');
  }
  const days = data.reminderDays;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < REMINDER_DAYS_LIMITS.min || days > REMINDER_DAYS_LIMITS.max) {
    throw invalid('reminderDays', `「期限の何日前に知らせるか」は ${REMINDER_DAYS_LIMITS.min}〜${REMINDER_DAYS_LIMITS.max} の整数で指定してください`);
  }
  return { delivery: data.delivery as NotificationDelivery, reminderDays: days };
}

function requirePasswordHash(value: unknown): string {
  // The domain never hashes; it only refuses anything that is not an argon2id PHC string (e.g. a plain password).
  if (typeof value !== 'string' || !/^\$argon2id\$[A-Za-z0-9$=,+/.-]{10,500}$/.test(value)) {
    throw invalid('passwordHash', '「パスワードハッシュ」が argon2id の形式ではありません');
  }
  return value;
}

/** The role and its 部; a grant names a 部 in force in the catalogue, a revocation any 部 the person holds a role in. */
function requireRole(data: Record<string, unknown>, departments: CommandContext['departments'] | 'any'): RoleAssignment {
  if (!isRole(data.role)) throw invalid('role', `「役割」は ${Object.keys(ROLE_LABELS).join('・')} のいずれかを指定してください`);
  const role = data.role;
  const departmentId = data.departmentId ?? null;
  if (DEPARTMENTAL_ROLES.includes(role)) {
    if (departmentId === null || departmentId === '') throw invalid('departmentId', `${ROLE_LABELS[role]}の役割には「部」の指定が必要です`);
    if (departments === 'any') return { role, departmentId: requireId(departmentId, 'departmentId') };
    return { role, departmentId: requireDepartmentInForce(departments, departmentId, 'departmentId', '「部」は計画の部から選んでください').id };
  }
  if (departmentId !== null) throw invalid('departmentId', `${ROLE_LABELS[role]}の役割には「部」を指定できません`);
  return { role, departmentId: null };
}

const describeRole = ({ role, departmentId }: RoleAssignment, departments: CommandContext['departments']) =>
  departmentId ? `${departments?.find((d) => d.id === departmentId)?.name ?? departmentId}の${ROLE_LABELS[role]}` : ROLE_LABELS[role];
const sameRole = (a: RoleAssignment, b: RoleAssignment) => a.role === b.role && a.departmentId === b.departmentId;

type Registered = Exclude<UserState, { status: 'NotRegistered' }>;

function registered(state: UserState): Registered {
  if (state.status === 'NotRegistered') throw new NotFoundError('ユーザーが見つかりません');
  return state;
}

function active(state: UserState): Registered & { status: 'Active' } {
  const user = registered(state);
  if (user.status === 'Disabled') throw new IllegalTransitionError(`ユーザー「${user.displayName}」は無効化されています。先に有効化してください`);
  return user;
}

/** decide for one user stream (user-<id>): registration, roles and their 部, disabling, password changes. */
export function decideUser(command: UserCommand, state: UserState, ctx: CommandContext): UserEvent[] {
  if (!(USER_COMMAND_TYPES as readonly string[]).includes(command?.type)) {
    throw new ValidationError(`不明なユーザーコマンドです: ${String(command?.type).slice(0, 50)}`);
  }
  const at = requireTimestamp(ctx.now);
  const subject = state.status === 'NotRegistered' ? undefined : { userId: state.userId };
  const actingAs = requireAuthorized(ctx.actor, command.type, undefined, undefined, subject);
  const data = requireObject(command.data ?? {}, 'data');
  const by = ctx.actor.userId;

  switch (command.type) {
    case 'RegisterUser': {
      if (state.status !== 'NotRegistered') throw new IllegalTransitionError(`ユーザーID「${state.userId}」は既に登録されています`);
      const userId = requireId(data.userId, 'userId');
      if (typeof data.loginName !== 'string' || !LOGIN_NAME.test(data.loginName)) {
        throw invalid('loginName', '「ログイン名」は半角の英小文字・数字・. _ - で3〜64文字にしてください(先頭は英数字)');
      }
      const displayName = requireText(data.displayName, 'displayName', { max: LIMITS.displayName });
      const passwordHash = requirePasswordHash(data.passwordHash);
      return [{ type: 'UserRegistered', data: { userId, loginName: data.loginName, displayName, passwordHash, by, actingAs, at } }];
    }
    case 'GrantRole': {
      const user = active(state);
      const role = requireRole(data, ctx.departments);
      if (user.roles.some((r) => sameRole(r, role))) throw new IllegalTransitionError(`「${describeRole(role, ctx.departments)}」の役割は既に付与されています`);
      return [{ type: 'RoleGranted', data: { userId: user.userId, ...role, by, actingAs, at } }];
    }
    case 'RevokeRole': {
      const user = active(state);
      const role = requireRole(data, 'any');
      if (!user.roles.some((r) => sameRole(r, role))) throw new IllegalTransitionError(`「${describeRole(role, ctx.departments)}」の役割は付与されていません`);
      // Keeps at least the person acting able to administer: an Admin cannot take Admin away from themself.
      if (role.role === 'Admin' && user.userId === by) throw new IllegalTransitionError('自分自身の管理者の役割は取り消せません');
      return [{ type: 'RoleRevoked', data: { userId: user.userId, ...role, by, actingAs, at } }];
    }
    case 'DisableUser': {
      const user = active(state);
      if (user.userId === by) throw new IllegalTransitionError('自分自身を無効化することはできません');
      const reason = optionalText(data.reason, 'reason', { max: LIMITS.reason, multiline: true });
      return [{ type: 'UserDisabled', data: { userId: user.userId, reason, by, actingAs, at } }];
    }
    case 'EnableUser': {
      const user = registered(state);
      if (user.status === 'Active') throw new IllegalTransitionError(`ユーザー「${user.displayName}」は既に有効です`);
      return [{ type: 'UserEnabled', data: { userId: user.userId, by, actingAs, at } }];
    }
    case 'ChangePassword': {
      const user = active(state);
      return [{ type: 'PasswordChanged', data: { userId: user.userId, passwordHash: requirePasswordHash(data.passwordHash), by, actingAs, at } }];
    }
    case 'ChangeUserEmail': {
      const user = active(state);
      const email = normalizeEmail(data.email);
      if ((user.email ?? null) === email) return [];
      return [{ type: 'UserEmailChanged', data: { userId: user.userId, email, by, actingAs, at } }];
    }
    case 'ChangeNotificationPreferences': {
      const user = active(state);
      const preferences = requirePreferences(data);
      const current = notificationPreferencesOf(user);
      if (current.delivery === preferences.delivery && current.reminderDays === preferences.reminderDays) return [];
      return [{ type: 'NotificationPreferencesChanged', data: { userId: user.userId, ...preferences, by, actingAs, at } }];
    }
    case 'SetCommitteeOffice': {
      const user = active(state);
      if (data.office !== null && data.office !== undefined && !isCommitteeOffice(data.office)) {
        throw invalid('office', '「委員の役職」は理事(director)・評議員(councillor)・監事(auditor)のいずれかを指定してください');
      }
      const office = (data.office ?? null) as CommitteeOffice | null;
      if (office !== null && !user.roles.some((r) => r.role === 'CommitteeMember')) {
        throw new IllegalTransitionError(`ユーザー「${user.displayName}」は評価検証委員ではないため、委員の役職を設定できません`, { field: 'office' });
      }
      if ((user.committeeOffice ?? null) === office) return [];
      return [{ type: 'CommitteeOfficeSet', data: { userId: user.userId, office, by, actingAs, at } }];
    }
    default: {
      const unhandled: never = command;
      throw new ValidationError(`不明なユーザーコマンドです: ${JSON.stringify(unhandled).slice(0, 50)}`);
    }
  }
}

// ---- evolve ----

export function evolveUser(state: UserState, event: UserEvent | { type: string; data: unknown }): UserState {
  const e = event as UserEvent;
  if (e.type === 'UserRegistered') {
    const { userId, loginName, displayName, passwordHash } = e.data;
    return { status: 'Active', userId, loginName, displayName, passwordHash, roles: [] };
  }
  if (state.status === 'NotRegistered') return state;
  switch (e.type) {
    case 'RoleGranted':
      return { ...state, roles: [...state.roles, { role: e.data.role, departmentId: e.data.departmentId }] };
    case 'RoleRevoked':
      return { ...state, roles: state.roles.filter((r) => !sameRole(r, e.data)) };
    case 'UserDisabled':
      return { ...state, status: 'Disabled', disabledReason: e.data.reason };
    case 'UserEnabled': {
      const { disabledReason: _reason, ...body } = state as UserBody & { disabledReason?: string | null };
      return { ...body, status: 'Active' };
    }
    case 'PasswordChanged':
      return { ...state, passwordHash: e.data.passwordHash };
    case 'UserEmailChanged':
      return { ...state, email: e.data.email };
    case 'CommitteeOfficeSet':
      return { ...state, committeeOffice: e.data.office };
    case 'NotificationPreferencesChanged':
      return { ...state, notifications: { delivery: e.data.delivery, reminderDays: e.data.reminderDays } };
    default:
      return state;
  }
}

export const foldUser = (events: readonly { type: string; data: unknown }[]): UserState =>
  events.reduce<UserState>(evolveUser, initialUserState());

/** The Actor the API passes to every decide, from the user's folded state (null when not registered). */
export function actorOf(state: UserState): { userId: string; displayName: string; roles: RoleAssignment[]; disabled: boolean } | null {
  if (state.status === 'NotRegistered') return null;
  return { userId: state.userId, displayName: state.displayName, roles: [...state.roles], disabled: state.status === 'Disabled' };
}
