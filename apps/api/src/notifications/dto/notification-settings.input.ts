import { Field, InputType, Int } from '@nestjs/graphql';
import { NotificationDelivery } from '../../graphql/enums.js';

@InputType({ description: '自分の通知設定 (メールアドレスは空で削除)' })
export class NotificationSettingsInput {
  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => NotificationDelivery)
  delivery!: NotificationDelivery;

  @Field(() => Int)
  reminderDays!: number;
}
