import {
  EVALUATION_STATUSES,
  ROUTE_PHASES,
  ROUTE_PHASE_LABELS,
  STAGE_LABELS,
  STAGE_PHASES,
  type Direction,
  type EvaluationStatus,
  type RoutePhase,
} from '@hyoka/domain';
import type { ReadModels } from '../read-models.js';
import { stmt } from '../sql.js';
import { board, type BoardRow } from '../board/board.queries.js';
import { entryFromRow } from '../board/board.projection.js';
import { planItems, planPeriod, planStateFor } from '../plan/plan.queries.js';
import { describeCompactEvaluation } from '../shared/compact-evaluation.js';

/**
 * The due dates of a fiscal year, as the progress view asks for them: the calendar's date for work waiting at a stage
 * (a JST date YYYY-MM-DD, null when none is set) and how many days past a due date today is (0 or less: not overdue).
 * The year's calendar (part of issue 12) plugs in here; without one nothing is due and nothing is overdue.
 */
export interface ProgressCalendar {
  dueDateOf(stage: EvaluationStatus): string | null;
  overdueDays(dueDate: string): number;
}
export const NO_CALENDAR: ProgressCalendar = { dueDateOf: () => null, overdueDays: () => 0 };

/** The items standing at one stage. */
export interface ProgressCell {
  stage: EvaluationStatus;
  stageLabel: string;
  phase: RoutePhase;
  dueDate: string | null;
  itemIds: string[];
  /** the items here past the stage's due date (all or none: the due date is the stage's) */
  overdueItemIds: string[];
}

export interface ProgressPhaseGroup {
  phase: RoutePhase;
  label: string;
  count: number;
  overdueCount: number;
  stages: ProgressCell[];
}

/** The stages of one 部 (or, with departmentId null, of the whole plan), grouped by phase. */
export interface ProgressGroup {
  departmentId: string | null;
  departmentName: string;
  itemCount: number;
  overdueCount: number;
  phases: ProgressPhaseGroup[];
}

export interface Progress {
  fiscalYear: number;
  total: ProgressGroup;
  departments: ProgressGroup[];
}

function groupOf(departmentId: string | null, departmentName: string, rows: readonly BoardRow[], calendar: ProgressCalendar): ProgressGroup {
  const cells = EVALUATION_STATUSES.map((stage): ProgressCell => {
    const dueDate = calendar.dueDateOf(stage);
    const itemIds = rows.filter((r) => r.status === stage).map((r) => r.itemId);
    const overdue = dueDate !== null && calendar.overdueDays(dueDate) > 0;
    return { stage, stageLabel: STAGE_LABELS[stage], phase: STAGE_PHASES[stage], dueDate, itemIds, overdueItemIds: overdue ? itemIds : [] };
  });
  const phases = ROUTE_PHASES.map((phase): ProgressPhaseGroup => {
    const stages = cells.filter((c) => c.phase === phase);
    return {
      phase,
      label: ROUTE_PHASE_LABELS[phase],
      count: stages.reduce((n, c) => n + c.itemIds.length, 0),
      overdueCount: stages.reduce((n, c) => n + c.overdueItemIds.length, 0),
      stages,
    };
  });
  return {
    departmentId,
    departmentName,
    itemCount: rows.length,
    overdueCount: phases.reduce((n, p) => n + p.overdueCount, 0),
    phases,
  };
}

/**
 * Pure: how many of the year's items stand at each stage, for the whole plan and per 部 (in the order given), from the
 * board's rows (every current item, NotStarted included). `total` counts every row given, also those of no known 部.
 */
export function composeProgress(
  fiscalYear: number,
  rows: readonly BoardRow[],
  departments: readonly { id: string; name: string }[],
  calendar: ProgressCalendar = NO_CALENDAR,
): Progress {
  return {
    fiscalYear,
    total: groupOf(null, '全体', rows, calendar),
    departments: departments.map((d) =>
      groupOf(
        d.id,
        d.name,
        rows.filter((r) => r.owningDepartmentId === d.id),
        calendar,
      ),
    ),
  };
}

export interface ProgressOptions {
  /** whether the viewer may read the items of this 部 (rows and 部 the viewer may not read are left out) */
  readable: (owningDepartmentId: string) => boolean;
  /** only this 部 (its items are then also the total) */
  departmentId?: string | null;
  calendar?: ProgressCalendar;
}

/** The live progress of a fiscal year, read from the board. */
export function progress(readModels: ReadModels, fiscalYear: number, options: ProgressOptions): Progress {
  const state = planStateFor(readModels, fiscalYear);
  const known = state.status === 'Imported' ? state.catalogue.departments.map((d) => ({ id: d.id, name: d.name })) : [];
  const only = options.departmentId ?? null;
  const departments = known.filter((d) => options.readable(d.id) && (only === null || d.id === only));
  const rows = board(readModels, fiscalYear).filter(
    (r) => options.readable(r.owningDepartmentId) && (only === null || r.owningDepartmentId === only),
  );
  return composeProgress(fiscalYear, rows, departments, options.calendar);
}

/** One year of an item's 単年度計画 against its 実績. */
export interface ItemTrendYear {
  fiscalYear: number;
  status: EvaluationStatus;
  stageLabel: string;
  targetKind: 'quantitative' | 'qualitative' | null;
  /** canonical decimal strings (null: no numeric target / no actual yet) */
  target: string | null;
  actual: string | null;
  unit: string | null;
  direction: Direction | null;
  achievementPercent: string | null;
}

export interface ItemTrend {
  itemId: string;
  itemName: string;
  owningDepartmentId: string;
  years: ItemTrendYear[];
}

/** Target vs actual of an item in every year of the plan period, read from the board (null: no such item). */
export function itemTrend(readModels: ReadModels, itemId: string): ItemTrend | null {
  const item = planItems(readModels).find((i) => i.itemId === itemId);
  const period = planPeriod(readModels);
  if (!item || !period) return null;
  const rows = stmt(readModels.db, `SELECT * FROM board_evaluations WHERE item_id = ?`).all(itemId) as Parameters<typeof entryFromRow>[0][];
  const byYear = new Map(rows.map((r) => [r.fiscal_year, entryFromRow(r)]));
  const years: ItemTrendYear[] = [];
  for (let fiscalYear = period.from; fiscalYear <= period.to; fiscalYear++) {
    const entry = byYear.get(fiscalYear);
    const summary = entry ? describeCompactEvaluation(entry.evaluation) : null;
    const target = summary?.target ?? null;
    years.push({
      fiscalYear,
      status: summary?.status ?? 'NotStarted',
      stageLabel: summary?.stageLabel ?? STAGE_LABELS.NotStarted,
      targetKind: target?.kind ?? null,
      target: target?.kind === 'quantitative' ? target.target : null,
      actual: summary?.actual ?? null,
      unit: target?.kind === 'quantitative' ? target.unit : null,
      direction: target?.kind === 'quantitative' ? target.direction : null,
      achievementPercent: summary?.achievementPercent ?? null,
    });
  }
  return { itemId, itemName: item.name, owningDepartmentId: item.owningDepartmentId, years };
}
