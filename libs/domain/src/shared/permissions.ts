import { ROLE_LABELS, STAGE_LABELS } from './labels.js';
import { holdsRole, type Actor, type Role } from './roles.js';
import { NOT_STARTED, isFinal, routePermissions } from '../evaluation/route.js';
import type { EvaluationCommandType, EvaluationItem, EvaluationState, EvaluationStatus } from '../evaluation/types.js';
import { STRUCTURE_COMMAND_LABELS, STRUCTURE_PERMISSIONS } from '../catalogue/structure-permissions.js';

/** Who a rule admits: a role, the start-up process, or the user the command is about. */
export type Principal = Role | 'System' | 'Self';

/**
 * One line of the permission table.
 * - `stages`: the evaluation stages at which the rule applies (evaluation commands only);
 * - `department: 'owning'`: the role must be held for the 部 that owns the item.
 */
export type PermissionRule = Readonly<{
  principal: Principal;
  stages?: readonly EvaluationStatus[];
  department?: 'owning';
}>;

/**
 * Who may do what. Anything not listed is denied.
 * - The evaluation commands' rows are read off the route table (`ROUTE` in evaluation/route.ts): who acts at each
 *   stage, who recalls, who reopens, who comments. Change the route there, not here.
 * - Auditor: reads only. Admin: users, roles, the catalogue and fiscal years; no evaluation command.
 */
const ADMINISTRATION = {
  // users and roles
  RegisterUser: [{ principal: 'Admin' }, { principal: 'System' }],
  GrantRole: [{ principal: 'Admin' }, { principal: 'System' }],
  RevokeRole: [{ principal: 'Admin' }],
  DisableUser: [{ principal: 'Admin' }],
  EnableUser: [{ principal: 'Admin' }],
  ChangePassword: [{ principal: 'Admin' }, { principal: 'Self' }],
  // System: the demo accounts get their hyoka.example address on first start
  ChangeUserEmail: [{ principal: 'Admin' }, { principal: 'Self' }, { principal: 'System' }],
  ChangeNotificationPreferences: [{ principal: 'Self' }, { principal: 'Admin' }],
  // the plan catalogue and its revisions (計画の見直し)
  ImportPlanCatalogue: [{ principal: 'System' }, { principal: 'Admin' }],
  ChangeItemSchedule: [{ principal: 'Admin' }],
  AddItem: [{ principal: 'Admin' }],
  RetireItem: [{ principal: 'Admin' }],
  RenameItem: [{ principal: 'Admin' }],
  // 計画期間: the next 中期経営計画 opened from an imported workbook
  OpenPlanPeriod: [{ principal: 'Admin' }],
  // the organisation: 部, 会議体 and which 推進会議 reviews which 部門 (System: the first-start mapping)
  AddDepartment: [{ principal: 'Admin' }],
  RenameDepartment: [{ principal: 'Admin' }],
  RetireDepartment: [{ principal: 'Admin' }],
  AddReviewBody: [{ principal: 'Admin' }],
  ChangeReviewBody: [{ principal: 'Admin' }],
  RetireReviewBody: [{ principal: 'Admin' }],
  RemapDivision: [{ principal: 'Admin' }, { principal: 'System' }],
  // fiscal years and their grading thresholds
  OpenFiscalYear: [{ principal: 'Admin' }, { principal: 'System' }],
  SetDueDates: [{ principal: 'Admin' }],
  // 評価検証委員の役職 (理事・評議員・監事)
  SetCommitteeOffice: [{ principal: 'Admin' }],
} as const satisfies Record<string, readonly PermissionRule[]>;

/**
 * 担当者: the 部長 of the item's owning 部 assigns its staff. Admin does not: Admin reads no evaluation, and who does
 * the 部's work is the 部's decision.
 */
const WORK_ORGANISATION = {
  AssignItem: [{ principal: 'DepartmentHead', department: 'owning' }],
} as const satisfies Record<string, readonly PermissionRule[]>;

/**
 * 会議: who may schedule and run a session at all; `decideMeeting` narrows it to the chair (or, before one exists, who
 * would chair that body: the 部's 部長, a committee member), the 事務局長 and the administrator.
 */
