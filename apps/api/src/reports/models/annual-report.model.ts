import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CalendarKey, Direction, EvaluationStage, Grade, TargetKind } from '../../graphql/enums.js';
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

  @Field(() => Int, { description: '期限を超過した実施項目 (lateDays のある行)' })
  late!: number;
}

@ObjectType('ReportDueDate', { description: '報告書に載せる年度の期限の1つ (報告書のログ位置の時点)' })
export class ReportDueDateModel {
  @Field(() => CalendarKey) key!: CalendarKey;
  @Field(() => String, { description: '日本語の名前 (例: 評価検証委員会の審査)' }) label!: string;
  @Field(() => String, { nullable: true, description: '期限 (日本時間の日付 YYYY-MM-DD)。未設定なら null' }) date!: string | null;
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
  @Field(() => String, {
    nullable: true,
    description: '照らし合わせる期限 (日本時間の日付 YYYY-MM-DD): 確定した行は評価検証委員会の審査の期限、それ以外は今の段階の期限',
  })
  dueDate!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '総合評価を確定した日時 (確定した行のみ)' })
  finalizedAt!: string | null;
  @Field(() => Int, {
    nullable: true,
    description: '期限を何日超過したか (日本時間の日数): 期限の後に確定した、または期限を過ぎて未了。超過していなければ null',
  })
  lateDays!: number | null;
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
  @Field(() => [ReportDueDateModel], { description: '年度の期限 (報告書のログ位置の時点、評価ルートの順)' }) calendar!: ReportDueDateModel[];
  @Field(() => DateTimeScalar, {
    description: '未了の行の期限超過を数える基準の日時: 作成日時、position を指定したときはその位置のイベントの記録日時',
  })
  lateAsOf!: string;
  @Field(() => ReportStampModel) stamp!: ReportStampModel;
  @Field(() => String, { description: 'この報告書 (同じログ位置) の Excel をダウンロードする URL (同じセッションで)' })
  xlsxUrl!: string;
}
