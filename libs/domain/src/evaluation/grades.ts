import type { Grade, StartedEvaluation, EvaluationState, SelfEvaluation, AnnualTarget } from './types.js';

/** 自己評価 grade shown beside the proposed and final grades: 定量評価 for a quantitative item, else 定性評価. */
export function selfGradeOf(target: AnnualTarget | null, selfEvaluation: SelfEvaluation | null): Grade | null {
  if (!target || !selfEvaluation) return null;
  return target.kind === 'quantitative' ? selfEvaluation.quantitativeGrade : selfEvaluation.qualitativeGrade;
}

/** self / 案 / final side by side. */
export function gradesOf(state: EvaluationState): { self: Grade | null; proposed: Grade | null; final: Grade | null } {
  if (state.status === 'NotStarted') return { self: null, proposed: null, final: null };
  const s: StartedEvaluation = state;
  return { self: selfGradeOf(s.plan?.target ?? null, s.selfEvaluation), proposed: s.proposed?.grade ?? null, final: s.final?.grade ?? null };
}