const RUNNING_A_SESSION = [{ principal: 'Admin' }, { principal: 'SecretaryGeneral' }, { principal: 'DepartmentHead' }, { principal: 'CommitteeMember' }] as const;
const MEETINGS = {
  ScheduleMeeting: RUNNING_A_SESSION,
  ChangeAgenda: RUNNING_A_SESSION,
  OpenMeeting: RUNNING_A_SESSION,
  RecordAttendance: RUNNING_A_SESSION,
  RecordMinutes: RUNNING_A_SESSION,
  CloseMeeting: RUNNING_A_SESSION,
} as const satisfies Record<string, readonly PermissionRule[]>;

export type PermittedCommandType =
  | EvaluationCommandType
  | keyof typeof ADMINISTRATION
  | keyof typeof STRUCTURE_PERMISSIONS
  | keyof typeof WORK_ORGANISATION
  | keyof typeof MEETINGS;

export const PERMISSIONS: Readonly<Record<PermittedCommandType, readonly PermissionRule[]>> = {
  ...routePermissions(),
  ...ADMINISTRATION,
  ...(STRUCTURE_PERMISSIONS satisfies Record<string, readonly PermissionRule[]>),
  ...WORK_ORGANISATION,
  ...MEETINGS,
};

/** Japanese names of the commands, for messages and the UI. */
export const COMMAND_LABELS: Readonly<Record<PermittedCommandType, string>> = {
  SaveAnnualPlan: '単年度計画の保存',
  SubmitAnnualPlan: '単年度計画の提出',
  ApproveAnnualPlan: '単年度計画の承認',
  ChangeAnnualPlan: '単年度計画の変更',
  SaveSelfEvaluation: '自己評価の保存',
  SubmitEvaluation: '提出',
  RecallEvaluation: '引き戻し',
  CommentOnEvaluation: 'コメント',
  AddOpinion: '意見の追加',
  ReplyToComment: 'コメントへの返信',
  ApproveEvaluation: '承認',
  ReturnEvaluation: '差し戻し',
  ForwardToCommittee: '総合評価(案)の提出',
  FinalizeEvaluation: '総合評価の確定',
  ReopenEvaluation: '再開',
  AttachEvidence: '根拠資料ファイルの添付',
  RemoveEvidence: '根拠資料ファイルの削除',
  RegisterUser: 'ユーザー登録',
  GrantRole: '役割の付与',
  RevokeRole: '役割の取り消し',
  DisableUser: 'ユーザーの無効化',
  EnableUser: 'ユーザーの有効化',
  ChangePassword: 'パスワード変更',
  ChangeUserEmail: 'メールアドレスの変更',
  ChangeNotificationPreferences: '通知設定の変更',
  ImportPlanCatalogue: '計画カタログの取り込み',
  ChangeItemSchedule: '計画段階の変更',
  AddItem: '実施項目の追加',
  RetireItem: '実施項目の廃止',
  RenameItem: '実施項目の名称変更',
  OpenPlanPeriod: '計画期間の開始',
  ...STRUCTURE_COMMAND_LABELS,
  AddDepartment: '部の追加',
  RenameDepartment: '部の名称変更',
  RetireDepartment: '部の廃止',
  AddReviewBody: '会議体の追加',
  ChangeReviewBody: '会議体の変更',
  RetireReviewBody: '会議体の廃止',
  RemapDivision: '部門を審査する推進会議の変更',
  OpenFiscalYear: '年度の開始',
  AssignItem: '担当者の割り当て',
  SetDueDates: '年度の期限の設定',
  SetCommitteeOffice: '委員の役職の設定',
  RecordHearing: '聞き取りの記録',
  ScheduleMeeting: '会議の登録',
  ChangeAgenda: '議題の変更',
  OpenMeeting: '会議の開会',
  RecordAttendance: '出席の記録',
  RecordMinutes: '議事録の記録',
  CloseMeeting: '会議の閉会',
};

export type Authorization =
  | { allowed: true; /** the role (and 部) acted as, for the event metadata */ actingAs: string }
  | { allowed: false; code: 'FORBIDDEN' | 'ILLEGAL_TRANSITION'; reason: string };

/** What the table reads of an item: the 部 that owns it. */
type ItemScope = Pick<EvaluationItem, 'owningDepartmentId' | 'owningDepartmentName'>;

const PRINCIPAL_LABELS: Record<Principal, string> = { ...ROLE_LABELS, System: 'システム', Self: '本人' };

