import type { Grade, StartedEvaluation, EvaluationState, SelfEvaluation, AnnualTarget } from './types.js';

/** 自己評価 grade shown beside the proposed and final grades: 定量評価 for a quantitative item, else 定性評価. */
export function selfGradeOf(target: AnnualTarget | null, selfEvaluation: SelfEvaluation | null): Grade | null {
  if (!target || !selfEvaluation) return null;
  return target.kind === 'quantitative' ? selfEvaluation.quantitativeGrade : selfEvaluation.qualitativeGrade;
}

/**
 * The self grades the 総合評価 stands on (第3章: 「定量評価」及び「定性評価」…を踏まえ): the 定量 and the 定性 grade of a
 * numeric item, the 定性 grade of a 定性-only one; each once, in that order.
 */
export function selfGradesOf(target: AnnualTarget | null, selfEvaluation: SelfEvaluation | null): Grade[] {
  if (!target || !selfEvaluation) return [];
  const grades = target.kind === 'quantitative' ? [selfEvaluation.quantitativeGrade, selfEvaluation.qualitativeGrade] : [selfEvaluation.qualitativeGrade];
  return [...new Set(grades.filter((g): g is Grade => g !== null))];
}

/**
 * Whether a grade recorded on the way up needs a reason (docs/design.md "An evaluation"): it does unless it equals one
 * of the grades it stands on — the 案 the 定量 or the 定性 grade, the final grade those or the 案.
 */
export const gradeNeedsReason = (grade: Grade, grounds: readonly (Grade | null)[]): boolean => !grounds.includes(grade);

/** self / 案 / final side by side. */
export function gradesOf(state: EvaluationState): { self: Grade | null; proposed: Grade | null; final: Grade | null } {
  if (state.status === 'NotStarted') return { self: null, proposed: null, final: null };
  const s: StartedEvaluation = state;
  return { self: selfGradeOf(s.plan?.target ?? null, s.selfEvaluation), proposed: s.proposed?.grade ?? null, final: s.final?.grade ?? null };
}
