import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { RevisePlanCommand } from './commands/revise-plan.handler.js';
import { RevisePlanInput } from './dto/revise-plan.input.js';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { DateTimeScalar } from '../graphql/scalars.js';
import { ImportPlanWorkbookCommand } from './commands/plan-workbook.handlers.js';
import { ImportPlanWorkbookInput } from './dto/import-plan-workbook.input.js';
import { GradeSummaryRowModel } from './models/grade-summary.model.js';
import { PlanImportModel, RevisePlanModel } from './models/plan-import.model.js';
import { FiscalYearModel, PlanModel, PlanPeriodModel } from './models/plan.model.js';
import { GetPlanRevisionQuery } from './queries/plan-revision.query.js';
import { GetPlanQuery, GetPlanPeriodsQuery, GetFiscalYearsQuery, GetGradeSummaryQuery } from './queries/plan.queries.js';

@Resolver(() => PlanModel)
export class PlanResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ResolveField(() => Int, { nullable: true, description: '計画の現在の版: 計画の見直し (revisePlan) の expectedRevision に渡す' })
  revision(): Promise<number | null> {
    return this.queries.execute(new GetPlanRevisionQuery());
  }

  @Query(() => PlanModel, {
    description: '中期経営計画 (見直しを反映)。asOf を指定するとその時点の計画、fiscalYear を指定するとその年度を含む計画期間の計画',
  })
  plan(
    @CurrentViewer() _viewer: Viewer,
    @Args('asOf', { type: () => DateTimeScalar, nullable: true }) asOf?: string | null,
    @Args('fiscalYear', { type: () => Int, nullable: true }) fiscalYear?: number | null,
  ): Promise<PlanModel> {
    return this.queries.execute(new GetPlanQuery(asOf ?? null, fiscalYear ?? null));
  }

  @Query(() => [PlanPeriodModel], { description: '計画期間 (古い順、最後が現在の計画)' })
  planPeriods(@CurrentViewer() _viewer: Viewer): Promise<PlanPeriodModel[]> {
    return this.queries.execute(new GetPlanPeriodsQuery());
  }

  @Query(() => [FiscalYearModel], { description: '開始された年度 (古い順) と定量評価の基準' })
  fiscalYears(@CurrentViewer() _viewer: Viewer): Promise<FiscalYearModel[]> {
    return this.queries.execute(new GetFiscalYearsQuery());
  }

  @Query(() => [GradeSummaryRowModel], { description: '部門 × 年度の評価の集計 (閲覧できる部門のみ)' })
  gradeSummary(@CurrentViewer() viewer: Viewer): Promise<GradeSummaryRowModel[]> {
    return this.queries.execute(new GetGradeSummaryQuery(viewer));
  }

  @Mutation(() => PlanImportModel, {
    description: '計画ブックの取り込みを確定する (管理者): プレビュー (POST /plan/workbook/preview) した変更を一つの計画の見直しとして記録する',
  })
  importPlanWorkbook(@CurrentViewer() viewer: Viewer, @Args('input') input: ImportPlanWorkbookInput): Promise<PlanImportModel> {
    return this.commands.execute(new ImportPlanWorkbookCommand(viewer, input));
  }

  @Mutation(() => RevisePlanModel, {
    description: '計画の見直しを記録する (管理者): 部門・推進項目・取組テーマ・実施項目の変更の一覧を、理由と承認者のある一つの見直しとして',
  })
  revisePlan(@CurrentViewer() viewer: Viewer, @Args('input') input: RevisePlanInput): Promise<RevisePlanModel> {
    return this.commands.execute(new RevisePlanCommand(viewer, input));
  }
}
