import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { compareEditions, comparePlans, evaluationStream, type EvaluationCommand, type JsonValue, type RouteStage } from '@hyoka/domain';
import { AuthService } from '../auth/auth.service.js';
import type { RequestContext, Viewer } from '../auth/viewer.js';
import { Context, CurrentViewer } from '../auth/viewer.decorator.js';
import { InputError } from '../errors/api-errors.js';
import { DateTimeScalar } from '../graphql/scalars.js';
import { ApproveEvaluationsCommand, ForwardEvaluationsCommand } from './commands/bulk-evaluations.handler.js';
import { ExecuteEvaluationCommand } from './commands/evaluation-command.js';
import { checkCommandId } from './commands/execute-evaluation.handler.js';
import {
  ApproveEvaluationsInput,
  RecordHearingInput,
  AddOpinionInput,
  CommentOnEvaluationInput,
  ReplyToCommentInput,
  EvaluationActionInput,
  FinalizeEvaluationInput,
  ForwardEvaluationsInput,
  ForwardToCommitteeInput,
  ReopenEvaluationInput,
  ReturnEvaluationInput,
  ChangeAnnualPlanInput,
  ReturnAnnualPlanInput,
  SaveAnnualPlanInput,
  SaveSelfEvaluationInput,
  type EvaluationCommandInput,
} from './dto/evaluation-command.input.js';
import type { EvaluationView } from './evaluation-view.js';
import { BulkApprovalResultModel } from './models/bulk-approval.model.js';
import { EditionDifferenceModel, EvaluationModel } from './models/evaluation.model.js';
import { GetEvaluationQuery } from './queries/get-evaluation.query.js';

