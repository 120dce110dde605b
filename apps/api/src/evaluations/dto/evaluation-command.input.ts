import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Direction, EvaluationStage, Grade, TargetKind } from '../../graphql/enums.js';

/** Which evaluation, the version the person saw, and their command id: on every mutation that changes an evaluation. */
@InputType({ isAbstract: true })
export class EvaluationCommandInput {
  @Field(() => ID, { description: '実施項目 ID (例: I-001)' })
  itemId!: string;

  @Field(() => Int, { description: '年度 (例: 2025)' })
  fiscalYear!: number;

  @Field(() => Int, {
    nullable: true,
    description: '表示していた評価の version (最後のイベントの revision)。未着手なら null。古ければ CONFLICT',
  })
  expectedVersion?: number | null;

  @Field(() => ID, { description: '操作ID (UUID など)。やり直し(再送)では同じIDを送ると二重に記録されない' })
  commandId!: string;
}

@InputType({ description: '提出・引き戻し・承認など、内容を伴わない操作' })
export class EvaluationActionInput extends EvaluationCommandInput {
  @Field(() => ID, {
    nullable: true,
    description: '承認のみ: この決定を行った会議 (開催中の推進会議)。HYOKA_SESSION_REQUIRED に promotionMeeting があれば必須。ほかの操作には指定できない',
  })
  meetingId?: string | null;
}

@InputType({ description: '単年度計画の保存 (計画作成中; 担当職員)。保存するたびに全体を置き換える' })
export class SaveAnnualPlanInput extends EvaluationCommandInput {
  @Field(() => TargetKind, { description: '評価の方法: 定量 (数値目標あり) / 定性のみ' })
  method!: TargetKind;

  @Field(() => String, { nullable: true, description: '目標値 (定量のみ; 10進数の文字列, 例: "4" "12.5")' })
  target?: string | null;

  @Field(() => String, { nullable: true, description: '単位 (定量のみ; 例: 回)' })
  unit?: string | null;

  @Field(() => Direction, { nullable: true, description: '評価の向き (定量のみ)' })
  direction?: Direction | null;

  @Field(() => String, { nullable: true, description: '取組内容 (今年度に予定する取組; 複数行可。提出には必須)' })
  actions?: string | null;
}

@InputType({ description: '承認済みの単年度計画の変更申請 (自己評価作成中; 担当職員; 理由必須。部長の承認で新しい版になる)' })
export class ChangeAnnualPlanInput extends SaveAnnualPlanInput {
  @Field(() => String, { description: '変更の理由' })
  reason!: string;
}

@InputType({ description: '単年度計画・計画変更の差し戻し (部長; 理由必須)' })
export class ReturnAnnualPlanInput extends EvaluationCommandInput {
  @Field(() => String)
  reason!: string;
}

@InputType({ description: '実績・成果 / 課題 / 次年度の方向性' })
export class NarrativeInput {
  @Field(() => String, { nullable: true })
  achievements?: string | null;

  @Field(() => String, { nullable: true })
  issues?: string | null;

  @Field(() => String, { nullable: true })
  nextYear?: string | null;
}

@InputType({ description: '自己評価の保存 (作成中のみ)。保存するたびに全体を置き換える' })
export class SaveSelfEvaluationInput extends EvaluationCommandInput {
  @Field(() => String, { nullable: true, description: '実績値 (定量のみ; 10進数の文字列)' })
  actual?: string | null;

  @Field(() => Grade, { nullable: true, description: '定性評価' })
  qualitativeGrade?: Grade | null;

  @Field(() => String, { nullable: true, description: '実績の段階 (例: 検討)' })
  actualStage?: string | null;

  @Field(() => Boolean, { nullable: true, description: '計画段階に到達したか' })
  plannedStageReached?: boolean | null;

  @Field(() => NarrativeInput, { nullable: true })
  narrative?: NarrativeInput | null;

  @Field(() => [String], { nullable: true, description: '根拠資料のリンク (http/https)' })
  evidenceLinks?: string[] | null;
}

@InputType({ description: 'コメント (審査中の段階で)' })
export class CommentOnEvaluationInput extends EvaluationCommandInput {
  @Field(() => String)
  text!: string;
}

@InputType({ description: '意見 (課題整理・意見出し; 推進会議審査の間、担当部の職員 = 推進会議の委員)' })
export class AddOpinionInput extends EvaluationCommandInput {
  @Field(() => String, { description: '意見 (複数行可)' })
  opinion!: string;
}

@InputType({ description: 'コメントへの返信 (担当部の職員・担当者)。コメントと返信はスレッドになる' })
export class ReplyToCommentInput extends EvaluationCommandInput {
  @Field(() => Int, { description: '返信先のコメントの番号 (EvaluationComment.number)' })
  commentNumber!: number;

