import { existsSync } from 'node:fs';
import {
  emailOf,
  evolveUser,
  notificationPreferencesOf,
  upcast,
  type CommitteeOffice,
  type NotificationPreferences,
  type RoleAssignment,
  type UserState,
} from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { listUsers, openReadModels } from '@hyoka/projections';

export interface DirectoryEntry {
  userId: string;
  loginName: string;
  displayName: string;
  roles: RoleAssignment[];
  disabled: boolean;
  disabledReason: string | null;
  email: string | null;
  notifications: NotificationPreferences;
  /** 評価検証委員's office (理事/評議員/監事); null when none is recorded */
  committeeOffice: CommitteeOffice | null;
}

/** Every user as the log holds them now: login names, display names, roles, status. */
export interface UserDirectory {
  all(): DirectoryEntry[];
  byLogin(loginName: string): DirectoryEntry | undefined;
}

const USER_STREAM = /^user-(.+)$/;

/**
 * Builds the directory from the users read model (exact up to its checkpoint; read only, never advanced here, so the
 * API's runner stays the one writer of its read models) plus every user event the store holds after that checkpoint.
 * Without a read-model file the whole store is read.
 */
export async function loadUserDirectory(store: EventStore, readModelFile: string): Promise<UserDirectory> {
  const states = new Map<string, UserState>();
  let after = 0n;
  if (existsSync(readModelFile)) {
    const readModels = openReadModels({ file: readModelFile, events: store });
    try {
      after = readModels.checkpoint('users');
      for (const user of listUsers(readModels)) {
        const body = { userId: user.userId, loginName: user.loginName, displayName: user.displayName, passwordHash: '', roles: user.roles, email: user.email, notifications: user.notifications, committeeOffice: user.committeeOffice };
        states.set(
          user.userId,
          user.disabled ? { ...body, status: 'Disabled', disabledReason: user.disabledReason } : { ...body, status: 'Active' },
        );
      }
    } finally {
      readModels.close();
    }
  }
  const head = await store.headPosition();
  while (after < head) {
    const page = await store.readAll({ after, maxCount: 2000 });
    if (page.length === 0) break;
    for (const event of page) {
      const match = USER_STREAM.exec(event.stream);
      if (!match) continue;
      const before = states.get(match[1]!) ?? { status: 'NotRegistered' as const };
      states.set(match[1]!, evolveUser(before, upcast(event)));
    }
    after = page[page.length - 1]!.position;
  }
  const entries: DirectoryEntry[] = [];
  for (const state of states.values()) {
    if (state.status === 'NotRegistered') continue;
    entries.push({
      userId: state.userId,
      loginName: state.loginName,
      displayName: state.displayName,
      roles: state.roles.map((r) => ({ ...r })),
      disabled: state.status === 'Disabled',
      disabledReason: state.status === 'Disabled' ? state.disabledReason : null,
      email: emailOf(state),
      notifications: notificationPreferencesOf(state),
      committeeOffice: state.committeeOffice ?? null,
    });
  }
  entries.sort((a, b) => (a.loginName < b.loginName ? -1 : a.loginName > b.loginName ? 1 : 0));
  // A login name registered twice (a race the read model turns into a dead letter) resolves to the first account.
  const byLogin = new Map<string, DirectoryEntry>();
  for (const entry of entries) if (!byLogin.has(entry.loginName)) byLogin.set(entry.loginName, entry);
  return { all: () => entries, byLogin: (loginName) => byLogin.get(loginName) };
}
