import { Args, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { ValidationError } from '@hyoka/domain';
import { findUserById, findUserByLoginName, markNotificationsRead, notificationsOf, unreadCount, type ReadModels } from '@hyoka/projections';
import type { RequestContext, Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { PUB_SUB, READ_MODELS } from '../tokens.js';
import { UserCommands } from '../users/user-commands.js';
import { NotificationSettingsInput } from './dto/notification-settings.input.js';
import { NotificationModel, NotificationPageModel, NotificationSettingsModel } from './models/notification.model.js';
import { NOTIFICATION_ADDED, NotificationsService, type NotificationEvents } from './notifications.service.js';

type Added = NotificationModel & { recipient: string };

@Resolver(() => NotificationModel)
export class NotificationsResolver {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(PUB_SUB) private readonly pubSub: NotificationEvents,
    private readonly service: NotificationsService,
    private readonly users: UserCommands,
  ) {}

  @Query(() => NotificationPageModel, { description: '自分へのお知らせ (新しい順)。unreadOnly で未読だけ' })
  notifications(
    @CurrentViewer() viewer: Viewer,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => ID, nullable: true }) after?: string | null,
    @Args('unreadOnly', { type: () => Boolean, nullable: true }) unreadOnly?: boolean | null,
  ): NotificationPageModel {
    const size = first ?? 20;
    if (!Number.isInteger(size) || size < 1 || size > 100) throw new ValidationError('「first」は 1〜100 の整数で指定してください');
    const page = notificationsOf(this.readModels, viewer.userId, { first: size, after: after ?? null, unreadOnly: unreadOnly ?? false });
    return {
      nodes: page.rows.map((row) => this.service.toModel(row)),
      unreadCount: page.unreadCount,
      hasMore: page.hasMore,
      endCursor: page.rows.at(-1)?.id ?? null,
    };
  }

  @Mutation(() => Int, { description: 'お知らせを既読にする (ids か all: true のどちらか)。戻り値は残りの未読件数' })
  markNotificationsRead(
    @CurrentViewer() viewer: Viewer,
    @Args('ids', { type: () => [ID], nullable: true }) ids?: string[] | null,
    @Args('all', { type: () => Boolean, nullable: true }) all?: boolean | null,
  ): number {
    if ((ids == null) === (all !== true)) throw new ValidationError('既読にするお知らせ (ids) か、すべて (all: true) のどちらか一方を指定してください');
    if (ids && ids.length > 500) throw new ValidationError('一度に既読にできるお知らせは500件までです');
    markNotificationsRead(this.readModels, viewer.userId, all ? null : ids!, new Date().toISOString());
    return unreadCount(this.readModels, viewer.userId);
  }

  @Subscription(() => NotificationModel, {
    description: '自分へのお知らせが届いたとき (読み取りモデルに反映された後)',
    filter: (message: Added, _variables: unknown, context: RequestContext) => context.viewer?.userId === message.recipient,
    resolve: ({ recipient: _recipient, ...notification }: Added) => notification,
  })
  notificationAdded(@CurrentViewer() _viewer: Viewer): AsyncIterableIterator<Added> {
    return this.pubSub.asyncIterableIterator<Added>(NOTIFICATION_ADDED);
  }

  @Query(() => NotificationSettingsModel, { description: '自分の通知設定' })
  notificationSettings(@CurrentViewer() viewer: Viewer): NotificationSettingsModel {
    return this.settingsOf(viewer.userId);
  }

  @Mutation(() => NotificationSettingsModel, { description: '自分の通知設定 (メールアドレス、即時 / 1日1回のまとめ、期限の何日前) を変更する' })
  async changeNotificationSettings(@CurrentViewer() viewer: Viewer, @Args('input') input: NotificationSettingsInput): Promise<NotificationSettingsModel> {
    await this.users.execute(viewer, viewer.userId, { type: 'ChangeUserEmail', data: { email: input.email ?? null } });
    await this.users.execute(viewer, viewer.userId, {
      type: 'ChangeNotificationPreferences',
      data: { delivery: input.delivery, reminderDays: input.reminderDays },
    });
    return this.settingsOf(viewer.userId);
  }

  @Mutation(() => String, { nullable: true, description: '利用者のメールアドレスを設定する (管理者。空で削除)。戻り値は設定後のアドレス' })
  async setUserEmail(
    @CurrentViewer() viewer: Viewer,
    @Args('loginName', { type: () => String }) loginName: string,
    @Args('email', { type: () => String, nullable: true }) email?: string | null,
  ): Promise<string | null> {
    const user = findUserByLoginName(this.readModels, loginName);
    // the domain refuses non-administrators; an unknown login name is refused the same way (no probing of names)
    await this.users.execute(viewer, user?.userId ?? `unknown-${loginName.slice(0, 64)}`, { type: 'ChangeUserEmail', data: { email: email ?? null } });
    return findUserByLoginName(this.readModels, loginName)?.email ?? null;
  }

  private settingsOf(userId: string): NotificationSettingsModel {
    const user = findUserById(this.readModels, userId);
    return {
      email: user?.email ?? null,
      delivery: user?.notifications.delivery ?? 'immediate',
      reminderDays: user?.notifications.reminderDays ?? 3,
      mailEnabled: this.service.mailEnabled,
    };
  }
}
