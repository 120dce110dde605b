import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Role as DomainRole } from '@hyoka/domain';
import { departmentNames, type DepartmentNames, type ReadModels } from '@hyoka/projections';
import { READ_MODELS } from '../tokens.js';
import { roleLabel } from '../common/labels.js';
import { Role } from '../graphql/enums.js';
import { AuthService } from './auth.service.js';
import { ChangeOwnPasswordInput } from './dto/change-own-password.input.js';
import { LoginInput } from './dto/login.input.js';
import { ViewerModel } from './models/viewer.model.js';
import { Context, CurrentViewer, OptionalViewer } from './viewer.decorator.js';
import type { RequestContext, Viewer } from './viewer.js';

export function toViewerModel(viewer: Viewer, departments: DepartmentNames): ViewerModel {
  return {
    userId: viewer.userId,
    loginName: viewer.loginName,
    displayName: viewer.displayName,
    roles: viewer.roles.map((r) => ({
      role: r.role as DomainRole as Role,
      departmentId: r.departmentId,
      label: roleLabel(r, departments),
    })),
  };
}

@Resolver(() => ViewerModel)
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  @Query(() => ViewerModel, { nullable: true, description: 'ログイン中の人 (ログインしていなければ null)' })
  viewer(@OptionalViewer() viewer: Viewer | null): ViewerModel | null {
    return viewer ? toViewerModel(viewer, departmentNames(this.readModels)) : null;
  }

  @Mutation(() => ViewerModel, { description: 'ログインしてセッションを開始する (Cookie hyoka_session を発行し直す)' })
  async login(@Context() context: RequestContext, @Args('input') input: LoginInput): Promise<ViewerModel> {
    return toViewerModel(await this.auth.login(context, input.loginName, input.password), departmentNames(this.readModels));
  }

  @Mutation(() => ViewerModel, {
    description:
      '自分のパスワードを変更する (現在のパスワードが必要)。本人のすべてのセッションが終了し、このブラウザには新しいセッション (Cookie) を発行する',
  })
  async changeOwnPassword(
    @CurrentViewer() _viewer: Viewer,
    @Context() context: RequestContext,
    @Args('input') input: ChangeOwnPasswordInput,
  ): Promise<ViewerModel> {
    return toViewerModel(await this.auth.changeOwnPassword(context, input.currentPassword, input.newPassword), departmentNames(this.readModels));
  }

  @Mutation(() => Boolean, { description: 'ログアウトする (セッションを終了し Cookie を消す)' })
  logout(@Context() context: RequestContext): boolean {
    this.auth.logout(context);
    return true;
  }
}
