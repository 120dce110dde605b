import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonModel } from '../../common/models/person.model.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { EvaluationStage, NotificationDelivery, NotificationKind } from '../../graphql/enums.js';

@ObjectType('Notification', { description: 'お知らせ (1人に1件)' })
export class NotificationModel {
  @Field(() => ID)
  id!: string;

  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => String, { description: '日本語の見出し (例: I-001「…」(令和7年度)があなたの対応を待っています)' })
  title!: string;

  @Field(() => String)
  itemId!: string;

  @Field(() => String, { description: '実施項目名' })
  itemName!: string;

  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => EvaluationStage, { description: 'お知らせの時点の段階' })
  stage!: EvaluationStage;

  @Field(() => PersonModel, { nullable: true, description: '操作した人 (期限のお知らせは null)' })
  actor!: PersonModel | null;

  @Field(() => String, { nullable: true, description: '差し戻しの理由' })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: '期限 (JST の日付 YYYY-MM-DD)' })
  dueDate!: string | null;

  @Field(() => Int, { nullable: true, description: '期限まで / 期限を過ぎての日数' })
  days!: number | null;

  @Field(() => DateTimeScalar)
  at!: string;

  @Field(() => Boolean)
  read!: boolean;
}

@ObjectType('NotificationPage', { description: 'お知らせの一覧 (新しい順)' })
export class NotificationPageModel {
  @Field(() => [NotificationModel])
  nodes!: NotificationModel[];

  @Field(() => Int, { description: '未読の件数 (全体)' })
  unreadCount!: number;

  @Field(() => Boolean)
  hasMore!: boolean;

  @Field(() => ID, { nullable: true, description: '次のページの after に渡す値' })
  endCursor!: string | null;
}

@ObjectType('NotificationSettings', { description: '通知設定' })
export class NotificationSettingsModel {
  @Field(() => String, { nullable: true, description: 'メールアドレス (未設定は null)' })
  email!: string | null;

  @Field(() => NotificationDelivery)
  delivery!: NotificationDelivery;

  @Field(() => Int, { description: '期限の何日前に知らせるか' })
  reminderDays!: number;

  @Field(() => Boolean, { description: 'サーバーでメール送信が設定されているか (false: メール送信は設定されていません)' })
  mailEnabled!: boolean;
}
