import type { RoleAssignment } from '@hyoka/domain';

export interface AccountSpec {
  userId: string;
  loginName: string;
  displayName: string;
  roles: RoleAssignment[];
}

const staff = (departmentId: string): RoleAssignment => ({ role: 'Staff', departmentId });
const head = (departmentId: string): RoleAssignment => ({ role: 'DepartmentHead', departmentId });
const manager: RoleAssignment = { role: 'Manager', departmentId: null };

/**
 * One person per role: staff and the chair (部長) of each 部, a 管理職, the 事務局長, two 評価検証委員, an auditor and an
 * admin. 部長 and 事務局長 are 管理職 (課長級以上) too, so they also sit in the 管理職会議.
 */
const DEMO: readonly Omit<AccountSpec, 'userId'>[] = [
  { loginName: 'staff-general', displayName: '総務部 担当職員', roles: [staff('general-affairs')] },
  { loginName: 'staff-community', displayName: '地域福祉部 担当職員', roles: [staff('community-welfare')] },
  { loginName: 'staff-livelihood', displayName: '生活支援部 担当職員', roles: [staff('livelihood-support')] },
  { loginName: 'head-general', displayName: '総務部長', roles: [head('general-affairs'), manager] },
  { loginName: 'head-community', displayName: '地域福祉部長', roles: [head('community-welfare'), manager] },
  { loginName: 'head-livelihood', displayName: '生活支援部長', roles: [head('livelihood-support'), manager] },
  { loginName: 'manager', displayName: '管理職', roles: [manager] },
  { loginName: 'secretary-general', displayName: '事務局長', roles: [{ role: 'SecretaryGeneral', departmentId: null }, manager] },
  { loginName: 'committee-1', displayName: '評価検証委員 1', roles: [{ role: 'CommitteeMember', departmentId: null }] },
  { loginName: 'committee-2', displayName: '評価検証委員 2', roles: [{ role: 'CommitteeMember', departmentId: null }] },
  { loginName: 'auditor', displayName: '監査', roles: [{ role: 'Auditor', departmentId: null }] },
  { loginName: 'admin', displayName: '管理者', roles: [{ role: 'Admin', departmentId: null }] },
];

/** user id of a demo account: stable, so a retried first start appends to the same streams */
export const demoUserId = (loginName: string): string => `demo-${loginName}`;

export const DEMO_ACCOUNTS: readonly AccountSpec[] = DEMO.map((a) => ({ ...a, userId: demoUserId(a.loginName) }));

/** The one account a production first start creates: an administrator, who then creates the real people (`npx hyoka users create`). */
export const ADMINISTRATOR: AccountSpec = {
  userId: 'admin',
  loginName: 'admin',
  displayName: '管理者',
  roles: [{ role: 'Admin', departmentId: null }],
};
