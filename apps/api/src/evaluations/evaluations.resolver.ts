import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { compareEditions, evaluationStream, type EvaluationCommand, type JsonValue, type RouteStage } from '@hyoka/domain';
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
  CommentOnEvaluationInput,
  EvaluationActionInput,
  FinalizeEvaluationInput,
  ForwardEvaluationsInput,
  ForwardToCommitteeInput,
  ReopenEvaluationInput,
  ReturnEvaluationInput,
  SaveSelfEvaluationInput,
  SetTargetInput,
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

  @Mutation(() => EvaluationModel, { description: '単年度計画 (目標) を設定する (担当職員; 作成中)' })
  setTarget(@CurrentViewer() viewer: Viewer, @Args('input') input: SetTargetInput): Promise<EvaluationView> {
    const data =
      input.kind === 'quantitative'
        ? { kind: 'quantitative' as const, target: input.target, unit: input.unit, direction: input.direction }
        : { kind: 'qualitative' as const, ...definedOnly({ target: input.target, unit: input.unit, direction: input.direction }) };
    return this.run(viewer, input, { type: 'SetTarget', data } as EvaluationCommand);
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

  @Mutation(() => EvaluationModel, { description: '承認して管理職会議へ送る (推進会議の議長)' })
  approveEvaluation(@CurrentViewer() viewer: Viewer, @Args('input') input: EvaluationActionInput): Promise<EvaluationView> {
    return this.run(viewer, input, { type: 'ApproveEvaluation', data: {} });
  }

  @Mutation(() => [BulkApprovalResultModel], {
    description: '一括承認 (推進会議の議長)。1件ずつ別のイベントとして記録し、1件ごとの結果を返す',
  })
  async approveEvaluations(
    @CurrentViewer() viewer: Viewer,
    @Context() context: RequestContext,
    @Args('input') input: ApproveEvaluationsInput,
  ): Promise<BulkApprovalResultModel[]> {
    const results = await this.commands.execute(new ApproveEvaluationsCommand(viewer, input.items, input.commandId));
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
    const results = await this.commands.execute(new ForwardEvaluationsCommand(viewer, input.items, input.commandId));
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
      data: { toStage: input.toStage as string as RouteStage, reason: input.reason },
    });
  }

  @Mutation(() => EvaluationModel, { description: '総合評価(案)を付けて評価検証委員会へ送付する (事務局長)' })
  forwardToCommittee(@CurrentViewer() viewer: Viewer, @Args('input') input: ForwardToCommitteeInput): Promise<EvaluationView> {
    return this.run(viewer, input, {
      type: 'ForwardToCommittee',
      data: { proposedGrade: input.proposedGrade, reason: input.reason ?? null },
    });
  }

  @Mutation(() => EvaluationModel, { description: '総合評価を決定して確定する (評価検証委員)' })
  finalizeEvaluation(@CurrentViewer() viewer: Viewer, @Args('input') input: FinalizeEvaluationInput): Promise<EvaluationView> {
    return this.run(viewer, input, {
      type: 'FinalizeEvaluation',
      data: { overallGrade: input.overallGrade, rationale: input.rationale, reason: input.reason ?? null },
    });
  }

  @Mutation(() => EvaluationModel, { description: '確定した評価を再開する (評価検証委員; 理由必須)' })
  reopenEvaluation(@CurrentViewer() viewer: Viewer, @Args('input') input: ReopenEvaluationInput): Promise<EvaluationView> {
    return this.run(viewer, input, { type: 'ReopenEvaluation', data: { reason: input.reason } });
  }
}

/** Keeps only the fields the client sent, so the domain can refuse a 定性 target that carries a number. */
function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
