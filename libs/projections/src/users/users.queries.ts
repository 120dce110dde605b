import type { ReadModels } from '../read-models.js';
import type { CommitteeOffice, UserState } from '@hyoka/domain';
import { fromJson, stmt } from '../sql.js';
import { accountOf, type UserAccount } from './users.projection.js';

/** A user as listed to administrators: everything but the password hash. */
export type UserListing = Omit<UserAccount, 'passwordHash'>;

interface UserRow {
  user_id: string;
  login_name: string;
  display_name: string;
  password_hash: string;
  roles: string;
  disabled: number;
  disabled_reason: string | null;
  committee_office: string | null;
  state: string;
}

function accountFromRow(row: UserRow): UserAccount {
  const state = fromJson<UserState>(row.state);
  return {
    userId: row.user_id,
    loginName: row.login_name,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    roles: fromJson(row.roles),
    disabled: row.disabled === 1,
    disabledReason: row.disabled_reason,
    email: accountOf(state)?.email ?? null,
    notifications: accountOf(state)!.notifications,
    committeeOffice: (row.committee_office as CommitteeOffice | null) ?? null,
  };
}

/** The account for sign-in (disabled accounts too: the caller refuses them with a clear message); null when unknown. */
export function findUserByLoginName(readModels: ReadModels, loginName: string): UserAccount | null {
  const row = stmt(readModels.db, `SELECT * FROM users WHERE login_name = ?`).get(loginName) as UserRow | undefined;
  return row ? accountFromRow(row) : null;
}

export function findUserById(readModels: ReadModels, userId: string): UserAccount | null {
  const row = stmt(readModels.db, `SELECT * FROM users WHERE user_id = ?`).get(userId) as UserRow | undefined;
  return row ? accountFromRow(row) : null;
}

/** Every user, by login name, without password hashes. */
export function listUsers(readModels: ReadModels): UserListing[] {
  const rows = stmt(readModels.db, `SELECT * FROM users ORDER BY login_name`).all() as UserRow[];
  return rows.map((row) => {
    const { passwordHash: _hidden, ...listing } = accountFromRow(row);
    return listing;
  });
}
