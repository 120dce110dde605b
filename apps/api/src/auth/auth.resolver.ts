import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Role as DomainRole } from '@hyoka/domain';
import { roleLabel } from '../common/labels.js';
import { Role } from '../graphql/enums.js';
import { AuthService } from './auth.service.js';
import { LoginInput } from './dto/login.input.js';
import { ViewerModel } from './models/viewer.model.js';
import { Context, OptionalViewer } from './viewer.decorator.js';
import type { RequestContext, Viewer } from './viewer.js';

export function toViewerModel(viewer: Viewer): ViewerModel {
  return {
    userId: viewer.userId,
    loginName: viewer.loginName,
    displayName: viewer.displayName,
    roles: viewer.roles.map((r) => ({
      role: r.role as DomainRole as Role,
      departmentId: r.departmentId,
      label: roleLabel(r),
    })),
  };
}

@Resolver(() => ViewerModel)
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Query(() => ViewerModel, { nullable: true, description: 'ログイン中の人 (ログインしていなければ null)' })
  viewer(@OptionalViewer() viewer: Viewer | null): ViewerModel | null {
    return viewer ? toViewerModel(viewer) : null;
  }

  @Mutation(() => ViewerModel, { description: 'ログインしてセッションを開始する (Cookie hyoka_session を発行し直す)' })
  async login(@Context() context: RequestContext, @Args('input') input: LoginInput): Promise<ViewerModel> {
    return toViewerModel(await this.auth.login(context, input.loginName, input.password));
  }

  @Mutation(() => Boolean, { description: 'ログアウトする (セッションを終了し Cookie を消す)' })
  logout(@Context() context: RequestContext): boolean {
    this.auth.logout(context);
    return true;
  }
}