const rulesOf = (commandType: string): readonly PermissionRule[] | undefined =>
  Object.hasOwn(PERMISSIONS, commandType) ? PERMISSIONS[commandType as PermittedCommandType] : undefined;

/** What the rule's principal is, for this actor: matched, or not. Department is checked separately. */
function holdsPrincipal(actor: Actor, principal: Principal, subjectUserId: string | undefined): boolean {
  if (principal === 'System') return actor.system === true;
  if (principal === 'Self') return subjectUserId !== undefined && subjectUserId === actor.userId;
  return holdsRole(actor, principal);
}

function actingAsOf(rule: PermissionRule, item: ItemScope | undefined): string {
  if (rule.department === 'owning' && item) return `${rule.principal}@${item.owningDepartmentId}`;
  return rule.principal;
}

type Denial = Extract<Authorization, { allowed: false }>;

const deny = (code: 'FORBIDDEN' | 'ILLEGAL_TRANSITION', reason: string): Denial => ({ allowed: false, code, reason });

type RolePermission = { allowed: true; rules: readonly PermissionRule[] } | Denial;

/** The rules of a command the person's roles and 部 match, whatever the stage; FORBIDDEN when there are none. */
function byRoleAndDepartment(actor: Actor, commandType: string, item: ItemScope | undefined, subject?: { userId: string }): RolePermission {
  const label = COMMAND_LABELS[commandType as PermittedCommandType] ?? commandType;
  if (actor.disabled) return deny('FORBIDDEN', 'このユーザーは無効化されているため操作できません');
  const rules = rulesOf(commandType);
  if (!rules) return deny('FORBIDDEN', `「${label}」という操作はありません`);

  const byPrincipal = rules.filter((rule) => holdsPrincipal(actor, rule.principal, subject?.userId));
  if (byPrincipal.length === 0) {
    const who = [...new Set(rules.map((r) => PRINCIPAL_LABELS[r.principal]))].join('・');
    return deny('FORBIDDEN', `「${label}」は${who}のみ行えます`);
  }
  const byDepartment = byPrincipal.filter(
    (rule) => rule.department !== 'owning' || (item !== undefined && holdsRole(actor, rule.principal as Role, item.owningDepartmentId)),
  );
  if (byDepartment.length === 0) {
    const owner = item ? (item.owningDepartmentName ?? item.owningDepartmentId) : '担当部';
    return deny('FORBIDDEN', `この実施項目は${owner}の担当です。所属する部の実施項目のみ「${label}」を行えます`);
  }
  return { allowed: true, rules: byDepartment };
}

/**
 * Whether the person's roles and 部 allow the command at some stage: the FORBIDDEN half of `authorize`, decided from
 * the actor and the item alone. Callers check it before they read or compare anything of the evaluation's stream, so
 * a refused person learns nothing of its state (its version, whether it was started, which command ids it holds).
 */
export function mayEverDo(
  actor: Actor,
  commandType: string,
  item?: ItemScope,
  subject?: { userId: string },
): { allowed: true } | Denial {
  const permission = byRoleAndDepartment(actor, commandType, item, subject);
  return permission.allowed ? { allowed: true } : permission;
}

/**
 * Deny-by-default check of one command against `PERMISSIONS`.
 * FORBIDDEN when the person's roles or 部 never allow it (`mayEverDo`); ILLEGAL_TRANSITION when they would, but not
 * at this stage. For evaluation commands pass the state (undefined = not started) and the item; for ChangePassword
 * the subject user.
 */
export function authorize(
  actor: Actor,
  commandType: string,
  state?: EvaluationState,
  item?: ItemScope,
  subject?: { userId: string },
): Authorization {
  const label = COMMAND_LABELS[commandType as PermittedCommandType] ?? commandType;
  const permission = byRoleAndDepartment(actor, commandType, item, subject);
  if (!permission.allowed) return permission;
  const byDepartment = permission.rules;
  if (byDepartment.some((rule) => rule.stages === undefined)) {
    return { allowed: true, actingAs: actingAsOf(byDepartment.find((rule) => rule.stages === undefined)!, item) };
  }
  const status: EvaluationStatus = state?.status ?? NOT_STARTED;
  const atStage = byDepartment.find((rule) => rule.stages?.includes(status));
  if (!atStage) {
    if (isFinal(status)) {
      return deny('ILLEGAL_TRANSITION', `確定済みの評価には「${label}」を行えません(評価検証委員による再開が必要です)`);
    }
    const stages = [...new Set(byDepartment.flatMap((r) => r.stages ?? []))].map((s) => STAGE_LABELS[s]).join('・');
    return deny('ILLEGAL_TRANSITION', `この評価は「${STAGE_LABELS[status]}」の段階です。あなたが「${label}」を行えるのは「${stages}」の段階です`);
  }
  return { allowed: true, actingAs: actingAsOf(atStage, item) };
}

