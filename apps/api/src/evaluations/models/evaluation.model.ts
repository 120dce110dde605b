import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonModel } from '../../common/models/person.model.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import {
  Direction,
  EvaluationAction,
  EvaluationStage,
  Grade,
  RouteAction,
  TargetKind,
  EditionKind,
  MeetingBody,
} from '../../graphql/enums.js';

@ObjectType('GradeView', { description: '評価区分と日本語ラベル' })
export class GradeViewModel {
  @Field(() => Grade)
  grade!: Grade;

  @Field(() => String, { description: '計画通り / ほぼ計画通り / やや遅れている / 遅れている' })
  label!: string;
}

@ObjectType('AnnualTarget', { description: '単年度計画 (目標): 定量なら目標値・単位・向き' })
export class AnnualTargetModel {
  @Field(() => TargetKind)
  kind!: TargetKind;

  @Field(() => String, { nullable: true, description: '目標値 (10進数の文字列, 定量のみ)' })
  target!: string | null;

  @Field(() => String, { nullable: true, description: '単位 (例: 回)' })
  unit!: string | null;

  @Field(() => Direction, { nullable: true })
  direction!: Direction | null;
}

@ObjectType('ApprovedPlan', { description: '承認済みの単年度計画 (計画第n版)。承認で固定され、変更は計画変更として再承認される' })
export class ApprovedPlanModel {
  @Field(() => Int, { description: '計画の版 (計画第n版)。0 は承認制度以前に設定された目標' })
  planEdition!: number;

  @Field(() => AnnualTargetModel, { description: '評価の方法と目標' })
  target!: AnnualTargetModel;

  @Field(() => String, { nullable: true, description: '取組内容' })
  actions!: string | null;

  @Field(() => PersonModel, { nullable: true, description: '承認した部長 (承認制度以前の目標は null)' })
  approvedBy!: PersonModel | null;

  @Field(() => DateTimeScalar, { nullable: true })
  approvedAt!: string | null;

  @Field(() => String, { nullable: true, description: '前の版からの変更理由 (第1版は null)' })
  reason!: string | null;

  @Field(() => Boolean, { description: '承認制度以前に設定された目標 (未承認)' })
  legacy!: boolean;
}

@ObjectType('PlanDraft', { description: '作成中・承認待ちの単年度計画、または承認待ちの計画変更 (理由つき)' })
export class PlanDraftModel {
  @Field(() => AnnualTargetModel)
  target!: AnnualTargetModel;

  @Field(() => String, { nullable: true, description: '取組内容' })
  actions!: string | null;

  @Field(() => String, { nullable: true, description: '計画変更の理由 (最初の計画では null)' })
  reason!: string | null;

  @Field(() => PersonModel)
  by!: PersonModel;

  @Field(() => DateTimeScalar)
  at!: string;
}

@ObjectType('Thresholds', { description: '定量評価の基準 (年度ごとの達成率の下限 %)' })
export class ThresholdsModel {
  @Field(() => Float)
  A!: number;

  @Field(() => Float)
  B!: number;

  @Field(() => Float)
  C!: number;
}

@ObjectType('Narrative', { description: '実績・成果 / 課題 / 次年度の方向性' })
export class NarrativeModel {
  @Field(() => String, { nullable: true })
  achievements!: string | null;

  @Field(() => String, { nullable: true })
  issues!: string | null;

  @Field(() => String, { nullable: true })
  nextYear!: string | null;
}

@ObjectType('SelfEvaluation', { description: '自己評価' })
export class SelfEvaluationModel {
  @Field(() => Int, { nullable: true, description: '定量評価に使った単年度計画の版 (計画第n版; 承認制度以前の目標なら null)' })
  planEdition!: number | null;

  @Field(() => String, { nullable: true, description: '実績値 (定量のみ)' })
  actual!: string | null;

  @Field(() => Grade, { nullable: true, description: '定量評価 (実績と目標から計算)' })
  quantitativeGrade!: Grade | null;

  @Field(() => String, { nullable: true, description: '達成率 % (小数2桁で切り捨て)' })
  achievementPercent!: string | null;

  @Field(() => ThresholdsModel, { nullable: true, description: '定量評価の計算に使った基準' })
  thresholds!: ThresholdsModel | null;

  @Field(() => Grade, { nullable: true, description: '定性評価' })
  qualitativeGrade!: Grade | null;

  @Field(() => String, { nullable: true, description: '計画段階 (保存時の計画)' })
  plannedStage!: string | null;

  @Field(() => String, { nullable: true, description: '実績の段階' })
  actualStage!: string | null;

