import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('ProjectionStatus', {
  description:
    '読み取りモデルの追いつき状況。起動直後など catchingUp が true の間、一覧や集計の問い合わせはその時点までに反映された内容で答える (更新は記録済み)',
})
export class ProjectionStatusModel {
  @Field(() => String, { description: '読み取りモデルが反映し終えたイベントストア上の位置' })
  position!: string;

  @Field(() => String, { description: 'イベントストアの最新の位置' })
  head!: string;

  @Field(() => Boolean, { description: 'true: 最新の状態に追いついている途中 (position < head)' })
  catchingUp!: boolean;
}