/** A version's value as display text: null stays null, lists one per line, everything else as written. */
function displayValue(value: JsonValue): string | null {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The plan fields of the input as the domain command takes them (定性のみ: only what was sent, for the domain to refuse). */
function planData(input: SaveAnnualPlanInput) {
  const numbers = definedOnly({ target: input.target, unit: input.unit, direction: input.direction });
  return input.method === 'quantitative'
    ? { method: 'quantitative' as const, target: input.target, unit: input.unit, direction: input.direction, actions: input.actions ?? null }
    : { method: 'qualitative' as const, ...numbers, actions: input.actions ?? null };
}

/** Resolvers only shape input and dispatch: commands to the CommandBus, reads to the QueryBus. */
@Resolver(() => EvaluationModel)
export class EvaluationsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly auth: AuthService,
  ) {}

  @Query(() => EvaluationModel, { description: '評価 (実施項目 × 年度) と履歴・版。asOf を指定するとその時点の状態を再現する' })
  evaluation(
    @CurrentViewer() viewer: Viewer,
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('fiscalYear', { type: () => Int }) fiscalYear: number,
    @Args('asOf', { type: () => DateTimeScalar, nullable: true }) asOf?: string | null,
  ): Promise<EvaluationView> {
    return this.queries.execute(new GetEvaluationQuery(viewer, itemId, fiscalYear, asOf ?? null));
  }

  @ResolveField(() => [EditionDifferenceModel], { description: '2つの版の差分 (第from版 → 第to版)' })
  editionDifferences(
    @Parent() evaluation: EvaluationView,
    @Args('from', { type: () => Int }) from: number,
    @Args('to', { type: () => Int }) to: number,
  ): EditionDifferenceModel[] {
    const a = evaluation.domainEditions.find((e) => e.edition === from);
    const b = evaluation.domainEditions.find((e) => e.edition === to);
    if (!a || !b) {
      const missing = !a ? from : to;
      throw new InputError(`第${missing}版はありません。この評価の版は ${evaluation.domainEditions.length} 個です。`, !a ? 'from' : 'to');
    }
    return compareEditions(a, b).map((d) => ({
      field: d.field,
      label: d.label,
      before: displayValue(d.before),
      after: displayValue(d.after),
    }));
  }

  private async run(viewer: Viewer, input: EvaluationCommandInput, command: EvaluationCommand): Promise<EvaluationView> {
    checkCommandId(input.commandId);
    // an action input names a session only for a decision (承認); the other actions are no session's
    if ((input as EvaluationActionInput).meetingId && !IN_SESSION.has(command.type)) {
      throw new InputError('この操作は会議に結び付けられません (会議を指定できるのは承認・差し戻し・送付・確定・再開・聞き取りです)。', 'meetingId');
    }
    const result = await this.commands.execute(
      new ExecuteEvaluationCommand(
        viewer,
        input.itemId,
        input.fiscalYear,
        input.expectedVersion ?? null,
        input.commandId,
        command,
      ),
    );
    return this.queries.execute(new GetEvaluationQuery(viewer, result.itemId, result.fiscalYear));
  }

  @Mutation(() => EvaluationModel, { description: '単年度計画を保存する (担当職員; 未着手・計画作成中)' })
  saveAnnualPlan(@CurrentViewer() viewer: Viewer, @Args('input') input: SaveAnnualPlanInput): Promise<EvaluationView> {
    return this.run(viewer, input, { type: 'SaveAnnualPlan', data: planData(input) });
  }

  @Mutation(() => EvaluationModel, { description: '単年度計画を部長の承認へ提出する (担当職員; 計画作成中)' })
  submitAnnualPlan(@CurrentViewer() viewer: Viewer, @Args('input') input: EvaluationActionInput): Promise<EvaluationView> {
    return this.run(viewer, input, { type: 'SubmitAnnualPlan', data: {} });
  }

  @Mutation(() => EvaluationModel, { description: '単年度計画 (または計画変更) を承認して固定する (担当部の部長)。計画第n版になる' })
  approveAnnualPlan(@CurrentViewer() viewer: Viewer, @Args('input') input: EvaluationActionInput): Promise<EvaluationView> {
    return this.run(viewer, input, { type: 'ApproveAnnualPlan', data: {} });
  }

  @Mutation(() => EvaluationModel, {
    description: '単年度計画を計画作成中へ、計画変更を自己評価作成中へ差し戻す (担当部の部長; 理由必須。計画変更は取り下げられる)',
  })
  returnAnnualPlan(@CurrentViewer() viewer: Viewer, @Args('input') input: ReturnAnnualPlanInput): Promise<EvaluationView> {
    return this.run(viewer, input, { type: 'ReturnEvaluation', data: { reason: input.reason } });
  }

  @Mutation(() => EvaluationModel, { description: '承認済みの単年度計画の変更を申請する (担当職員; 自己評価作成中; 理由必須)' })
  changeAnnualPlan(@CurrentViewer() viewer: Viewer, @Args('input') input: ChangeAnnualPlanInput): Promise<EvaluationView> {
    return this.run(viewer, input, { type: 'ChangeAnnualPlan', data: { ...planData(input), reason: input.reason } });
  }

  @ResolveField(() => [EditionDifferenceModel], {
    description: '単年度計画の2つの版の差分 (計画第from版 → 計画第to版)。to を省略すると承認待ちの計画変更との差分',
  })
  planDifferences(
    @Parent() evaluation: EvaluationView,
    @Args('from', { type: () => Int }) from: number,
    @Args('to', { type: () => Int, nullable: true }) to?: number | null,
  ): EditionDifferenceModel[] {
    const a = evaluation.domainPlans.find((p) => p.planEdition === from);
    const b = to === undefined || to === null ? evaluation.domainPlanDraft : evaluation.domainPlans.find((p) => p.planEdition === to);
    if (!a) throw new InputError(`計画第${from}版はありません`, 'from');
    if (!b) throw new InputError(to === undefined || to === null ? '承認待ちの計画変更はありません' : `計画第${to}版はありません`, 'to');
    return comparePlans(a, b).map((d) => ({ field: d.field, label: d.label, before: displayValue(d.before), after: displayValue(d.after) }));
  }

  @Mutation(() => EvaluationModel, { description: '自己評価を保存する (担当職員; 作成中)' })
  saveSelfEvaluation(@CurrentViewer() viewer: Viewer, @Args('input') input: SaveSelfEvaluationInput): Promise<EvaluationView> {
    return this.run(viewer, input, {
      type: 'SaveSelfEvaluation',
      data: {
        actual: input.actual ?? null,
        qualitativeGrade: input.qualitativeGrade ?? null,
        actualStage: input.actualStage ?? null,
        plannedStageReached: input.plannedStageReached ?? null,
        narrative: input.narrative
          ? {
              achievements: input.narrative.achievements ?? null,
              issues: input.narrative.issues ?? null,
              nextYear: input.narrative.nextYear ?? null,
            }
          : null,
        evidenceLinks: input.evidenceLinks ?? [],
      },
    });
  }

  @Mutation(() => EvaluationModel, { description: '推進会議へ提出する (担当職員)' })
  submitEvaluation(@CurrentViewer() viewer: Viewer, @Args('input') input: EvaluationActionInput): Promise<EvaluationView> {
    return this.run(viewer, input, { type: 'SubmitEvaluation', data: {} });
  }

  @Mutation(() => EvaluationModel, { description: '引き戻す (次の段階がまだ対応していない間、送った側が)' })
  recallEvaluation(@CurrentViewer() viewer: Viewer, @Args('input') input: EvaluationActionInput): Promise<EvaluationView> {
    return this.run(viewer, input, { type: 'RecallEvaluation', data: {} });
  }

  @Mutation(() => EvaluationModel, { description: 'コメントする (審査中の段階の審査者)' })
  commentOnEvaluation(@CurrentViewer() viewer: Viewer, @Args('input') input: CommentOnEvaluationInput): Promise<EvaluationView> {
    return this.run(viewer, input, { type: 'CommentOnEvaluation', data: { text: input.text } });
  }

  @Mutation(() => EvaluationModel, { description: '意見を述べる (課題整理・意見出し; 推進会議審査の間、担当部の職員)。議長の部長に通知される' })
  addOpinion(@CurrentViewer() viewer: Viewer, @Args('input') input: AddOpinionInput): Promise<EvaluationView> {
    return this.run(viewer, input, { type: 'AddOpinion', data: { opinion: input.opinion } });
  }

  @Mutation(() => EvaluationModel, { description: 'コメントに返信する (担当部の職員・担当者)。コメントした人に通知される' })
  replyToComment(@CurrentViewer() viewer: Viewer, @Args('input') input: ReplyToCommentInput): Promise<EvaluationView> {
    return this.run(viewer, input, { type: 'ReplyToComment', data: { commentNumber: input.commentNumber, reply: input.reply } });
  }

  @Mutation(() => EvaluationModel, { description: '承認して管理職会議へ送る (推進会議の議長)' })
  approveEvaluation(@CurrentViewer() viewer: Viewer, @Args('input') input: EvaluationActionInput): Promise<EvaluationView> {
    return this.run(viewer, input, { type: 'ApproveEvaluation', data: session(input.meetingId) });
  }

  @Mutation(() => [BulkApprovalResultModel], {
    description: '一括承認 (推進会議の議長)。1件ずつ別のイベントとして記録し、1件ごとの結果を返す',
  })
  async approveEvaluations(
    @CurrentViewer() viewer: Viewer,
    @Context() context: RequestContext,
    @Args('input') input: ApproveEvaluationsInput,
  ): Promise<BulkApprovalResultModel[]> {
    const results = await this.commands.execute(new ApproveEvaluationsCommand(viewer, input.items, input.commandId, input.meetingId ?? null));
    return this.logDeniedItems(context, 'approveEvaluations', results);
  }

  @Mutation(() => [BulkApprovalResultModel], {
    description:
      '一括送付 (管理職会議の議長 = 事務局長): 総合評価(案) (省略時は自己評価) を付けて評価検証委員会へ。1件ずつ別のイベントとして記録し、1件ごとの結果を返す',
  })
  async forwardEvaluations(
    @CurrentViewer() viewer: Viewer,
    @Context() context: RequestContext,
    @Args('input') input: ForwardEvaluationsInput,
  ): Promise<BulkApprovalResultModel[]> {
    const results = await this.commands.execute(new ForwardEvaluationsCommand(viewer, input.items, input.commandId, input.meetingId ?? null));
    return this.logDeniedItems(context, 'forwardEvaluations', results);
  }

  /** A bulk reports a refused item in its result instead of throwing: its denials are logged here, one per item. */
  private logDeniedItems(context: RequestContext, operation: string, results: BulkApprovalResultModel[]): BulkApprovalResultModel[] {
    for (const result of results) {
      if (result.errorCode === 'FORBIDDEN') this.auth.denied(context, operation, 'FORBIDDEN', evaluationStream(result.itemId, result.fiscalYear));
    }
    return results;
  }

  @Mutation(() => EvaluationModel, { description: '差し戻す (理由必須)' })
  returnEvaluation(@CurrentViewer() viewer: Viewer, @Args('input') input: ReturnEvaluationInput): Promise<EvaluationView> {
    return this.run(viewer, input, {
      type: 'ReturnEvaluation',
      data: { toStage: input.toStage as string as RouteStage, reason: input.reason, ...session(input.meetingId) },
    });
  }

  @Mutation(() => EvaluationModel, { description: '総合評価(案)を付けて評価検証委員会へ送付する (事務局長)' })
  forwardToCommittee(@CurrentViewer() viewer: Viewer, @Args('input') input: ForwardToCommitteeInput): Promise<EvaluationView> {
    return this.run(viewer, input, {
      type: 'ForwardToCommittee',
      data: { proposedGrade: input.proposedGrade, reason: input.reason ?? null, ...session(input.meetingId) },
    });
  }

  @Mutation(() => EvaluationModel, { description: '総合評価を決定して確定する (評価検証委員)' })
  finalizeEvaluation(@CurrentViewer() viewer: Viewer, @Args('input') input: FinalizeEvaluationInput): Promise<EvaluationView> {
    return this.run(viewer, input, {
      type: 'FinalizeEvaluation',
      data: { overallGrade: input.overallGrade, rationale: input.rationale, reason: input.reason ?? null, meetingId: input.meetingId },
    });
  }

  @Mutation(() => EvaluationModel, { description: '確定した評価を再開する (評価検証委員; 理由必須)' })
  reopenEvaluation(@CurrentViewer() viewer: Viewer, @Args('input') input: ReopenEvaluationInput): Promise<EvaluationView> {
    return this.run(viewer, input, { type: 'ReopenEvaluation', data: { reason: input.reason, meetingId: input.meetingId } });
  }

  @Mutation(() => EvaluationModel, { description: '聞き取りを記録する (評価検証委員; 評価検証委員会審査の間。開催中の委員会の会議で行ったときはその会議を指定)' })
  recordHearing(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordHearingInput): Promise<EvaluationView> {
    return this.run(viewer, input, {
      type: 'RecordHearing',
      data: { departmentId: input.departmentId, people: input.people, heardOn: input.heardOn, summary: input.summary, ...session(input.meetingId) },
    });
  }
}

/** The commands a session may record (the route table's `session` column, and the hearing). */
const IN_SESSION = new Set<string>(['ApproveEvaluation', 'ReturnEvaluation', 'ForwardToCommittee', 'FinalizeEvaluation', 'ReopenEvaluation', 'RecordHearing']);

/** The session a decision names, when the client named one. */
const session = (meetingId: string | null | undefined): { meetingId?: string } => (meetingId ? { meetingId } : {});

/** Keeps only the fields the client sent, so the domain can refuse a 定性 target that carries a number. */
function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