/**
 * Who may read an evaluation (queries): Auditor, CommitteeMember, Manager and SecretaryGeneral read all;
 * Staff and DepartmentHead read their own 部's items; Admin manages users and the catalogue but reads no evaluation.
 */
export const READ_PERMISSIONS: readonly Readonly<{ role: Role; department?: 'owning' }>[] = [
  { role: 'Auditor' },
  { role: 'CommitteeMember' },
  { role: 'SecretaryGeneral' },
  { role: 'Manager' },
  { role: 'DepartmentHead', department: 'owning' },
  { role: 'Staff', department: 'owning' },
];

/**
 * Per deployment (HYOKA_SHARE_FINALIZED): whether a finalised evaluation is shared with all staff (全職員で共有). Every
 * read path passes it, so a deployment that keeps results within each 部 turns sharing off in one place.
 */
export type ReadSharing = Readonly<{ shareFinalized: boolean }>;
export const SHARE_FINALIZED: ReadSharing = { shareFinalized: true };
export const KEEP_WITHIN_DEPARTMENT: ReadSharing = { shareFinalized: false };

/** Whether the person reads this 部's evaluations whatever their stage (its unfinished work too): READ_PERMISSIONS. */
export function readsDepartment(actor: Actor, owningDepartmentId: string): boolean {
  if (actor.disabled) return false;
  return READ_PERMISSIONS.some((rule) => holdsRole(actor, rule.role, rule.department === 'owning' ? owningDepartmentId : undefined));
}

/** 職員: anyone who works on the plan's items (staff and 部長 of any 部); the administrator and outsiders are not. */
const isStaffMember = (actor: Actor): boolean => holdsRole(actor, 'Staff') || holdsRole(actor, 'DepartmentHead');

/**
 * THE read rule of an evaluation: those READ_PERMISSIONS admit for its 部 read it at any stage; once it is final (確定)
 * every staff member reads it when the deployment shares results (全職員で共有). `status` null: the stage is not known
 * (or the read covers unfinished work), so only the 部 rule applies — unfinished work of another 部 stays private.
 */
export function canRead(
  actor: Actor,
  item: Readonly<{ owningDepartmentId: string; status: EvaluationStatus | null }>,
  sharing: ReadSharing,
): boolean {
  if (readsDepartment(actor, item.owningDepartmentId)) return true;
  return !actor.disabled && sharing.shareFinalized && item.status !== null && isFinal(item.status) && isStaffMember(actor);
}

/**
 * True when the viewer may read the evaluations of at least one 部 (the board, the reports): a read role held for
 * some 部 (grants name only the catalogue's 部) or for all.
 */
export const readsAnyDepartment = (actor: Actor): boolean => !actor.disabled && READ_PERMISSIONS.some((rule) => holdsRole(actor, rule.role));

/** True when the viewer may read every 部's evaluations (the audit log): 監査, 評価検証委員, 管理職, 事務局長. */
export const readsEveryDepartment = (actor: Actor): boolean =>
  !actor.disabled && READ_PERMISSIONS.some((rule) => rule.department !== 'owning' && holdsRole(actor, rule.role));

/**
 * Whether the table lets the person do the command in some 部 (at `stage`, when given): what a menu needs to decide
 * whether to offer a page at all. The command itself is still authorized item by item.
 */
export function mayDoSomewhere(actor: Actor, commandType: string, stage?: EvaluationStatus): boolean {
  if (actor.disabled) return false;
  return (rulesOf(commandType) ?? []).some(
    (rule) =>
      rule.principal !== 'System' &&
      rule.principal !== 'Self' &&
      holdsRole(actor, rule.principal) &&
      (stage === undefined || rule.stages === undefined || rule.stages.includes(stage)),
  );
}
