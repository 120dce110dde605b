import type { ProgressGroupFieldsFragment, ProgressQuery } from '../gql/generated.js';

export type ProgressData = ProgressQuery['progress'];
export type ProgressGroup = ProgressGroupFieldsFragment;
export type ProgressStage = ProgressGroup['phases'][number]['stages'][number]['stage'];
export type ProgressPhase = ProgressGroup['phases'][number]['phase'];
export type ProgressItem = ProgressData['items'][number];

/** One row of the chart and the table: the whole plan (departmentId null) first, then each 部 as the API lists them. */
export interface ProgressRow {
  departmentId: string | null;
  group: ProgressGroup;
}

/** What a person drilled down into: a row (whole plan or one 部) and a stage. */
export interface ProgressSelection {
  departmentId: string | null;
  stage: ProgressStage;
}

export function progressRows(progress: ProgressData): ProgressRow[] {
  return [{ departmentId: null, group: progress.total }, ...progress.departments.map((group) => ({ departmentId: group.departmentId, group }))];
}

/** The route's stages in order with their phase, as the API groups them (every row has the same columns). */
export function stageColumns(progress: ProgressData): { stage: ProgressStage; phase: ProgressPhase }[] {
  return progress.total.phases.flatMap((p) => p.stages.map((s) => ({ stage: s.stage, phase: p.phase })));
}

/** The phases with how many stage columns each spans (the table's upper header). */
export function phaseSpans(progress: ProgressData): { phase: ProgressPhase; span: number }[] {
  return progress.total.phases.filter((p) => p.stages.length > 0).map((p) => ({ phase: p.phase, span: p.stages.length }));
}

export function cellOf(group: ProgressGroup, stage: ProgressStage) {
  return group.phases.flatMap((p) => p.stages).find((s) => s.stage === stage) ?? null;
}

/** The items of a drill-down, in the API's (document) order, each marked when past its stage's due date. */
export function drilldownItems(progress: ProgressData, selection: ProgressSelection): (ProgressItem & { overdue: boolean })[] {
  const row = progressRows(progress).find((r) => r.departmentId === selection.departmentId);
  const cell = row ? cellOf(row.group, selection.stage) : null;
  if (!cell) return [];
  const ids = new Set(cell.itemIds);
  const overdue = new Set(cell.overdueItemIds);
  return progress.items.filter((i) => ids.has(i.itemId)).map((i) => ({ ...i, overdue: overdue.has(i.itemId) }));
}
