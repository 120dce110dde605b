import type { JsonValue } from '../shared/json.js';
import type { AnnualPlan, EvaluationContent, EvaluationEdition } from './types.js';

/** Japanese names of the fields an edition holds, for the comparison view. */
export const CONTENT_FIELD_LABELS: Readonly<Record<string, string>> = {
  'target.kind': '評価方法',
  'target.target': '目標値',
  'target.unit': '単位',
  'target.direction': '評価の向き',
  'selfEvaluation.planEdition': '評価に用いた計画の版',
  'selfEvaluation.actual': '実績値',
  'selfEvaluation.quantitativeGrade': '定量評価',
  'selfEvaluation.achievementPercent': '達成率(%)',
  'selfEvaluation.thresholds.A': '評価基準(A)',
  'selfEvaluation.thresholds.B': '評価基準(B)',
  'selfEvaluation.thresholds.C': '評価基準(C)',
  'selfEvaluation.qualitativeGrade': '定性評価',
  'selfEvaluation.plannedStage': '計画段階',
  'selfEvaluation.actualStage': '実績の段階',
  'selfEvaluation.plannedStageReached': '計画段階の達成',
  'selfEvaluation.stageLag': '計画段階との乖離',
  'selfEvaluation.narrative.achievements': '実績・成果',
  'selfEvaluation.narrative.issues': '課題',
  'selfEvaluation.narrative.nextYear': '次年度の方向性',
  'selfEvaluation.evidenceLinks': '根拠資料のリンク',
  'proposed.grade': '総合評価(案)',
  'proposed.reason': '総合評価(案)の変更理由',
  'final.grade': '総合評価',
  'final.rationale': '総合評価の根拠',
  'final.reason': '総合評価の変更理由',
};

export type FieldDifference = { field: string; label: string; before: JsonValue; after: JsonValue };

/** Leaves of a JSON object by dotted path; arrays are compared as whole values. */
function leaves(value: unknown, prefix: string, out: Map<string, JsonValue>): Map<string, JsonValue> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out.set(prefix, (value ?? null) as JsonValue);
  }
  return out;
}

/**
 * Field-level differences between two editions (or two contents), in a stable field order.
 * A field absent on one side (e.g. a target switched from 定量 to 定性) compares as null.
 */
export function compareEditions(
  a: EvaluationEdition | EvaluationContent,
  b: EvaluationEdition | EvaluationContent,
): FieldDifference[] {
  const before = leaves('content' in a ? a.content : a, '', new Map());
  const after = leaves('content' in b ? b.content : b, '', new Map());
  const order = Object.keys(CONTENT_FIELD_LABELS);
  const fields = [...new Set([...before.keys(), ...after.keys()])].sort((x, y) => rank(order, x) - rank(order, y) || x.localeCompare(y));
  const differences: FieldDifference[] = [];
  for (const field of fields) {
    const was = before.get(field) ?? null;
    const now = after.get(field) ?? null;
    if (JSON.stringify(was) !== JSON.stringify(now)) {
      differences.push({ field, label: CONTENT_FIELD_LABELS[field] ?? field, before: was, after: now });
    }
  }
  return differences;
}

/** Japanese names of a 単年度計画's fields, for the comparison of plan editions. */
export const PLAN_FIELD_LABELS: Readonly<Record<string, string>> = {
  'target.kind': '評価の方法',
  'target.target': '目標値',
  'target.unit': '単位',
  'target.direction': '評価の向き',
  actions: '取組内容',
};

/** Field-level differences between two plans (two approved editions, or the approved plan and a proposed change). */
export function comparePlans(a: AnnualPlan, b: AnnualPlan): FieldDifference[] {
  const before = leaves({ target: a.target, actions: a.actions }, '', new Map());
  const after = leaves({ target: b.target, actions: b.actions }, '', new Map());
  const differences: FieldDifference[] = [];
  for (const field of Object.keys(PLAN_FIELD_LABELS)) {
    const was = before.get(field) ?? null;
    const now = after.get(field) ?? null;
    if (JSON.stringify(was) !== JSON.stringify(now)) differences.push({ field, label: PLAN_FIELD_LABELS[field]!, before: was, after: now });
  }
  return differences;
}

const rank = (order: string[], field: string): number => {
  const index = order.indexOf(field);
  return index === -1 ? order.length : index;
};
