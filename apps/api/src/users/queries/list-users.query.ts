import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryHandler } from '@nestjs/cqrs';
import { ForbiddenError, mayDoSomewhere } from '@hyoka/domain';
import { departmentNames, listUsers, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { roleLabel } from '../../common/labels.js';
import type { Role } from '../../graphql/enums.js';
import { READ_MODELS } from '../../tokens.js';
import type { UserAccountModel } from '../models/user-account.model.js';

export class ListUsersQuery extends CqrsQuery<UserAccountModel[]> {
  constructor(readonly viewer: Viewer) {
    super();
  }
}

/** Every account with its login name and e-mail address, for whoever may change other people's addresses. */
@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery, UserAccountModel[]> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ viewer }: ListUsersQuery): Promise<UserAccountModel[]> {
    // read off the permission table: the list exists to change addresses, so it is shown to those who may (Self aside)
    if (!mayDoSomewhere(viewer, 'ChangeUserEmail')) throw new ForbiddenError('利用者の一覧は管理者のみ閲覧できます。');
    const departments = departmentNames(this.readModels);
    return listUsers(this.readModels).map((u) => ({
      userId: u.userId,
      loginName: u.loginName,
      displayName: u.displayName,
      roles: u.roles.map((r) => ({ role: r.role as Role, departmentId: r.departmentId ?? null, label: roleLabel(r, departments) })),
      email: u.email,
      committeeOffice: u.committeeOffice,
      disabled: u.disabled,
    }));
  }
}
