import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonModel } from '../../common/models/person.model.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { EvaluationAction, EvaluationStage } from '../../graphql/enums.js';

@ObjectType('InboxItem', { description: '受信箱の1件: 閲覧者の対応を待っている評価' })
export class InboxItemModel {
  @Field(() => ID)
  itemId!: string;

  @Field(() => String)
  itemName!: string;

  @Field(() => String)
  divisionId!: string;

  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => EvaluationStage)
  stage!: EvaluationStage;

  @Field(() => EvaluationAction, { description: '待っている操作 (例: ApproveEvaluation)' })
  action!: EvaluationAction;

  @Field(() => String, { description: '操作の日本語表示 (例: 承認)' })
  actionLabel!: string;

  @Field(() => String, { description: 'どの立場で対応するか' })
  actingAs!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'この段階で待っている起点 (未着手なら null)' })
  since!: string | null;

  @Field(() => Int, { nullable: true, description: 'expectedVersion に渡す値 (未着手なら null)' })
  version!: number | null;

  @Field(() => String, { nullable: true, description: '差し戻されて来た場合、その理由' })
  returnedReason!: string | null;

  @Field(() => [PersonModel], { description: 'この実施項目の担当者' })
  assignees!: PersonModel[];

  @Field(() => Boolean, { description: '閲覧者が担当者の一人か (自分の担当)' })
  mine!: boolean;

  @Field(() => String, { nullable: true, description: 'この段階の期限 (日本時間の日付 YYYY-MM-DD; 年度の期限が未設定なら null)' })
  dueDate!: string | null;

  @Field(() => Int, { nullable: true, description: '期限を過ぎた日数 (日本時間の暦日; 0 は期限当日、負なら期限までの残り日数)' })
  overdueDays!: number | null;
}

@ObjectType('InboxGroup', { description: '受信箱の段階ごとのまとまり' })
export class InboxGroupModel {
  @Field(() => EvaluationStage)
  stage!: EvaluationStage;

  @Field(() => String)
  stageLabel!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => [InboxItemModel])
  items!: InboxItemModel[];
}

@ObjectType('Inbox', { description: '受信箱: 閲覧者の対応を待っている評価 (評価ルートの順)' })
export class InboxModel {
  @Field(() => Int)
  total!: number;

  @Field(() => [InboxGroupModel])
  groups!: InboxGroupModel[];

  @Field(() => [InboxItemModel], {
    description: '作業の順: 差し戻されたもの (理由つき) → 自分の担当 → 部のそのほか。それぞれの中は sort の順',
  })
  items!: InboxItemModel[];
}
