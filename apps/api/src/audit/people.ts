import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Field, ID, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { listUsers, type ReadModels } from '@hyoka/projections';
import { RoleAssignmentModel } from '../auth/models/viewer.model.js';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { roleLabel } from '../common/labels.js';
import type { Role } from '../graphql/enums.js';
import { READ_MODELS } from '../tokens.js';
import { requireAuditReader } from './audit.resolver.js';

@ObjectType({ description: '監査ログの絞り込みに使う人 (ログイン名・パスワードは含まない)' })
export class AuditPerson {
  @Field(() => ID)
  userId!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => [RoleAssignmentModel], { description: 'いまの役割' })
  roles!: RoleAssignmentModel[];

  @Field(() => Boolean, { description: '無効化されている' })
  disabled!: boolean;
}

export class GetAuditPeopleQuery extends CqrsQuery<AuditPerson[]> {
  constructor(readonly viewer: Viewer) {
    super();
  }
}

@QueryHandler(GetAuditPeopleQuery)
export class GetAuditPeopleHandler implements IQueryHandler<GetAuditPeopleQuery, AuditPerson[]> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ viewer }: GetAuditPeopleQuery): Promise<AuditPerson[]> {
    requireAuditReader(viewer);
    return listUsers(this.readModels).map((u) => ({
      userId: u.userId,
      displayName: u.displayName,
      roles: u.roles.map((r) => ({ role: r.role as Role, departmentId: r.departmentId ?? null, label: roleLabel(r) })),
      disabled: u.disabled,
    }));
  }
}

@Resolver(() => AuditPerson)
export class AuditPeopleResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => [AuditPerson], { description: '監査ログの「操作した人」の選択肢: すべての利用者 (監査ログを閲覧できる人のみ)' })
  auditPeople(@CurrentViewer() viewer: Viewer): Promise<AuditPerson[]> {
    return this.queries.execute(new GetAuditPeopleQuery(viewer));
  }
}
