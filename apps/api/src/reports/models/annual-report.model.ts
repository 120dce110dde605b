import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Direction, EvaluationStage, Grade, TargetKind } from '../../graphql/enums.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { GradeCountsModel } from '../../plan/models/grade-summary.model.js';

@ObjectType('ReportStamp', { description: '報告書の刻印: 表示したデータのログ位置とダイジェスト (後日ログと照合できる)' })
export class ReportStampModel {
  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => DateTimeScalar, { description: '作成日時 (UTC)' })
  generatedAt!: string;

  @Field(() => String, { description: 'このログ位置までのイベントから作成した (作成時のストアの先頭)' })
  position!: string;

  @Field(() => String, { description: 'その位置までのログのダイジェスト hyoka-log:v1:<位置>:<件数>:<hex>' })
  digest!: string;

  @Field(() => String, { description: 'ダイジェストをログと照合するコマンド' })
  verifyCommand!: string;
}

@ObjectType('ReportSummary', { description: '総括: 部門ごとの件数' })
export class ReportSummaryModel {
  @Field(() => ID, { description: '部門ID (全体の合計では空)' })
  divisionId!: string;

  @Field(() => String)
  divisionName!: string;

  @Field(() => String)
  owningDepartmentId!: string;

  @Field(() => String)
  owningDepartmentName!: string;

  @Field(() => Int) items!: number;
  @Field(() => Int) notStarted!: number;
  @Field(() => Int, { description: '作成中〜評価検証委員会審査' }) inProgress!: number;
  @Field(() => Int) finalized!: number;

  @Field(() => GradeCountsModel, { description: '確定した総合評価' })
  finalGrades!: GradeCountsModel;

  @Field(() => GradeCountsModel, { description: '自己評価' })
  selfGrades!: GradeCountsModel;
}

@ObjectType('ReportRow', { description: '報告書の1行: 年度の実施項目' })
export class ReportRowModel {
  @Field(() => ID) itemId!: string;
  @Field(() => String) itemName!: string;
  @Field(() => ID) divisionId!: string;
  @Field(() => String) divisionName!: string;
  @Field(() => String, { description: '推進項目 例: (1) …' }) promotionTopic!: string;
  @Field(() => String, { description: '取組テーマ 例: ① …' }) theme!: string;
  @Field(() => String, { nullable: true }) plannedStage!: string | null;
  @Field(() => String, { nullable: true }) actualStage!: string | null;
  @Field(() => Boolean) stageLag!: boolean;
  @Field(() => TargetKind, { nullable: true }) targetKind!: TargetKind | null;
  @Field(() => String, { nullable: true, description: '定量: 目標と単位' }) target!: string | null;
  @Field(() => Direction, { nullable: true }) direction!: Direction | null;
  @Field(() => String, { nullable: true }) actual!: string | null;
  @Field(() => String, { nullable: true }) achievementPercent!: string | null;
  @Field(() => Grade, { nullable: true }) quantitativeGrade!: Grade | null;
  @Field(() => Grade, { nullable: true }) qualitativeGrade!: Grade | null;
  @Field(() => Grade, { nullable: true }) selfGrade!: Grade | null;
  @Field(() => Grade, { nullable: true }) proposedGrade!: Grade | null;
  @Field(() => String, { nullable: true }) proposedReason!: string | null;
  @Field(() => Grade, { nullable: true }) finalGrade!: Grade | null;
  @Field(() => String, { nullable: true }) finalRationale!: string | null;
  @Field(() => EvaluationStage) stage!: EvaluationStage;
  @Field(() => String) stageLabel!: string;
  @Field(() => Boolean) retired!: boolean;
}

@ObjectType('ReportDivision', { description: '報告書の部門: 総括と行' })
export class ReportDivisionModel {
  @Field(() => ReportSummaryModel)
  summary!: ReportSummaryModel;

  @Field(() => [ReportRowModel])
  rows!: ReportRowModel[];
}

@ObjectType('AnnualReport', { description: '年度評価報告書 (部門別または全部門)。1つのログ位置の時点のデータ' })
export class AnnualReportModel {
  @Field(() => String) title!: string;
  @Field(() => String, { description: '部門名、または 全部門' }) scopeLabel!: string;
  @Field(() => Int) fiscalYear!: number;
  @Field(() => String) fiscalYearLabel!: string;
  @Field(() => ID, { nullable: true, description: 'null: 全部門' }) divisionId!: string | null;
  @Field(() => [ReportDivisionModel]) divisions!: ReportDivisionModel[];
  @Field(() => ReportSummaryModel, { description: '合計' }) total!: ReportSummaryModel;
  @Field(() => ReportStampModel) stamp!: ReportStampModel;
  @Field(() => String, { description: 'この報告書 (同じログ位置) の Excel をダウンロードする URL (同じセッションで)' })
  xlsxUrl!: string;
}
