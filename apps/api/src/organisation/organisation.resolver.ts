import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { OrganisationCommand } from '@hyoka/domain';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { DateTimeScalar } from '../graphql/scalars.js';
import { ReviseOrganisationCommand } from './commands/revise-organisation.handler.js';
import {
  AddDepartmentInput,
  AddReviewBodyInput,
  ChangeReviewBodyInput,
  RemapDivisionInput,
  RenameDepartmentInput,
  RetireDepartmentInput,
  RetireReviewBodyInput,
  type OrganisationRevisionInput,
} from './dto/organisation.input.js';
import { OrganisationModel } from './models/organisation.model.js';
import { GetOrganisationQuery } from './queries/get-organisation.query.js';

const ADMIN_ONLY = '(管理者)。理由と承認者が必要。expectedPlanRevision が古ければ競合 (CONFLICT) で何も記録しない。変更後の組織を返す';

/** 組織: resolvers only shape input and dispatch; the domain decides (libs/domain/src/catalogue/organisation.ts). */
@Resolver(() => OrganisationModel)
export class OrganisationResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Query(() => OrganisationModel, { description: '組織: 部・会議体・部門→推進会議→部の対応。asOf を指定するとその時点の組織' })
  organisation(
    @CurrentViewer() _viewer: Viewer,
    @Args('asOf', { type: () => DateTimeScalar, nullable: true }) asOf?: string | null,
  ): Promise<OrganisationModel> {
    return this.queries.execute(new GetOrganisationQuery(asOf ?? null));
  }

  @Mutation(() => OrganisationModel, { description: `部の追加 ${ADMIN_ONLY}` })
  addDepartment(@CurrentViewer() viewer: Viewer, @Args('input') input: AddDepartmentInput): Promise<OrganisationModel> {
    return this.revise(viewer, input, { type: 'AddDepartment', data: { ...revision(input), department: { id: input.id, name: input.name } } });
  }

  @Mutation(() => OrganisationModel, { description: `部の名称変更 ${ADMIN_ONLY}` })
  renameDepartment(@CurrentViewer() viewer: Viewer, @Args('input') input: RenameDepartmentInput): Promise<OrganisationModel> {
    return this.revise(viewer, input, { type: 'RenameDepartment', data: { ...revision(input), departmentId: input.departmentId, name: input.name } });
  }

  @Mutation(() => OrganisationModel, { description: `部の廃止 (その部の推進会議が部門を審査している間はできない) ${ADMIN_ONLY}` })
  retireDepartment(@CurrentViewer() viewer: Viewer, @Args('input') input: RetireDepartmentInput): Promise<OrganisationModel> {
    return this.revise(viewer, input, { type: 'RetireDepartment', data: { ...revision(input), departmentId: input.departmentId } });
  }

  @Mutation(() => OrganisationModel, { description: `会議体の追加 ${ADMIN_ONLY}` })
  addReviewBody(@CurrentViewer() viewer: Viewer, @Args('input') input: AddReviewBodyInput): Promise<OrganisationModel> {
    const body = {
      id: input.id,
      kind: input.kind,
      name: input.name,
      chair: input.chair ?? null,
      members: input.members ?? '',
      roles: input.roles ?? [],
      departmentId: input.departmentId ?? null,
    };
    return this.revise(viewer, input, { type: 'AddReviewBody', data: { ...revision(input), body } } as OrganisationCommand);
  }

  @Mutation(() => OrganisationModel, { description: `会議体の変更 (名称・議長・構成・役割) ${ADMIN_ONLY}` })
  changeReviewBody(@CurrentViewer() viewer: Viewer, @Args('input') input: ChangeReviewBodyInput): Promise<OrganisationModel> {
    // null and an omitted field both keep what the body has; an empty 議長 removes it
    const given = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);
    return this.revise(viewer, input, {
      type: 'ChangeReviewBody',
      data: { ...revision(input), bodyId: input.bodyId, name: given(input.name), chair: given(input.chair), members: given(input.members), roles: given(input.roles) },
    });
  }

  @Mutation(() => OrganisationModel, { description: `会議体の廃止 (部門を審査している間はできない) ${ADMIN_ONLY}` })
  retireReviewBody(@CurrentViewer() viewer: Viewer, @Args('input') input: RetireReviewBodyInput): Promise<OrganisationModel> {
    return this.revise(viewer, input, { type: 'RetireReviewBody', data: { ...revision(input), bodyId: input.bodyId } });
  }

  @Mutation(() => OrganisationModel, { description: `部門を審査する推進会議の変更 (その部門の実施項目は新しい推進会議の部が担当する) ${ADMIN_ONLY}` })
  remapDivision(@CurrentViewer() viewer: Viewer, @Args('input') input: RemapDivisionInput): Promise<OrganisationModel> {
    return this.revise(viewer, input, { type: 'RemapDivision', data: { ...revision(input), divisionId: input.divisionId, promotionMeetingId: input.promotionMeetingId } });
  }

  private async revise(viewer: Viewer, input: OrganisationRevisionInput, command: OrganisationCommand): Promise<OrganisationModel> {
    await this.commands.execute(new ReviseOrganisationCommand(viewer, command, input.expectedPlanRevision, input.commandId));
    return this.queries.execute(new GetOrganisationQuery(null));
  }
}

const revision = (input: OrganisationRevisionInput) => ({ reason: input.reason, approvedBy: input.approvedBy });
