import { ForbiddenError, canRead, readsEveryDepartment, type Actor } from '@hyoka/domain';

/** Refuses reading an evaluation of an item the viewer may not read (the domain's `canRead`). */
export function requireCanRead(viewer: Actor, item: { owningDepartmentId: string }): void {
  if (!canRead(viewer, item)) {
    throw new ForbiddenError('この実施項目の評価を閲覧する権限がありません。担当する部の実施項目のみ閲覧できます。');
  }
}

/** True when the viewer may read every department's evaluations (auditors, committee, managers). */
export function readsEverything(viewer: Actor): boolean {
  return readsEveryDepartment(viewer);
}
