import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../graphql/scalars.js';

@ObjectType('DeadLetter', {
  description:
    '読み取りモデルに反映できなかったイベント (デッドレター)。他のイベントの反映は続いている。原因を直して読み取りモデルを再構築すると解消する',
})
export class DeadLetterModel {
  @Field(() => String, { description: '反映できなかった読み取りモデル (board, inbox, history …)' })
  projection!: string;

  @Field(() => String, { description: 'イベントストア全体での位置' })
  position!: string;

  @Field(() => ID)
  eventId!: string;

  @Field(() => String)
  stream!: string;

  @Field(() => String, { description: 'イベントの種類' })
  type!: string;

  @Field(() => String, { description: '反映できなかった理由 (エラー)' })
  error!: string;

  @Field(() => DateTimeScalar, { description: '反映に失敗した日時' })
  failedAt!: string;
}
