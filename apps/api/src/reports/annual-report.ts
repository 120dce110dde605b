import { promotionMeetingForDivision, type PlanCatalogue, type PromotionMeetingOverrides } from '@hyoka/catalogue';
import {
  NOT_STARTED,
  isFinal,
  DEPARTMENT_LABELS,
  DIRECTION_LABELS,
  GRADES,
  formatFiscalYear,
  type Direction,
  type EvaluationStatus,
  type Grade,
} from '@hyoka/domain';
import type { BoardRow } from '@hyoka/projections';

/** What a printed or downloaded report carries so that it can be checked against the log later. */
export interface ReportStamp {
  fiscalYear: number;
  /** ISO-8601 UTC */
  generatedAt: string;
  /** the log position the report shows the data as of (the store's head when it was generated) */
  position: bigint;
  /** `hyoka-log:v1:<position>:<events>:<hex>`: the digest of the whole log up to `position` */
  digest: string;
  /** the command that checks the digest against the log */
  verifyCommand: string;
}

/** One 実施項目 of the year, as the report prints it. */
export interface AnnualReportRow {
  itemId: string;
  itemName: string;
  divisionId: string;
  divisionName: string;
  /** 推進項目, e.g. "(1) 法人運営の強化" */
  promotionTopic: string;
  /** 取組テーマ, e.g. "① ガバナンスの強化" */
  theme: string;
  plannedStage: string | null;
  actualStage: string | null;
  /** 計画段階 and 実施段階 differ (定性) */
  stageLag: boolean;
  targetKind: 'quantitative' | 'qualitative' | null;
  /** 定量: target with its unit, e.g. "4 回" */
  target: string | null;
  direction: Direction | null;
  actual: string | null;
  achievementPercent: string | null;
  quantitativeGrade: Grade | null;
  qualitativeGrade: Grade | null;
  selfGrade: Grade | null;
  proposedGrade: Grade | null;
  proposedReason: string | null;
  finalGrade: Grade | null;
  finalRationale: string | null;
  status: EvaluationStatus;
  stageLabel: string;
  /** retired by a plan revision for this year, listed because it was evaluated all the same */
  retired: boolean;
}

export type GradeCounts = Record<Grade, number>;

/** Counts of a set of rows (a 部門, or the whole report). */
export interface SummaryFigures {
  items: number;
  notStarted: number;
  inProgress: number;
  finalized: number;
  /** 総合評価 of finalised evaluations (a reopened one is not counted until it is finalised again) */
  finalGrades: GradeCounts;
  /** 自己評価 of every evaluation that has one */
  selfGrades: GradeCounts;
}

/** 総括: one 部門's figures. */
export interface DivisionSummary extends SummaryFigures {
  divisionId: string;
  divisionName: string;
  owningDepartmentId: string;
  owningDepartmentName: string;
}

export interface AnnualReportDivision {
  summary: DivisionSummary;
  rows: AnnualReportRow[];
}

export interface AnnualReport {
  /** e.g. 令和7年度(2025年度) 中期経営計画 年度評価報告書 */
  title: string;
  /** 法人経営部門, or 全部門 for the whole plan */
  scopeLabel: string;
  fiscalYear: number;
  fiscalYearLabel: string;
  /** null: the whole plan */
  divisionId: string | null;
  divisions: AnnualReportDivision[];
  /** the whole report's figures (every division it covers) */
  total: SummaryFigures;
  stamp: ReportStamp;
}

export const WHOLE_PLAN_LABEL = '全部門';
export const UNKNOWN_DIVISION_LABEL = '計画にない実施項目';

/** The command printed on every report: checks its digest against the log (apps/cli). */
export const verifyCommandFor = (digest: string): string => `npx hyoka check-digest ${digest}`;

export const reportTitle = (fiscalYear: number): string => `${formatFiscalYear(fiscalYear)} 中期経営計画 年度評価報告書`;

const circled = (n: number): string => (n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : `(${n})`);

/** 部 that owns a division's items: the department of the 推進会議 that reviews it. */
export function owningDepartmentOfDivision(plan: PlanCatalogue, divisionId: string, overrides: PromotionMeetingOverrides = {}): string {
  const meeting = promotionMeetingForDivision(plan, divisionId, overrides);
  return meeting.departmentId ?? '';
}

const zeroCounts = (): GradeCounts => Object.fromEntries(GRADES.map((g) => [g, 0])) as GradeCounts;

