import { Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { CommitteeOffice as DomainCommitteeOffice } from '@hyoka/domain';
import { findUserByLoginName, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { CommitteeOffice, Role } from '../graphql/enums.js';
import { READ_MODELS } from '../tokens.js';
import { UserAccountModel } from './models/user-account.model.js';
import { ListUsersQuery } from './queries/list-users.query.js';
import { UserCommands } from './user-commands.js';

/** The administrators' list of users (an address is changed with `setUserEmail`), and committee members' offices. */
@Resolver(() => UserAccountModel)
export class UsersResolver {
  constructor(
    private readonly queries: QueryBus,
    private readonly userCommands: UserCommands,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  @Query(() => [UserAccountModel], { description: '利用者の一覧 (ログイン名順。管理者のみ)' })
  users(@CurrentViewer() viewer: Viewer): Promise<UserAccountModel[]> {
    return this.queries.execute(new ListUsersQuery(viewer));
  }

  @Mutation(() => CommitteeOffice, {
    nullable: true,
    description: '評価検証委員の役職 (理事・評議員・監事) を設定する (管理者。null で削除)。戻り値は設定した役職',
  })
  async setCommitteeOffice(
    @CurrentViewer() viewer: Viewer,
    @Args('loginName', { type: () => String }) loginName: string,
    @Args('office', { type: () => CommitteeOffice, nullable: true }) office?: CommitteeOffice | null,
  ): Promise<CommitteeOffice | null> {
    const user = findUserByLoginName(this.readModels, loginName);
    // the domain refuses non-administrators; an unknown login name is refused the same way (no probing of names)
    await this.userCommands.execute(viewer, user?.userId ?? `unknown-${loginName.slice(0, 64)}`, {
      type: 'SetCommitteeOffice',
      data: { office: (office ?? null) as DomainCommitteeOffice | null },
    });
    return office ?? null;
  }

  @Mutation(() => UserAccountModel, {
    description: '役割を付与する (管理者)。担当職員・部長は計画の部 (organisation の廃止されていない部) を指定する。戻り値は付与後の利用者',
  })
  grantRole(
    @CurrentViewer() viewer: Viewer,
    @Args('loginName', { type: () => String }) loginName: string,
    @Args('role', { type: () => Role }) role: Role,
    @Args('departmentId', { type: () => String, nullable: true }) departmentId?: string | null,
  ): Promise<UserAccountModel> {
    return this.changeRole(viewer, loginName, 'GrantRole', role, departmentId ?? null);
  }

  @Mutation(() => UserAccountModel, { description: '役割を取り消す (管理者)。戻り値は取り消し後の利用者' })
  revokeRole(
    @CurrentViewer() viewer: Viewer,
    @Args('loginName', { type: () => String }) loginName: string,
    @Args('role', { type: () => Role }) role: Role,
    @Args('departmentId', { type: () => String, nullable: true }) departmentId?: string | null,
  ): Promise<UserAccountModel> {
    return this.changeRole(viewer, loginName, 'RevokeRole', role, departmentId ?? null);
  }

  private async changeRole(viewer: Viewer, loginName: string, type: 'GrantRole' | 'RevokeRole', role: Role, departmentId: string | null): Promise<UserAccountModel> {
    const user = findUserByLoginName(this.readModels, loginName);
    // the domain refuses non-administrators; an unknown login name is refused the same way (no probing of names)
    await this.userCommands.execute(viewer, user?.userId ?? `unknown-${loginName.slice(0, 64)}`, {
      type,
      data: { role, departmentId },
    });
    const accounts: UserAccountModel[] = await this.queries.execute(new ListUsersQuery(viewer));
    return accounts.find((a) => a.loginName === loginName)!;
  }
}
