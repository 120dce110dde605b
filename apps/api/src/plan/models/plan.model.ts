import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { Grade } from '../../graphql/enums.js';
import { ThresholdsModel } from '../../evaluations/models/evaluation.model.js';

@ObjectType({ description: '計画段階 (年度ごと)' })
export class PlannedStageModel {
  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => String, { nullable: true, description: '検討・実施・導入など (なければ null)' })
  stage!: string | null;

  @Field(() => Boolean, { description: '前年度から継続 (矢印・空欄のセル)' })
  continued!: boolean;
}

@ObjectType({ description: '実施項目' })
export class ImplementationItemModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  divisionId!: string;

  @Field(() => String, { description: '主たる (【再掲】でない) 掲載先の取組テーマ' })
  themeId!: string;

  @Field(() => [PlannedStageModel])
  schedule!: PlannedStageModel[];
}

@ObjectType({ description: '取組テーマ内の実施項目の掲載 (【再掲】を含む)' })
export class ItemListingModel {
  @Field(() => ID)
  itemId!: string;

  @Field(() => Boolean, { description: '【再掲】' })
  relisting!: boolean;
}

@ObjectType({ description: '取組テーマ' })
export class ThemeModel {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  number!: number;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: '現状と課題' })
  currentSituation!: string;

  @Field(() => String, { description: '推進目標' })
  goal!: string;

  @Field(() => [ItemListingModel])
  listings!: ItemListingModel[];
}

@ObjectType({ description: '推進項目' })
export class PromotionTopicModel {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  number!: number;

  @Field(() => String)
  name!: string;

  @Field(() => [ThemeModel])
  themes!: ThemeModel[];
}

@ObjectType({ description: '部門' })
export class DivisionModel {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  number!: number;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: '審査する推進会議 (設定を反映)' })
  promotionMeetingId!: string;

  @Field(() => Boolean, {
    description: '計画書に審査機関の記載がなく、設定で決めている (施設・介護サービス部門; 既定は総務推進会議)',
  })
  promotionMeetingConfigurable!: boolean;

  @Field(() => [PromotionTopicModel])
  topics!: PromotionTopicModel[];
}

@ObjectType({ description: '審査機関 (推進体制)' })
export class ReviewBodyModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'PromotionMeeting / ManagersMeeting / EvaluationCommittee' })
  kind!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: '議長' })
  chair!: string | null;

  @Field(() => String, { description: '構成' })
  members!: string;

  @Field(() => [String], { description: '役割' })
  roles!: string[];

  @Field(() => String, { nullable: true })
  departmentId!: string | null;

  @Field(() => Boolean, { description: '廃止された会議体 (名前は記録のため残る。新たには使えない)' })
  retired!: boolean;
}

@ObjectType({ description: '部' })
export class DepartmentModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean, { description: '廃止された部 (名前は記録のため残る。役割の付与などには使えない)' })
  retired!: boolean;
}

@ObjectType({ description: '評価区分 (第3章)' })
export class GradeBandModel {
  @Field(() => Grade)
  grade!: Grade;

  @Field(() => String)
  label!: string;

  @Field(() => Float, { nullable: true, description: '定量: 達成率の下限 % (D は null)' })
  minPercent!: number | null;

  @Field(() => String)
  quantitativeRule!: string;

  @Field(() => String)
  qualitativeRule!: string;
}

@ObjectType({ description: '評価の考え方 (第3章)' })
export class EvaluationRulesModel {
  @Field(() => String)
  quantitative!: string;

  @Field(() => String)
  qualitative!: string;

  @Field(() => String)
  overall!: string;

  @Field(() => [GradeBandModel])
  bands!: GradeBandModel[];
}

@ObjectType({ description: '開始された年度と、その年度の定量評価の基準' })
export class FiscalYearModel {
  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => String, { description: '例: 令和7年度(2025年度)' })
  label!: string;

  @Field(() => ThresholdsModel)
  thresholds!: ThresholdsModel;

  @Field(() => DateTimeScalar)
  openedAt!: string;
}

@ObjectType({ description: '計画の見直し' })
export class PlanRevisionModel {
  @Field(() => String, { description: 'イベントの種類 (PlanItemRenamed, ThemeRenamed, PlanItemMoved など)' })
  type!: string;

  @Field(() => String, { description: '見直しの種類 (例: 取組テーマの名称変更)' })
  label!: string;

  @Field(() => ID, { description: '見直しの対象 (実施項目・部・会議体・部門などのID)' })
  subjectId!: string;

  @Field(() => String, { description: '見直した階層: division (部門) / topic (推進項目) / theme (取組テーマ) / item (実施項目) / listing (【再掲】)' })
  level!: string;

  @Field(() => ID, { description: '見直した部門・推進項目・取組テーマ・実施項目のID (【再掲】は取組テーマ)' })
  id!: string;

  @Field(() => ID, { nullable: true, description: '実施項目と【再掲】の見直し: その実施項目' })
  itemId!: string | null;

  @Field(() => String)
  reason!: string;

  @Field(() => String, { description: '承認した会議・人' })
  approvedBy!: string;

  @Field(() => DateTimeScalar)
  at!: string;
}

@ObjectType('PlanPeriod', { description: '計画期間 (中期経営計画ひとつ分)。古い順で、最後が現在の計画' })
export class PlanPeriodModel {
  @Field(() => Int)
  periodFrom!: number;

  @Field(() => Int)
  periodTo!: number;

  @Field(() => String)
  title!: string;

  @Field(() => Boolean, { description: '現在の計画期間 (見直しはこの期間に記録される)' })
  current!: boolean;
}

@ObjectType('PlanPeriodOpening', { description: '二期目以降の計画期間を開始した記録' })
export class PlanPeriodOpeningModel {
  @Field(() => String)
  reason!: string;

  @Field(() => String, { description: '承認した会議・人' })
  approvedBy!: string;

  @Field(() => DateTimeScalar)
  at!: string;
}

@ObjectType('Plan', { description: '中期経営計画 (計画カタログ)' })
export class PlanModel {
  @Field(() => String)
  title!: string;

  @Field(() => Int)
  periodFrom!: number;

  @Field(() => Int)
  periodTo!: number;

  @Field(() => String, { description: '出典' })
  source!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'asOf を指定した場合、その時点の計画' })
  asOf!: string | null;

  @Field(() => [DepartmentModel])
  departments!: DepartmentModel[];

  @Field(() => [ReviewBodyModel])
  reviewBodies!: ReviewBodyModel[];

  @Field(() => [DivisionModel])
  divisions!: DivisionModel[];

  @Field(() => [ImplementationItemModel])
  items!: ImplementationItemModel[];

  @Field(() => EvaluationRulesModel)
  evaluationRules!: EvaluationRulesModel;

  @Field(() => [PlanRevisionModel], { description: '計画の見直しの記録 (この時点まで、この計画期間の)' })
  revisions!: PlanRevisionModel[];

  @Field(() => PlanPeriodOpeningModel, { nullable: true, description: 'この計画期間を開始した記録 (最初の計画では null)' })
  opened!: PlanPeriodOpeningModel | null;

  @Field(() => Boolean, { description: '現在の計画期間か (false: 終了した計画期間)' })
  current!: boolean;
}
