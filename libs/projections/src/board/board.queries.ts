import {
  type EvaluationStatus,
  type EvaluationSummary,
  type Grade,
} from '@hyoka/domain';
import type { ReadModels } from '../read-models.js';
import { stmt } from '../sql.js';
import { isRetiredIn, plannedStageOf, type PlanItem } from '../plan/plan-item.js';
import { planItemsFor } from '../plan/plan.queries.js';
import { describeCompactEvaluation, initialCompactEvaluation } from '../shared/compact-evaluation.js';
import { entryFromRow, type BoardEntry } from './board.projection.js';

/** One line of the board: an 実施項目 in a fiscal year, with its stage and grades. */
export interface BoardRow {
  itemId: string;
  itemName: string;
  divisionId: string;
  divisionName: string;
  themeId: string;
  owningDepartmentId: string;
  fiscalYear: number;
  /** the year's 計画段階 from the (revised) schedule */
  plannedStage: string | null;
  /** retired by a plan revision for this year (listed only when it was evaluated that year all the same) */
  retired: boolean;
  status: EvaluationStatus;
  stageLabel: string;
  targetKind: 'quantitative' | 'qualitative' | null;
  selfGrade: Grade | null;
  proposedGrade: Grade | null;
  finalGrade: Grade | null;
  quantitativeGrade: Grade | null;
  qualitativeGrade: Grade | null;
  achievementPercent: string | null;
  stageLag: boolean;
  lastActor: string | null;
  lastActorName: string | null;
  lastActingAs: string | null;
  lastActedAt: string | null;
  /** revision of the evaluation stream's last event, sent back as expectedVersion; null before the first event */
  version: number | null;
  /** everything else about the evaluation (open return, recallable, counts, …) */
  summary: EvaluationSummary;
}

/**
 * Pure: the board of a fiscal year from the plan's items and the evaluations' entries.
 * Every current item is listed (NotStarted when it has no evaluation yet), in document order; a retired item
 * only when it was evaluated that year; an evaluation of an item the plan does not know comes last.
 */
export function composeBoard(fiscalYear: number, items: readonly PlanItem[], entries: readonly BoardEntry[]): BoardRow[] {
  const byItem = new Map(entries.filter((e) => e.fiscalYear === fiscalYear).map((e) => [e.itemId, e]));
  const rows: BoardRow[] = [];
  const known = new Set<string>();
  for (const item of [...items].sort((a, b) => a.order - b.order)) {
    known.add(item.itemId);
    const entry = byItem.get(item.itemId);
    if (isRetiredIn(item, fiscalYear) && !entry) continue;
    rows.push(rowOf(fiscalYear, item, entry));
  }
  for (const entry of byItem.values()) {
    if (known.has(entry.itemId)) continue;
    const unknown: PlanItem = {
      itemId: entry.itemId,
      name: entry.itemId,
      divisionId: '',
      divisionName: '',
      themeId: '',
      owningDepartmentId: '',
      promotionMeetingId: '',
      schedule: {},
      retiredFrom: null,
      order: Number.MAX_SAFE_INTEGER,
    };
    rows.push(rowOf(fiscalYear, unknown, entry));
  }
  return rows;
}

function rowOf(fiscalYear: number, item: PlanItem, entry: BoardEntry | undefined): BoardRow {
  const summary = describeCompactEvaluation(entry?.evaluation ?? initialCompactEvaluation());
  return {
    itemId: item.itemId,
    itemName: item.name,
    divisionId: item.divisionId,
    divisionName: item.divisionName,
    themeId: item.themeId,
    owningDepartmentId: item.owningDepartmentId,
    fiscalYear,
    plannedStage: plannedStageOf(item, fiscalYear),
    retired: isRetiredIn(item, fiscalYear),
    status: summary.status,
    stageLabel: summary.stageLabel,
    targetKind: summary.target?.kind ?? null,
    selfGrade: summary.selfGrade?.grade ?? null,
    proposedGrade: summary.proposedGrade?.grade ?? null,
    finalGrade: summary.finalGrade?.grade ?? null,
    quantitativeGrade: summary.quantitativeGrade?.grade ?? null,
    qualitativeGrade: summary.qualitativeGrade?.grade ?? null,
    achievementPercent: summary.achievementPercent,
    stageLag: summary.stageLag,
    lastActor: entry?.lastActor ?? null,
    lastActorName: entry?.lastActorName ?? null,
    lastActingAs: entry?.lastActingAs ?? null,
    lastActedAt: entry?.lastActedAt ?? null,
    version: entry ? entry.revision : null,
    summary,
  };
}

/** The live board of a fiscal year. */
export function board(readModels: ReadModels, fiscalYear: number): BoardRow[] {
  const rows = stmt(readModels.db, `SELECT * FROM board_evaluations WHERE fiscal_year = ?`).all(fiscalYear) as Parameters<
    typeof entryFromRow
  >[0][];
  return composeBoard(fiscalYear, planItemsFor(readModels, fiscalYear), rows.map(entryFromRow));
}
