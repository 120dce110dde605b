import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryHandler } from '@nestjs/cqrs';
import { ForbiddenError, holdsRole } from '@hyoka/domain';
import { departmentNames, listUsers, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { InputError } from '../../errors/api-errors.js';
import { READ_MODELS } from '../../tokens.js';
import type { AssignableStaffModel } from '../models/assignment.model.js';

export class GetAssignableStaffQuery extends CqrsQuery<AssignableStaffModel[]> {
  constructor(
    readonly viewer: Viewer,
    readonly departmentId: string | null,
  ) {
    super();
  }
}

/** The active staff of the 部 the viewer heads (one 部 when named): whom a 部長 may make 担当者. */
@QueryHandler(GetAssignableStaffQuery)
export class GetAssignableStaffHandler implements IQueryHandler<GetAssignableStaffQuery, AssignableStaffModel[]> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ viewer, departmentId }: GetAssignableStaffQuery): Promise<AssignableStaffModel[]> {
    const known = [...departmentNames(this.readModels).keys()];
    if (departmentId !== null && !known.includes(departmentId)) throw new InputError('部(departmentId)の指定が正しくありません。', 'departmentId');
    const headed = known.filter((d) => (departmentId === null || d === departmentId) && holdsRole(viewer, 'DepartmentHead', d));
    if (headed.length === 0) throw new ForbiddenError('担当者を割り当てられるのは、その部の部長のみです。');
    return listUsers(this.readModels)
      .filter((u) => !u.disabled)
      .flatMap((u) =>
        u.roles
          .filter((r) => r.role === 'Staff' && r.departmentId !== null && (headed as readonly string[]).includes(r.departmentId))
          .map((r) => ({ userId: u.userId, displayName: u.displayName, departmentId: r.departmentId! })),
      )
      .sort((a, b) => a.departmentId.localeCompare(b.departmentId) || a.displayName.localeCompare(b.displayName, 'ja'));
  }
}
