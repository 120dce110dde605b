import type { PlanCatalogue } from '@hyoka/catalogue';

/**
 * What importing a workbook means against the catalogue the store holds:
 * - `firstPlan`: the store has no plan yet (a council starting on Hyoka with its own plan) — the workbook is imported whole;
 * - `revision`: the same period as the plan in force — its differences are one 計画の見直し;
 * - `newPeriod`: a period that begins after the one in force ends — the next 中期経営計画, opened whole;
 * - otherwise the workbook cannot be imported, and `problem` says why in Japanese.
 */
export type ImportMode =
  | { mode: 'firstPlan'; period: { from: number; to: number } }
  | { mode: 'revision'; period: { from: number; to: number } }
  | { mode: 'newPeriod'; period: { from: number; to: number }; current: { from: number; to: number } }
  | { mode: 'refused'; problem: string };

const label = (p: { from: number; to: number }) => `${p.from}〜${p.to}年度`;

export function importModeOf(current: PlanCatalogue | null, next: PlanCatalogue): ImportMode {
  const period = { from: next.period.from, to: next.period.to };
  if (current === null) return { mode: 'firstPlan', period };
  const now = current.period;
  if (period.from === now.from && period.to === now.to) return { mode: 'revision', period };
  if (period.from > now.to) return { mode: 'newPeriod', period, current: { from: now.from, to: now.to } };
  return {
    mode: 'refused',
    problem:
      `ブックの計画期間(${label(period)})は現在の計画期間(${label(now)})と同じでも、その後でもありません。` +
      '今の計画の見直しなら計画期間を変えずに、次の計画なら現在の計画期間が終わった後の年度で作ってください。',
  };
}

/** How many of each level a whole plan holds, for a preview of a first plan or a new period: 「部 5・部門 4・…」. */
export function planSummary(plan: PlanCatalogue): string {
  const topics = plan.divisions.reduce((n, d) => n + d.topics.length, 0);
  const themes = plan.divisions.reduce((n, d) => n + d.topics.reduce((m, t) => m + t.themes.length, 0), 0);
  const meetings = plan.reviewBodies.filter((b) => b.kind === 'PromotionMeeting').length;
  return `部 ${plan.departments.length}・推進会議 ${meetings}・部門 ${plan.divisions.length}・推進項目 ${topics}・取組テーマ ${themes}・実施項目 ${plan.items.length}`;
}