function summarise(rows: readonly AnnualReportRow[]): SummaryFigures {
  const finalGrades = zeroCounts();
  const selfGrades = zeroCounts();
  let notStarted = 0;
  let finalized = 0;
  for (const row of rows) {
    if (row.status === NOT_STARTED) notStarted += 1;
    if (isFinal(row.status)) {
      finalized += 1;
      if (row.finalGrade) finalGrades[row.finalGrade] += 1;
    }
    if (row.selfGrade) selfGrades[row.selfGrade] += 1;
  }
  return { items: rows.length, notStarted, inProgress: rows.length - notStarted - finalized, finalized, finalGrades, selfGrades };
}

export interface ComposeAnnualReportInput {
  /** the plan as of the report's position */
  plan: PlanCatalogue;
  /** the board of the year as of the report's position (every row, before any access filter) */
  board: readonly BoardRow[];
  fiscalYear: number;
  /** one 部門, or null for the whole plan */
  divisionId: string | null;
  stamp: ReportStamp;
  promotionMeetingOverrides?: PromotionMeetingOverrides;
}

/** Pure: the 年度評価報告書 from the plan and the board as of one log position. Divisions in document order. */
export function composeAnnualReport(input: ComposeAnnualReportInput): AnnualReport {
  const { plan, board, fiscalYear, divisionId, stamp } = input;
  const overrides = input.promotionMeetingOverrides ?? {};
  const themes = new Map<string, { topic: string; theme: string }>();
  for (const division of plan.divisions) {
    for (const topic of division.topics) {
      for (const theme of topic.themes) {
        themes.set(theme.id, { topic: `(${topic.number}) ${topic.name}`, theme: `${circled(theme.number)} ${theme.name}` });
      }
    }
  }
  const chosen = divisionId === null ? plan.divisions : plan.divisions.filter((d) => d.id === divisionId);
  const divisions: AnnualReportDivision[] = chosen.map((division) => {
    const owner = owningDepartmentOfDivision(plan, division.id, overrides);
    return {
      summary: {
        divisionId: division.id,
        divisionName: division.name,
        owningDepartmentId: owner,
        owningDepartmentName: DEPARTMENT_LABELS[owner] ?? owner,
        ...summarise([]),
      },
      rows: [],
    };
  });
  const byId = new Map(divisions.map((d) => [d.summary.divisionId, d]));
  for (const row of board) {
    let target = byId.get(row.divisionId);
    if (!target) {
      // An evaluation of an item the plan does not know (a revision removed it from the catalogue): whole plan only.
      if (divisionId !== null || row.divisionId !== '') continue;
      target = {
        summary: { divisionId: '', divisionName: UNKNOWN_DIVISION_LABEL, owningDepartmentId: '', owningDepartmentName: '', ...summarise([]) },
        rows: [],
      };
      byId.set('', target);
      divisions.push(target);
    }
    target.rows.push(reportRow(row, themes.get(row.themeId)));
  }
  for (const division of divisions) Object.assign(division.summary, summarise(division.rows));
  return {
    title: reportTitle(fiscalYear),
    scopeLabel: divisionId === null ? WHOLE_PLAN_LABEL : (chosen[0]?.name ?? divisionId),
    fiscalYear,
    fiscalYearLabel: formatFiscalYear(fiscalYear),
    divisionId,
    divisions,
    total: summarise(divisions.flatMap((d) => d.rows)),
    stamp,
  };
}

function reportRow(row: BoardRow, place: { topic: string; theme: string } | undefined): AnnualReportRow {
  const s = row.summary;
  const quantitative = s.target?.kind === 'quantitative' ? s.target : null;
  return {
    itemId: row.itemId,
    itemName: row.itemName,
    divisionId: row.divisionId,
    divisionName: row.divisionName,
    promotionTopic: place?.topic ?? '',
    theme: place?.theme ?? '',
    plannedStage: row.plannedStage,
    actualStage: s.actualStage,
    stageLag: row.stageLag,
    targetKind: row.targetKind,
    target: quantitative ? `${quantitative.target} ${quantitative.unit}`.trim() : null,
    direction: quantitative?.direction ?? null,
    actual: s.actual,
    achievementPercent: row.achievementPercent,
    quantitativeGrade: row.quantitativeGrade,
    qualitativeGrade: row.qualitativeGrade,
    selfGrade: row.selfGrade,
    proposedGrade: row.proposedGrade,
    proposedReason: s.proposedReason,
    finalGrade: row.finalGrade,
    finalRationale: s.finalRationale,
    status: row.status,
    stageLabel: row.stageLabel,
    retired: row.retired,
  };
}

export const directionLabel = (direction: Direction | null): string => (direction ? DIRECTION_LABELS[direction] : '');