  @Field(() => Boolean, { nullable: true, description: '計画段階に到達したか' })
  plannedStageReached!: boolean | null;

  @Field(() => Boolean, { description: '計画段階との乖離あり' })
  stageLag!: boolean;

  @Field(() => NarrativeModel)
  narrative!: NarrativeModel;

  @Field(() => [String], { description: '根拠資料のリンク' })
  evidenceLinks!: string[];
}

@ObjectType('SessionRecord', { description: 'この決定を行った会議と、そのときの出席者' })
export class SessionRecordModel {
  @Field(() => ID)
  meetingId!: string;

  @Field(() => MeetingBody)
  body!: MeetingBody;

  @Field(() => [PersonModel], { description: '出席者 (決定のときに記録されていたもの)' })
  attendees!: PersonModel[];
}

@ObjectType('Hearing', { description: '聞き取り (評価検証委員会が担当部から)' })
export class HearingModel {
  @Field(() => Int)
  number!: number;

  @Field(() => ID, { description: '聞き取りの相手の部' })
  departmentId!: string;

  @Field(() => String)
  departmentName!: string;

  @Field(() => [String], { description: '聞き取りの相手 (氏名)' })
  people!: string[];

  @Field(() => String, { description: '聞き取りの日 (日本時間, YYYY-MM-DD)' })
  heardOn!: string;

  @Field(() => String)
  summary!: string;

  @Field(() => ID, { nullable: true, description: '聞き取りを行った評価検証委員会の会議' })
  meetingId!: string | null;

  @Field(() => PersonModel)
  by!: PersonModel;

  @Field(() => DateTimeScalar)
  at!: string;
}

@ObjectType('RouteStep', { description: '評価ルート上の1つの移動 (提出・承認・差し戻し…)' })
export class RouteStepModel {
  @Field(() => RouteAction)
  action!: RouteAction;

  @Field(() => EvaluationStage)
  from!: EvaluationStage;

  @Field(() => EvaluationStage)
  to!: EvaluationStage;

  @Field(() => PersonModel)
  by!: PersonModel;

  @Field(() => String, { description: '立場 (例: DepartmentHead@部のID)' })
  actingAs!: string;

  @Field(() => String, { description: '立場の日本語表示 (例: 部長(総務部))' })
  actingAsLabel!: string;

  @Field(() => DateTimeScalar)
  at!: string;

  @Field(() => String, { nullable: true, description: '理由 (差し戻し・再開など)' })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: '一括承認の識別子' })
  batchId!: string | null;

  @Field(() => SessionRecordModel, { nullable: true, description: 'この決定を行った会議 (会議中の決定のみ)' })
  meeting!: SessionRecordModel | null;
}

@ObjectType('CommentReply', { description: 'コメントへの返信' })
export class CommentReplyModel {
  @Field(() => Int, { description: '返信先のコメントの番号' })
  commentNumber!: number;

  @Field(() => String)
  text!: string;

  @Field(() => PersonModel)
  by!: PersonModel;

  @Field(() => String)
  actingAs!: string;

  @Field(() => String)
  actingAsLabel!: string;

  @Field(() => DateTimeScalar)
  at!: string;
}

@ObjectType('EvaluationOpinion', { description: '意見 (推進会議の委員の課題整理・意見出し)' })
export class EvaluationOpinionModel {
  @Field(() => Int)
  number!: number;

  @Field(() => EvaluationStage)
  stage!: EvaluationStage;

  @Field(() => String)
  text!: string;

  @Field(() => PersonModel)
  by!: PersonModel;

  @Field(() => String)
  actingAs!: string;

  @Field(() => String)
  actingAsLabel!: string;

  @Field(() => DateTimeScalar)
  at!: string;
}

@ObjectType('EvaluationComment', { description: 'コメント (返信とあわせてスレッドになる)' })
export class EvaluationCommentModel {
  @Field(() => Int)
  number!: number;

  @Field(() => EvaluationStage)
  stage!: EvaluationStage;

  @Field(() => String)
  text!: string;

  @Field(() => PersonModel)
  by!: PersonModel;

  @Field(() => String)
  actingAs!: string;

  @Field(() => String)
  actingAsLabel!: string;

  @Field(() => DateTimeScalar)
  at!: string;

  @Field(() => [CommentReplyModel], { description: 'このコメントへの返信 (古い順)' })
  replies!: CommentReplyModel[];
}

@ObjectType('EvaluationContent', { description: '版の内容' })
export class EvaluationContentModel {
  @Field(() => AnnualTargetModel, { nullable: true })
  target!: AnnualTargetModel | null;

