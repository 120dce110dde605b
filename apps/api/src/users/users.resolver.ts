import { QueryBus } from '@nestjs/cqrs';
import { Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { UserAccountModel } from './models/user-account.model.js';
import { ListUsersQuery } from './queries/list-users.query.js';

/** The administrators' list of users (an address is changed with `setUserEmail`). */
@Resolver(() => UserAccountModel)
export class UsersResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => [UserAccountModel], { description: '利用者の一覧 (ログイン名順。管理者のみ)' })
  users(@CurrentViewer() viewer: Viewer): Promise<UserAccountModel[]> {
    return this.queries.execute(new ListUsersQuery(viewer));
  }
}
