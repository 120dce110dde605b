import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryHandler } from '@nestjs/cqrs';
import { departmentNames, listUsers, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { roleLabel } from '../../common/labels.js';
import type { Role } from '../../graphql/enums.js';
import { READ_MODELS } from '../../tokens.js';
import { requireAuditReader } from '../audit-access.js';
import type { AuditPersonModel } from '../models/audit-person.model.js';

export class GetAuditPeopleQuery extends CqrsQuery<AuditPersonModel[]> {
  constructor(readonly viewer: Viewer) {
    super();
  }
}

@QueryHandler(GetAuditPeopleQuery)
export class GetAuditPeopleHandler implements IQueryHandler<GetAuditPeopleQuery, AuditPersonModel[]> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ viewer }: GetAuditPeopleQuery): Promise<AuditPersonModel[]> {
    requireAuditReader(viewer);
    const departments = departmentNames(this.readModels);
    return listUsers(this.readModels).map((u) => ({
      userId: u.userId,
      displayName: u.displayName,
      roles: u.roles.map((r) => ({ role: r.role as Role, departmentId: r.departmentId ?? null, label: roleLabel(r, departments) })),
      disabled: u.disabled,
    }));
  }
}