  @Field(() => String, { description: '返信 (複数行可)' })
  reply!: string;
}

@InputType({ description: '差し戻し (理由必須)' })
export class ReturnEvaluationInput extends EvaluationCommandInput {
  @Field(() => EvaluationStage, { description: '差し戻し先の段階' })
  toStage!: EvaluationStage;

  @Field(() => String)
  reason!: string;

  @Field(() => ID, { nullable: true, description: 'この決定を行った会議 (その段階の会議体の開催中の会議)' })
  meetingId?: string | null;
}

@InputType({ description: '総合評価(案)を付けて評価検証委員会へ送付 (事務局長)' })
export class ForwardToCommitteeInput extends EvaluationCommandInput {
  @Field(() => Grade)
  proposedGrade!: Grade;

  @Field(() => String, { nullable: true, description: '自己評価と異なる場合は必須' })
  reason?: string | null;

  @Field(() => ID, { nullable: true, description: 'この決定を行った会議 (開催中の管理職会議)。HYOKA_SESSION_REQUIRED に managersMeeting があれば必須' })
  meetingId?: string | null;
}

@InputType({ description: '総合評価を決定して確定 (評価検証委員)' })
export class FinalizeEvaluationInput extends EvaluationCommandInput {
  @Field(() => Grade)
  overallGrade!: Grade;

  @Field(() => String, { description: '根拠 (聞き取りの結果など)' })
  rationale!: string;

  @Field(() => String, { nullable: true, description: '総合評価(案)と異なる場合は必須' })
  reason?: string | null;

  @Field(() => ID, { description: '確定を決めた評価検証委員会の会議 (開催中で定足数の出席があり、この評価が議題にあるもの)' })
  meetingId!: string;
}

@InputType({ description: '確定した評価の再開 (評価検証委員; 理由必須)' })
export class ReopenEvaluationInput extends EvaluationCommandInput {
  @Field(() => String)
  reason!: string;

  @Field(() => ID, { description: '再開を決めた評価検証委員会の会議 (開催中で定足数の出席があり、この評価が議題にあるもの)' })
  meetingId!: string;
}

@InputType({ description: '聞き取り (評価検証委員; 評価検証委員会審査の間)。担当部のだれから、いつ、何を聞いたか' })
export class RecordHearingInput extends EvaluationCommandInput {
  @Field(() => ID, { description: '聞き取りの相手の部 (計画の部のID)' })
  departmentId!: string;

  @Field(() => [String], { description: '聞き取りの相手 (氏名)' })
  people!: string[];

  @Field(() => String, { description: '聞き取りの日 (日本時間, YYYY-MM-DD)' })
  heardOn!: string;

  @Field(() => String, { description: '要旨 (複数行可)' })
  summary!: string;

  @Field(() => ID, { nullable: true, description: '聞き取りを行った評価検証委員会の会議 (開催中のもの)' })
  meetingId?: string | null;
}

@InputType({ description: '一括承認の1件' })
export class BulkApprovalItemInput {
  @Field(() => ID)
  itemId!: string;

  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => Int)
  expectedVersion!: number;
}

@InputType({ description: '一括承認 (推進会議の議長): 1件ずつ別のイベントとして記録される' })
export class ApproveEvaluationsInput {
  @Field(() => [BulkApprovalItemInput])
  items!: BulkApprovalItemInput[];

  @Field(() => ID, { description: '一括承認の操作ID。各件の操作IDはここから導かれる' })
  commandId!: string;

  @Field(() => ID, { nullable: true, description: 'この会議の決定として記録する (開催中の推進会議; 各件がその議題にあること)' })
  meetingId?: string | null;
}

@InputType({ description: '一括送付の1件 (管理職会議)' })
export class BulkForwardItemInput {
  @Field(() => ID)
  itemId!: string;

  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => Int)
  expectedVersion!: number;

  @Field(() => Grade, { nullable: true, description: '総合評価(案)。省略すると自己評価と同じ (理由は不要)' })
  proposedGrade?: Grade | null;

  @Field(() => String, { nullable: true, description: '自己評価と異なる場合は必須' })
  reason?: string | null;
}

@InputType({ description: '一括送付 (管理職会議の議長 = 事務局長): 総合評価(案)を付けて評価検証委員会へ。1件ずつ別のイベントとして記録される' })
export class ForwardEvaluationsInput {
  @Field(() => [BulkForwardItemInput])
  items!: BulkForwardItemInput[];

  @Field(() => ID, { description: '一括送付の操作ID。各件の操作IDはここから導かれる' })
  commandId!: string;

  @Field(() => ID, { nullable: true, description: 'この会議の決定として記録する (開催中の管理職会議; 各件がその議題にあること)' })
  meetingId?: string | null;
}

