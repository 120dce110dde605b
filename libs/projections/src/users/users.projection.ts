import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import {
  emailOf,
  evolveUser,
  initialUserState,
  notificationPreferencesOf,
  type CommitteeOffice,
  type NotificationPreferences,
  type RoleAssignment,
  type UserState,
} from '@hyoka/domain';
import type { Projection } from '../projection.js';
import { fromJson, stmt, toJson } from '../sql.js';

const USER_STREAM = /^user-(.+)$/;

/** A person who can sign in: what sign-in and `viewer` need. */
export interface UserAccount {
  userId: string;
  loginName: string;
  displayName: string;
  /** argon2id PHC string; never send it to a client */
  passwordHash: string;
  roles: RoleAssignment[];
  disabled: boolean;
  disabledReason: string | null;
  /** where notifications are mailed (null: none) */
  email: string | null;
  notifications: NotificationPreferences;
  /** 評価検証委員の役職 (理事・評議員・監事); null: none recorded */
  committeeOffice: CommitteeOffice | null;
}

/** Pure row logic: the user state after one event (events of other streams leave it as it is). */
export function evolveUserAccount(state: UserState, event: RecordedEvent): UserState {
  if (!USER_STREAM.test(event.stream)) return state;
  return evolveUser(state, event);
}

export function accountOf(state: UserState): UserAccount | undefined {
  if (state.status === 'NotRegistered') return undefined;
  return {
    userId: state.userId,
    loginName: state.loginName,
    displayName: state.displayName,
    passwordHash: state.passwordHash,
    roles: state.roles.map((r) => ({ ...r })),
    disabled: state.status === 'Disabled',
    disabledReason: state.status === 'Disabled' ? state.disabledReason : null,
    email: emailOf(state),
    notifications: notificationPreferencesOf(state),
    committeeOffice: state.committeeOffice ?? null,
  };
}

// login_name is UNIQUE: two registrations of one login name (a race the API cannot fully exclude across streams)
// make the second a dead letter instead of letting sign-in pick either account.
const ddl = `
  CREATE TABLE IF NOT EXISTS users (
    user_id TEXT PRIMARY KEY,
    login_name TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    roles TEXT NOT NULL,
    disabled INTEGER NOT NULL,
    disabled_reason TEXT,
    committee_office TEXT,
    state TEXT NOT NULL
  ) STRICT;
`;

export const usersProjection: Projection = {
  name: 'users',
  // 2: the committee member's office (committee_office), rebuilt from CommitteeOfficeSet
  schemaVersion: 2,
  tables: ['users'],
  ddl,
  apply(db: Database.Database, event: RecordedEvent) {
    const match = USER_STREAM.exec(event.stream);
    if (!match) return;
    const row = stmt(db, `SELECT state FROM users WHERE user_id = ?`).get(match[1]) as { state: string } | undefined;
    const before = row ? fromJson<UserState>(row.state) : initialUserState();
    const state = evolveUserAccount(before, event);
    const account = accountOf(state);
    if (!account || state === before) return;
    if (account.userId !== match[1]) {
      throw new Error(`${event.type} names user ${account.userId} on stream ${event.stream}`);
    }
    stmt(
      db,
      `INSERT INTO users (user_id, login_name, display_name, password_hash, roles, disabled, disabled_reason, committee_office, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET login_name = excluded.login_name, display_name = excluded.display_name,
         password_hash = excluded.password_hash, roles = excluded.roles, disabled = excluded.disabled,
         disabled_reason = excluded.disabled_reason, committee_office = excluded.committee_office, state = excluded.state`,
    ).run(
      account.userId,
      account.loginName,
      account.displayName,
      account.passwordHash,
      toJson(account.roles),
      account.disabled ? 1 : 0,
      account.disabledReason,
      account.committeeOffice,
      toJson(state),
    );
  },
};
