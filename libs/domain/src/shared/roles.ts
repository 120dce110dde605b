/** 担当職員, 部長, 管理職, 事務局長, 評価検証委員, 監査, 管理者 */
export const ROLES = [
  'Staff',
  'DepartmentHead',
  'Manager',
  'SecretaryGeneral',
  'CommitteeMember',
  'Auditor',
  'Admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  Staff: '担当職員',
  DepartmentHead: '部長',
  Manager: '管理職',
  SecretaryGeneral: '事務局長',
  CommitteeMember: '評価検証委員',
  Auditor: '監査',
  Admin: '管理者',
};

/** Roles that are held for one 部 (Department) and need a departmentId. */
export const DEPARTMENTAL_ROLES: readonly Role[] = ['Staff', 'DepartmentHead'];

export type RoleAssignment = { role: Role; departmentId: string | null };

/** The person issuing a command, as the API built it from their user stream. */
export type Actor = {
  userId: string;
  displayName?: string;
  roles: readonly RoleAssignment[];
  /** a disabled user may do nothing */
  disabled?: boolean;
  /** the start-up process that imports the catalogue and creates the first admin; never a person */
  system?: boolean;
};

/** The actor for start-up imports and bootstrap (metadata actor 'system'). */
export const SYSTEM_ACTOR: Actor = Object.freeze({
  userId: 'system',
  displayName: 'システム',
  roles: [],
  system: true,
});

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

export const holdsRole = (actor: Actor, role: Role, departmentId?: string): boolean =>
  actor.roles.some((r) => r.role === role && (departmentId === undefined || r.departmentId === departmentId));