  @Field(() => SelfEvaluationModel, { nullable: true })
  selfEvaluation!: SelfEvaluationModel | null;

  @Field(() => Grade, { nullable: true, description: '総合評価(案)' })
  proposedGrade!: Grade | null;

  @Field(() => String, { nullable: true, description: '総合評価(案)の変更理由' })
  proposedReason!: string | null;

  @Field(() => Grade, { nullable: true, description: '総合評価' })
  overallGrade!: Grade | null;

  @Field(() => String, { nullable: true, description: '総合評価の根拠' })
  rationale!: string | null;

  @Field(() => String, { nullable: true, description: '総合評価の変更理由' })
  finalReason!: string | null;
}

@ObjectType('EvaluationEdition', { description: '版: 提出・総合評価(案)・総合評価の各時点の内容。差し戻し後も残る' })
export class EvaluationEditionModel {
  @Field(() => Int, { description: '1 から始まる版番号 (第n版)' })
  edition!: number;

  @Field(() => EditionKind)
  kind!: EditionKind;

  @Field(() => PersonModel)
  by!: PersonModel;

  @Field(() => DateTimeScalar)
  at!: string;

  @Field(() => EvaluationContentModel)
  content!: EvaluationContentModel;
}

@ObjectType('EditionDifference', { description: '2つの版の差分 (項目ごと)' })
export class EditionDifferenceModel {
  @Field(() => String, { description: '項目のパス (例: selfEvaluation.actual)' })
  field!: string;

  @Field(() => String, { description: '項目名 (例: 実績値)' })
  label!: string;

  @Field(() => String, { nullable: true, description: '前の版の値 (表示用テキスト)' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: '後の版の値 (表示用テキスト)' })
  after!: string | null;
}

@ObjectType('HistoryEntry', { description: '評価の履歴の1行: この評価に記録されたすべてのイベント' })
export class HistoryEntryModel {
  @Field(() => Int, { description: 'ストリーム内の順番 (0 から)' })
  revision!: number;

  @Field(() => String, { description: 'イベントストア全体での位置 (監査ログと照合できる)' })
  position!: string;

  @Field(() => String, { description: 'イベントの種類 (例: EvaluationSubmitted)' })
  type!: string;

  @Field(() => String, { description: '何が起きたか (日本語)' })
  summary!: string;

  @Field(() => PersonModel, { description: '誰が (表示名は記録した時点のもの)' })
  by!: PersonModel;

  @Field(() => String, { nullable: true, description: 'どの立場で (例: DepartmentHead@部のID)' })
  actingAs!: string | null;

  @Field(() => String, { nullable: true, description: '立場の日本語表示 (例: 部長(総務部))' })
  actingAsLabel!: string | null;

  @Field(() => DateTimeScalar, { description: 'いつ (操作の時刻)' })
  at!: string;

  @Field(() => DateTimeScalar, { description: '記録された時刻' })
  recordedAt!: string;

  @Field(() => EvaluationStage)
  stageBefore!: EvaluationStage;

  @Field(() => EvaluationStage)
  stageAfter!: EvaluationStage;

  @Field(() => String, { nullable: true, description: '理由 (差し戻し・再開・評価の変更)' })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: 'コメント本文' })
  comment!: string | null;

  @Field(() => Int, { nullable: true, description: 'このイベントで作られた版の番号' })
  editionNumber!: number | null;
}

@ObjectType('ItemSummary', { description: '実施項目の要約' })
export class ItemSummaryModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  divisionId!: string;

  @Field(() => String, { description: '部門名' })
  divisionName!: string;

  @Field(() => String, { description: '担当する部' })
  owningDepartmentId!: string;

  @Field(() => String)
  owningDepartmentName!: string;

  @Field(() => String, { description: '審査する推進会議' })
  promotionMeetingId!: string;

  @Field(() => String)
  promotionMeetingName!: string;

  @Field(() => String, { nullable: true, description: 'この年度の計画段階' })
  plannedStage!: string | null;
}

@ObjectType('EvidenceFile', { description: '根拠資料ファイル (内容の SHA-256 で保存; イベントに記録される)' })
export class EvidenceFileModel {
  @Field(() => String, { description: 'ファイルの SHA-256 (16進数64桁)' })
  fileId!: string;

  @Field(() => String, { description: '添付したときのファイル名' })
  name!: string;

  @Field(() => String, { description: '内容から判定した種類 (例: application/pdf)' })
  mediaType!: string;

  @Field(() => Float, { description: '大きさ (バイト)' })
  size!: number;

  @Field(() => PersonModel)
  by!: PersonModel;

