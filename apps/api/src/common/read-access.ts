import { ForbiddenError, canRead, readsEveryDepartment, type Actor, type EvaluationStatus, type ReadSharing } from '@hyoka/domain';

/** Refuses reading an evaluation the viewer may not read (the domain's `canRead`: its 部, or shared once final). */
export function requireCanRead(
  viewer: Actor,
  item: { owningDepartmentId: string; status: EvaluationStatus | null },
  sharing: ReadSharing,
): void {
  if (!canRead(viewer, item, sharing)) {
    throw new ForbiddenError(
      sharing.shareFinalized
        ? 'この実施項目の評価を閲覧する権限がありません。担当する部の実施項目と、確定した評価のみ閲覧できます。'
        : 'この実施項目の評価を閲覧する権限がありません。担当する部の実施項目のみ閲覧できます。',
    );
  }
}

/** True when the viewer may read every department's evaluations (auditors, committee, managers). */
export function readsEverything(viewer: Actor): boolean {
  return readsEveryDepartment(viewer);
}
