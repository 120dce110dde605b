import { promotionMeetingForDivision, type PlanCatalogue } from '@hyoka/catalogue';
import {
  CALENDAR_KEYS,
  CALENDAR_LABELS,
  NOT_STARTED,
  dueDateFor,
  emptyDueDates,
  isFinal,
  overdueDays,
  DIRECTION_LABELS,
  GRADES,
  formatFiscalYear,
  type CalendarKey,
  type Direction,
  type DueDates,
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
  /**
   * The due date (JST YYYY-MM-DD) the row is measured against: the 評価検証委員会's for a finalised evaluation, the
   * due date of the stage it waits at for any other; null when the calendar sets none.
   */
  dueDate: string | null;
  /** ISO-8601 UTC: when the 総合評価 was decided (finalised rows only) */
  finalizedAt: string | null;
  /** JST days past `dueDate` (finalised that many days late, or still open that long past it); null: not late */
  lateDays: number | null;
}

/** One due date of the year's calendar (期限), as the report prints it. */
export interface ReportDueDate {
  key: CalendarKey;
  /** e.g. 評価検証委員会の審査 */
  label: string;
  /** JST calendar date YYYY-MM-DD; null: not set */
  date: string | null;
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
  /** rows late against the calendar (`lateDays`) */
  late: number;
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
  /** the year's calendar as of the report's position, in the route's order */
  calendar: ReportDueDate[];
  /** ISO-8601 UTC: the time open rows are measured against (the generation time; for an earlier position, that event's time) */
  lateAsOf: string;
  stamp: ReportStamp;
}

export const WHOLE_PLAN_LABEL = '全部門';
export const UNKNOWN_DIVISION_LABEL = '計画にない実施項目';

/** The command printed on every report: checks its digest against the log (apps/cli). */
export const verifyCommandFor = (digest: string): string => `npx hyoka check-digest ${digest}`;

export const reportTitle = (fiscalYear: number): string => `${formatFiscalYear(fiscalYear)} 中期経営計画 年度評価報告書`;

const circled = (n: number): string => (n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : `(${n})`);

/** 部 that owns a division's items: the department of the 推進会議 that reviews it. */
export function owningDepartmentOfDivision(plan: PlanCatalogue, divisionId: string): string {
  const meeting = promotionMeetingForDivision(plan, divisionId);
  return meeting.departmentId ?? '';
}

const zeroCounts = (): GradeCounts => Object.fromEntries(GRADES.map((g) => [g, 0])) as GradeCounts;

function summarise(rows: readonly AnnualReportRow[]): SummaryFigures {
  const finalGrades = zeroCounts();
  const selfGrades = zeroCounts();
  let notStarted = 0;
  let finalized = 0;
  let late = 0;
  for (const row of rows) {
    if (row.lateDays !== null) late += 1;
    if (row.status === NOT_STARTED) notStarted += 1;
    if (isFinal(row.status)) {
      finalized += 1;
      if (row.finalGrade) finalGrades[row.finalGrade] += 1;
    }
    if (row.selfGrade) selfGrades[row.selfGrade] += 1;
  }
  return { items: rows.length, notStarted, inProgress: rows.length - notStarted - finalized, finalized, finalGrades, selfGrades, late };
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
  /** the year's due dates as of the report's position (none set when omitted) */
  dueDates?: DueDates;
  /** ISO-8601: the time open rows are measured against (the stamp's generation time when omitted) */
  lateAsOf?: string;
}

/** Pure: the 年度評価報告書 from the plan and the board as of one log position. Divisions in document order. */
export function composeAnnualReport(input: ComposeAnnualReportInput): AnnualReport {
  const { plan, board, fiscalYear, divisionId, stamp } = input;
  const dueDates = input.dueDates ?? emptyDueDates();
  const lateAsOf = input.lateAsOf ?? stamp.generatedAt;
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
    const owner = owningDepartmentOfDivision(plan, division.id);
    return {
      summary: {
        divisionId: division.id,
        divisionName: division.name,
        owningDepartmentId: owner,
        owningDepartmentName: plan.departments.find((d) => d.id === owner)?.name ?? owner,
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
    target.rows.push({ ...reportRow(row, themes.get(row.themeId)), ...lateness(row, dueDates, lateAsOf) });
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
    calendar: CALENDAR_KEYS.map((key) => ({ key, label: CALENDAR_LABELS[key], date: dueDates[key] })),
    lateAsOf,
    stamp,
  };
}

/**
 * How a row stands against the calendar: a finalised evaluation is late when the JST day it was finalised is after
 * the 評価検証委員会's due date; any other when `asOf`'s JST day is after the due date of the stage it waits at.
 */
export function lateness(
  row: Pick<BoardRow, 'status' | 'summary'>,
  dueDates: DueDates,
  asOf: string,
): Pick<AnnualReportRow, 'dueDate' | 'finalizedAt' | 'lateDays'> {
  const late = (dueDate: string | null, at: string | null) => {
    if (dueDate === null || at === null) return null;
    const days = overdueDays(dueDate, at);
    return days > 0 ? days : null;
  };
  if (isFinal(row.status)) {
    // the move into the final stage is the evaluation's last step (a reopening leaves it)
    const finalizedAt = row.summary.lastStep?.at ?? null;
    return { dueDate: dueDates.committee, finalizedAt, lateDays: late(dueDates.committee, finalizedAt) };
  }
  const dueDate = dueDateFor(dueDates, row.status);
  return { dueDate, finalizedAt: null, lateDays: late(dueDate, asOf) };
}

function reportRow(
  row: BoardRow,
  place: { topic: string; theme: string } | undefined,
): Omit<AnnualReportRow, 'dueDate' | 'finalizedAt' | 'lateDays'> {
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
