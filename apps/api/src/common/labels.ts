import { DEPARTMENT_LABELS, ROLE_LABELS, isRole, type RoleAssignment } from '@hyoka/domain';

/** 部長(総務部) for 'DepartmentHead@general-affairs'; 事務局長 for 'SecretaryGeneral'; the raw text otherwise. */
export function actingAsLabel(actingAs: string | null | undefined): string | null {
  if (!actingAs) return null;
  const [role, department] = actingAs.split('@');
  if (!isRole(role)) return actingAs === 'System' ? 'システム' : actingAs;
  return department ? `${ROLE_LABELS[role]}(${DEPARTMENT_LABELS[department] ?? department})` : ROLE_LABELS[role];
}

export function roleLabel(assignment: RoleAssignment): string {
  return actingAsLabel(assignment.departmentId ? `${assignment.role}@${assignment.departmentId}` : assignment.role)!;
}