  @Field(() => DateTimeScalar)
  at!: string;

  @Field(() => String, { description: 'ダウンロードの URL (GET /evidence/<itemId>/<fiscalYear>/<fileId>; 評価を閲覧できる人のみ)' })
  url!: string;
}

@ObjectType('EvidenceLists', { description: '根拠資料ファイル (単年度計画 / 自己評価)' })
export class EvidenceListsModel {
  @Field(() => [EvidenceFileModel])
  plan!: EvidenceFileModel[];

  @Field(() => [EvidenceFileModel])
  selfEvaluation!: EvidenceFileModel[];
}

@ObjectType('Evaluation', { description: '評価 (実施項目 × 年度)' })
export class EvaluationModel {
  @Field(() => ID)
  itemId!: string;

  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => ItemSummaryModel)
  item!: ItemSummaryModel;

  @Field(() => Int, {
    nullable: true,
    description: '最後のイベントの revision (未着手なら null)。変更のたびに増える。mutation の expectedVersion にそのまま渡す',
  })
  version!: number | null;

  @Field(() => EvaluationStage)
  stage!: EvaluationStage;

  @Field(() => String, { description: '段階の日本語表示' })
  stageLabel!: string;

  @Field(() => AnnualTargetModel, { nullable: true, description: '承認済みの単年度計画の目標 (自己評価はこれで判定される)' })
  target!: AnnualTargetModel | null;

  @Field(() => ApprovedPlanModel, { nullable: true, description: '承認済みの単年度計画 (最新の版)' })
  plan!: ApprovedPlanModel | null;

  @Field(() => PlanDraftModel, { nullable: true, description: '作成中・承認待ちの計画、または承認待ちの計画変更' })
  planDraft!: PlanDraftModel | null;

  @Field(() => Int, { description: '承認された計画の版の数 (planHistory の全件数)' })
  planEditionCount!: number;

  @Field(() => Int, { nullable: true, description: '自己評価の判定に使った計画の版 (計画第n版)' })
  gradedPlanEdition!: number | null;

  @Field(() => SelfEvaluationModel, { nullable: true })
  selfEvaluation!: SelfEvaluationModel | null;

  @Field(() => EvidenceListsModel, { description: '根拠資料ファイル (POST /evidence/<itemId>/<fiscalYear> で添付)' })
  evidence!: EvidenceListsModel;

  @Field(() => GradeViewModel, { nullable: true, description: '自己評価 (定量なら定量評価、定性のみなら定性評価)' })
  selfGrade!: GradeViewModel | null;

  @Field(() => GradeViewModel, { nullable: true, description: '総合評価(案) (管理職会議)' })
  proposedGrade!: GradeViewModel | null;

  @Field(() => String, { nullable: true })
  proposedReason!: string | null;

  @Field(() => GradeViewModel, { nullable: true, description: '総合評価 (評価検証委員会)' })
  finalGrade!: GradeViewModel | null;

  @Field(() => String, { nullable: true })
  finalRationale!: string | null;

  @Field(() => String, { nullable: true })
  finalReason!: string | null;

  @Field(() => Boolean, { description: '計画段階との乖離あり' })
  stageLag!: boolean;

  @Field(() => Boolean, { description: '前の段階がまだ引き戻せる' })
  recallable!: boolean;

  @Field(() => RouteStepModel, { nullable: true, description: '差し戻し中なら、その差し戻し (理由つき)' })
  openReturn!: RouteStepModel | null;

  @Field(() => Int, { description: 'ルート上の移動の数 (route の全件数)' })
  routeCount!: number;

  @Field(() => Int, { description: '意見の数 (opinions の全件数)' })
  opinionCount!: number;

  @Field(() => [HearingModel], { description: '評価検証委員会の聞き取り (古い順)' })
  hearings!: HearingModel[];

  @Field(() => Int, { description: '版の数 (editions の全件数)' })
  editionCount!: number;

  @Field(() => [EvaluationAction], { description: '閲覧者がいまこの評価に行える操作' })
  allowedActions!: EvaluationAction[];

  @Field(() => DateTimeScalar, { nullable: true, description: 'asOf を指定した場合、その時点の状態' })
  asOf!: string | null;

  @Field(() => String, { nullable: true, description: 'この段階の期限 (日本時間の日付 YYYY-MM-DD; 年度の期限が未設定なら null)' })
  dueDate!: string | null;

  @Field(() => Int, { nullable: true, description: '期限を過ぎた日数 (日本時間の暦日; 0 は期限当日、負なら期限までの残り日数)' })
  overdueDays!: number | null;
}
