import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Direction, EvaluationStage, RoutePhase, TargetKind } from '../../graphql/enums.js';

@ObjectType('ProgressCell', { description: 'ある段階にいる実施項目' })
export class ProgressCellModel {
  @Field(() => EvaluationStage)
  stage!: EvaluationStage;

  @Field(() => String)
  stageLabel!: string;

  @Field(() => RoutePhase)
  phase!: RoutePhase;

  @Field(() => Int)
  count!: number;

  @Field(() => String, { nullable: true, description: 'この段階の期限 (JST の日付 YYYY-MM-DD、未設定なら null)' })
  dueDate!: string | null;

  @Field(() => Int, { description: '期限を過ぎている件数' })
  overdueCount!: number;

  @Field(() => [ID], { description: 'この段階の実施項目 (ドリルダウン用)' })
  itemIds!: string[];

  @Field(() => [ID], { description: '期限を過ぎている実施項目' })
  overdueItemIds!: string[];
}

@ObjectType('ProgressPhase', { description: '段階のまとまり (計画 / 自己評価 / 審査 / 確定)' })
export class ProgressPhaseModel {
  @Field(() => RoutePhase)
  phase!: RoutePhase;

  @Field(() => String)
  label!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => Int)
  overdueCount!: number;

  @Field(() => [ProgressCellModel], { description: '経路の順の段階 (未着手を含む)' })
  stages!: ProgressCellModel[];
}

@ObjectType('ProgressGroup', { description: '部ごと (departmentId が null なら計画全体) の進捗' })
export class ProgressGroupModel {
  @Field(() => String, { nullable: true })
  departmentId!: string | null;

  @Field(() => String)
  departmentName!: string;

  @Field(() => Int)
  itemCount!: number;

  @Field(() => Int)
  overdueCount!: number;

  @Field(() => [ProgressPhaseModel])
  phases!: ProgressPhaseModel[];
}

@ObjectType('ProgressItem', { description: 'ドリルダウンに表示する実施項目' })
export class ProgressItemModel {
  @Field(() => ID)
  itemId!: string;

  @Field(() => String)
  itemName!: string;

  @Field(() => String)
  divisionName!: string;

  @Field(() => String)
  owningDepartmentId!: string;

  @Field(() => EvaluationStage)
  stage!: EvaluationStage;
}

@ObjectType('Progress', { description: '年度の進捗: 段階ごとの件数 (計画全体と部ごと)' })
export class ProgressModel {
  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => ProgressGroupModel, { description: '計画全体 (閲覧できる実施項目のみ)' })
  total!: ProgressGroupModel;

  @Field(() => [ProgressGroupModel], { description: '閲覧できる部ごと' })
  departments!: ProgressGroupModel[];

  @Field(() => [ProgressItemModel], { description: '集計した実施項目 (文書の順)' })
  items!: ProgressItemModel[];
}

@ObjectType('ItemTrendYear', { description: '実施項目の1年度: 単年度計画の数値目標と実績' })
export class ItemTrendYearModel {
  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => EvaluationStage)
  stage!: EvaluationStage;

  @Field(() => String)
  stageLabel!: string;

  @Field(() => TargetKind, { nullable: true })
  targetKind!: TargetKind | null;

  @Field(() => String, { nullable: true, description: '数値目標 (定量のみ)' })
  target!: string | null;

  @Field(() => String, { nullable: true, description: '実績 (定量のみ)' })
  actual!: string | null;

  @Field(() => String, { nullable: true })
  unit!: string | null;

  @Field(() => Direction, { nullable: true })
  direction!: Direction | null;

  @Field(() => String, { nullable: true })
  achievementPercent!: string | null;
}

@ObjectType('ItemTrend', { description: '実施項目の計画期間の数値目標と実績の推移' })
export class ItemTrendModel {
  @Field(() => ID)
  itemId!: string;

  @Field(() => String)
  itemName!: string;

  @Field(() => [ItemTrendYearModel], { description: '計画期間の各年度 (古い順)' })
  years!: ItemTrendYearModel[];
}
