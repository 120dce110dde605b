import { ROLE_LABELS, isRole, type RoleAssignment } from '@hyoka/domain';
import type { DepartmentNames } from '@hyoka/projections';

/**
 * 部長(総務部) for 'DepartmentHead@<部のID>'; 事務局長 for 'SecretaryGeneral'; the raw text otherwise. The 部's name
 * comes from the plan (`departmentNames` of the read models); a 部 it does not know shows as its id.
 */
export function actingAsLabel(actingAs: string | null | undefined, departments: DepartmentNames): string | null {
  if (!actingAs) return null;
  const [role, department] = actingAs.split('@');
  if (!isRole(role)) return actingAs === 'System' ? 'システム' : actingAs;
  return department ? `${ROLE_LABELS[role]}(${departments.get(department) ?? department})` : ROLE_LABELS[role];
}

export function roleLabel(assignment: RoleAssignment, departments: DepartmentNames): string {
  return actingAsLabel(assignment.departmentId ? `${assignment.role}@${assignment.departmentId}` : assignment.role, departments)!;
}
