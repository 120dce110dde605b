import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonModel } from '../../common/models/person.model.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { EvaluationStage, Grade, TargetKind } from '../../graphql/enums.js';

@ObjectType('BoardEntry', { description: '進行管理ボードの1行: 実施項目 × 年度' })
export class BoardEntryModel {
  @Field(() => ID)
  itemId!: string;

  @Field(() => String)
  itemName!: string;

  @Field(() => String)
  divisionId!: string;

  @Field(() => String)
  divisionName!: string;

  @Field(() => String)
  themeId!: string;

  @Field(() => String, { description: '担当する部' })
  owningDepartmentId!: string;

  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => String, { nullable: true, description: 'この年度の計画段階' })
  plannedStage!: string | null;

  @Field(() => Boolean, { description: '計画の見直しで廃止された項目 (その年度に評価があった場合のみ表示)' })
  retired!: boolean;

  @Field(() => EvaluationStage)
  stage!: EvaluationStage;

  @Field(() => String)
  stageLabel!: string;

  @Field(() => TargetKind, { nullable: true })
  targetKind!: TargetKind | null;

  @Field(() => Grade, { nullable: true, description: '自己評価' })
  selfGrade!: Grade | null;

  @Field(() => Grade, { nullable: true, description: '総合評価(案)' })
  proposedGrade!: Grade | null;

  @Field(() => Grade, { nullable: true, description: '総合評価' })
  finalGrade!: Grade | null;

  @Field(() => Grade, { nullable: true })
  quantitativeGrade!: Grade | null;

  @Field(() => Grade, { nullable: true })
  qualitativeGrade!: Grade | null;

  @Field(() => String, { nullable: true })
  achievementPercent!: string | null;

  @Field(() => Boolean)
  stageLag!: boolean;

  @Field(() => PersonModel, { nullable: true, description: '最後に操作した人' })
  lastActor!: PersonModel | null;

  @Field(() => String, { nullable: true })
  lastActingAs!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastActedAt!: string | null;

  @Field(() => String, { nullable: true, description: '差し戻し中ならその理由' })
  returnedReason!: string | null;

  @Field(() => Boolean, { description: '前の段階がまだ引き戻せる' })
  recallable!: boolean;

  @Field(() => Int, { nullable: true, description: 'expectedVersion に渡す値 (未着手なら null)' })
  version!: number | null;

  @Field(() => String, { nullable: true, description: 'この段階の期限 (日本時間の日付 YYYY-MM-DD; 年度の期限が未設定なら null)' })
  dueDate!: string | null;

  @Field(() => Int, { nullable: true, description: '期限を過ぎた日数 (日本時間の暦日; 0 は期限当日、負なら期限までの残り日数)' })
  overdueDays!: number | null;
}

@ObjectType('Board', { description: '進行管理ボード' })
export class BoardModel {
  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: 'asOf を指定した場合、その時点' })
  asOf!: string | null;

  @Field(() => [BoardEntryModel], { description: '閲覧者が読める実施項目だけ (計画の順)' })
  entries!: BoardEntryModel[];
}

@ObjectType('BoardChange', { description: 'ボードの変化の通知 (読み取りモデルに反映された後に届く)' })
export class BoardChangeModel {
  @Field(() => Int, { nullable: true, description: '変化した年度 (null: 計画の見直しで全年度)' })
  fiscalYear!: number | null;

  @Field(() => ID, { nullable: true, description: '変化した実施項目 (null: 計画の見直し)' })
  itemId!: string | null;

  @Field(() => String, { description: 'イベントの種類' })
  type!: string;

  @Field(() => Int, { nullable: true, description: '評価の新しい version' })
  version!: number | null;

  @Field(() => String, { description: 'イベントストア全体での位置' })
  position!: string;
}
