import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { assignmentStream } from '@hyoka/domain';
import { AuthService } from '../auth/auth.service.js';
import type { RequestContext, Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { AssignmentMode } from '../graphql/enums.js';
import { AssignItemsCommand } from './commands/assign-items.handler.js';
import { AssignableStaffModel, AssignmentResultModel } from './models/assignment.model.js';
import { GetAssignableStaffQuery } from './queries/get-assignable-staff.query.js';

@Resolver()
export class AssignmentsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly auth: AuthService,
  ) {}

  @Mutation(() => [AssignmentResultModel], {
    description:
      '担当者の割り当て (その部の部長)。実施項目ごとに1件ずつ記録し、1件ごとの結果を返す。REPLACE: 置き換え, ADD: 追加, REMOVE: 解除。同じ commandId のやり直しは二重に記録しない',
  })
  async assignItems(
    @CurrentViewer() viewer: Viewer,
    @Context() context: RequestContext,
    @Args('itemIds', { type: () => [ID] }) itemIds: string[],
    @Args('assignees', { type: () => [ID] }) assignees: string[],
    @Args('commandId', { type: () => String }) commandId: string,
    @Args('mode', { type: () => AssignmentMode, defaultValue: 'REPLACE' }) mode: AssignmentMode,
  ): Promise<AssignmentResultModel[]> {
    const results = await this.commands.execute(new AssignItemsCommand(viewer, itemIds, assignees, mode, commandId));
    for (const result of results) {
      if (result.errorCode === 'FORBIDDEN') this.auth.denied(context, 'assignItems', 'FORBIDDEN', assignmentStream(result.itemId));
    }
    return results;
  }

  @Query(() => [AssignableStaffModel], { description: '部長が担当者に指定できる担当職員 (閲覧者が部長を務める部、または指定した部)' })
  assignableStaff(
    @CurrentViewer() viewer: Viewer,
    @Args('departmentId', { type: () => String, nullable: true }) departmentId?: string | null,
  ): Promise<AssignableStaffModel[]> {
    return this.queries.execute(new GetAssignableStaffQuery(viewer, departmentId ?? null));
  }
}
