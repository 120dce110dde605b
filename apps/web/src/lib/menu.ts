import { mayDoSomewhere, readsAnyDepartment, readsEveryDepartment, type Actor, type Role } from '@hyoka/domain';
import type { RouteNamedMap } from '../router.js';

/** The signed-in person as the menu needs them: their roles and 部. */
export interface MenuViewer {
  userId: string;
  roles: readonly { role: Role | string; departmentId?: string | null }[];
}

export interface MenuEntry {
  name: keyof RouteNamedMap;
  /** i18n key of its label */
  label: `nav.${string}`;
  /** whether the person can use the page, read off the domain's permission table */
  usableBy: (actor: Actor) => boolean;
}

const PLAN_REVISIONS = ['AddItem', 'RenameItem', 'RetireItem', 'ChangeItemSchedule'] as const;

/**
 * The header menu, in order: one place that says which page a person can use (docs/design.md "Deny by default"), from
 * the same permission table the API enforces. A page the person cannot use is not offered.
 */
export const MENU: readonly MenuEntry[] = [
  { name: 'inbox', label: 'nav.inbox', usableBy: () => true },
  { name: 'plan', label: 'nav.plan', usableBy: () => true },
  {
    name: 'bulk',
    label: 'nav.bulkApproval',
    usableBy: (actor) => mayDoSomewhere(actor, 'ApproveEvaluation', 'PromotionMeetingReview') || mayDoSomewhere(actor, 'ForwardToCommittee'),
  },
  // 会議: those who read a 部's evaluations read its sessions; the administrator runs them
  { name: 'meetings', label: 'nav.meetings', usableBy: (actor) => readsAnyDepartment(actor) || mayDoSomewhere(actor, 'ScheduleMeeting') },
  { name: 'board', label: 'nav.board', usableBy: readsAnyDepartment },
  // the progress of the items the person may read (the 管理者 reads none)
  { name: 'progress', label: 'nav.progress', usableBy: readsAnyDepartment },
  { name: 'audit', label: 'nav.audit', usableBy: readsEveryDepartment },
  { name: 'reports', label: 'nav.reports', usableBy: readsAnyDepartment },
  { name: 'calendar', label: 'nav.calendar', usableBy: (actor) => mayDoSomewhere(actor, 'SetDueDates') },
  // the page exists to set other people's addresses: whoever may do that beyond their own (Self)
  { name: 'admin-users', label: 'nav.adminUsers', usableBy: (actor) => mayDoSomewhere(actor, 'ChangeUserEmail') },
  // a workbook import records these revisions: whoever may give every one of them
  { name: 'plan-import', label: 'nav.planImport', usableBy: (actor) => PLAN_REVISIONS.every((command) => mayDoSomewhere(actor, command)) },
  // 組織 (部, 会議体, 部門→推進会議): whoever may change it
  { name: 'organisation', label: 'nav.organisation', usableBy: (actor) => mayDoSomewhere(actor, 'AddDepartment') },
];

export function actorOf(viewer: MenuViewer): Actor {
  return { userId: viewer.userId, roles: viewer.roles.map((r) => ({ role: r.role as Role, departmentId: r.departmentId ?? null })) };
}

/** The entries of MENU this person can use. */
export const menuFor = (viewer: MenuViewer | null): MenuEntry[] => {
  if (!viewer) return [];
  const actor = actorOf(viewer);
  return MENU.filter((entry) => entry.usableBy(actor));
};

/** Whether the person may assign 担当者 somewhere (the inbox then offers selection and assignment). */
export const mayAssign = (viewer: MenuViewer | null): boolean => viewer !== null && mayDoSomewhere(actorOf(viewer), 'AssignItem');
