import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import type { Direction, EvaluationStage, Grade, TargetKind } from '../graphql/enums.js';
import type { AnnualReport, AnnualReportRow, DivisionSummary, SummaryFigures } from './annual-report.js';
import { GetAnnualReportQuery, parsePosition } from './queries/get-annual-report.query.js';
import { AnnualReportModel, type ReportRowModel, type ReportSummaryModel } from './models/annual-report.model.js';

/** Where the same report (same log position) downloads as .xlsx; the session cookie authorises it. */
export function annualReportXlsxUrl(report: AnnualReport): string {
  const params = new URLSearchParams({ position: String(report.stamp.position) });
  if (report.divisionId !== null) params.set('division', report.divisionId);
  return `/exports/annual-report/${report.fiscalYear}.xlsx?${params}`;
}

const summaryModel = (s: SummaryFigures & Partial<DivisionSummary>): ReportSummaryModel => ({
  divisionId: s.divisionId ?? '',
  divisionName: s.divisionName ?? '合計',
  owningDepartmentId: s.owningDepartmentId ?? '',
  owningDepartmentName: s.owningDepartmentName ?? '',
  items: s.items,
  notStarted: s.notStarted,
  inProgress: s.inProgress,
  finalized: s.finalized,
  finalGrades: { ...s.finalGrades },
  selfGrades: { ...s.selfGrades },
  late: s.late,
});

const rowModel = (r: AnnualReportRow): ReportRowModel => ({
  ...r,
  targetKind: r.targetKind as TargetKind | null,
  direction: r.direction as Direction | null,
  quantitativeGrade: r.quantitativeGrade as Grade | null,
  qualitativeGrade: r.qualitativeGrade as Grade | null,
  selfGrade: r.selfGrade as Grade | null,
  proposedGrade: r.proposedGrade as Grade | null,
  finalGrade: r.finalGrade as Grade | null,
  stage: r.status as EvaluationStage,
});

export function toAnnualReportModel(report: AnnualReport): AnnualReportModel {
  return {
    title: report.title,
    scopeLabel: report.scopeLabel,
    fiscalYear: report.fiscalYear,
    fiscalYearLabel: report.fiscalYearLabel,
    divisionId: report.divisionId,
    divisions: report.divisions.map((d) => ({ summary: summaryModel(d.summary), rows: d.rows.map(rowModel) })),
    total: summaryModel(report.total),
    calendar: report.calendar.map((d) => ({ ...d })),
    lateAsOf: report.lateAsOf,
    stamp: { ...report.stamp, position: String(report.stamp.position) },
    xlsxUrl: annualReportXlsxUrl(report),
  };
}

@Resolver(() => AnnualReportModel)
export class ReportsResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => AnnualReportModel, {
    description:
      '年度評価報告書 (印刷用)。divisionId を省くと全部門。position を省くと現在のログの先頭の時点、指定するとその位置の時点を再現する',
  })
  async annualReport(
    @CurrentViewer() viewer: Viewer,
    @Args('fiscalYear', { type: () => Int }) fiscalYear: number,
    @Args('divisionId', { type: () => ID, nullable: true }) divisionId?: string | null,
    @Args('position', { type: () => String, nullable: true }) position?: string | null,
  ): Promise<AnnualReportModel> {
    const report = await this.queries.execute(
      new GetAnnualReportQuery(viewer, fiscalYear, divisionId ?? null, parsePosition(position)),
    );
    return toAnnualReportModel(report);
  }
}
