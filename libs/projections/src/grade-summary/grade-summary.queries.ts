import { isFinal, GRADES, type EvaluationStatus, type Grade } from '@hyoka/domain';
import type { ReadModels } from '../read-models.js';
import { stmt } from '../sql.js';
import type { PlanItem } from '../plan/plan-item.js';
import { planDivisionsFor, planItemsFor, planPeriods, type PlanDivision } from '../plan/plan.queries.js';

export type GradeCounts = Record<Grade, number>;

/** One 部門 in one fiscal year. */
export interface GradeSummaryRow {
  divisionId: string;
  divisionName: string;
  fiscalYear: number;
  /** evaluations started (a target set) */
  evaluations: number;
  finalized: number;
  /** 総合評価 of the finalised evaluations */
  final: GradeCounts;
  /** 自己評価 as currently saved (定量評価 for a quantitative target, else 定性評価) */
  self: GradeCounts;
}

const zero = (): GradeCounts => Object.fromEntries(GRADES.map((g) => [g, 0])) as GradeCounts;

/**
 * Pure: counts per 部門 × fiscal year, divisions in document order, years ascending. Every division appears for
 * every year of the plan period (and any other year that has evaluations), with zeros where nothing was graded.
 */
export function composeGradeSummary(
  divisions: readonly PlanDivision[],
  items: readonly PlanItem[],
  years: readonly number[],
  evaluations: readonly { itemId: string; fiscalYear: number; selfGrade: Grade | null; finalGrade: Grade | null; finalized: boolean }[],
): GradeSummaryRow[] {
  const divisionOf = new Map(items.map((i) => [i.itemId, i.divisionId]));
  const allYears = [...new Set([...years, ...evaluations.map((e) => e.fiscalYear)])].sort((a, b) => a - b);
  const rows = new Map<string, GradeSummaryRow>();
  const ordered = [...divisions].sort((a, b) => a.number - b.number);
  for (const division of ordered) {
    for (const fiscalYear of allYears) {
      rows.set(`${division.id}/${fiscalYear}`, {
        divisionId: division.id,
        divisionName: division.name,
        fiscalYear,
        evaluations: 0,
        finalized: 0,
        final: zero(),
        self: zero(),
      });
    }
  }
  for (const e of evaluations) {
    const row = rows.get(`${divisionOf.get(e.itemId) ?? ''}/${e.fiscalYear}`);
    if (!row) continue; // an item the plan does not know: no division to count it under
    row.evaluations += 1;
    if (e.finalized) row.finalized += 1;
    if (e.selfGrade) row.self[e.selfGrade] += 1;
    if (e.finalGrade) row.final[e.finalGrade] += 1;
  }
  return [...rows.values()];
}

/** The per-部門 grade summary across the years. */
export function gradeSummary(readModels: ReadModels): GradeSummaryRow[] {
  const rows = stmt(
    readModels.db,
    `SELECT item_id, fiscal_year, status, self_grade, final_grade FROM grade_summary_evaluations`,
  ).all() as { item_id: string; fiscal_year: number; status: string; self_grade: Grade | null; final_grade: Grade | null }[];
  const evaluations = rows.map((r) => ({
    itemId: r.item_id,
    fiscalYear: r.fiscal_year,
    selfGrade: r.self_grade,
    finalGrade: r.final_grade,
    finalized: isFinal(r.status as EvaluationStatus),
  }));
  const periods = planPeriods(readModels);
  if (periods.length === 0) return composeGradeSummary([], [], [], evaluations);
  // each period with its own 部門 and items; a year no period holds is counted with the period in force
  const inPeriod = (y: number) => periods.find((p) => p.from <= y && y <= p.to);
  return periods.flatMap((period) => {
    const years: number[] = [];
    for (let y = period.from; y <= period.to; y += 1) years.push(y);
    const own = evaluations.filter((e) => (inPeriod(e.fiscalYear) ?? periods.at(-1)) === period);
    return composeGradeSummary(planDivisionsFor(readModels, period.from), planItemsFor(readModels, period.from), years, own);
  });
}
