import { Inject, Injectable } from '@nestjs/common';
import type { CommitteeOffice } from '@hyoka/domain';
import { findUserById, findUserByLoginName, type ReadModels, type UserAccount } from '@hyoka/projections';
import type { Viewer } from '../auth/viewer.js';
import { READ_MODELS } from '../tokens.js';

/** People as the users read model knows them: sign-in lookups, the viewer of a session, display names. */
@Injectable()
export class UserDirectory {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  /** The account for a login name, disabled ones included (the caller refuses them). */
  account(loginName: string): UserAccount | undefined {
    return findUserByLoginName(this.readModels, loginName) ?? undefined;
  }

  /** The viewer for a user id; undefined when unknown or disabled (a disabled person is signed out). */
  viewer(userId: string): Viewer | undefined {
    const account = findUserById(this.readModels, userId);
    if (!account || account.disabled) return undefined;
    return {
      userId: account.userId,
      loginName: account.loginName,
      displayName: account.displayName,
      roles: account.roles.map((r) => ({ ...r })),
    };
  }

  /** The 評価検証委員会 office a person holds (null: none recorded, or unknown). */
  officeOf = (userId: string): CommitteeOffice | null => findUserById(this.readModels, userId)?.committeeOffice ?? null;

  /** A display name for a user id ('システム' for the start-up process; the id itself when unknown). */
  nameOf = (userId: string): string => {
    if (userId === 'system') return 'システム';
    return findUserById(this.readModels, userId)?.displayName ?? userId;
  };
}
