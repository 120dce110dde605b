import { DEFAULT_THRESHOLDS } from '../shared/grading.js';
import type { Actor } from '../shared/roles.js';
import type { EvaluationContext, EvaluationItem } from '../evaluation/types.js';

/** Test support: one person per role (部 general-affairs unless named otherwise). Not for production use. */
export const testActors = {
  staff: { userId: 'u-staff', displayName: '総務 担当', roles: [{ role: 'Staff', departmentId: 'general-affairs' }] },
  otherStaff: { userId: 'u-staff-2', displayName: '総務 担当2', roles: [{ role: 'Staff', departmentId: 'general-affairs' }] },
  staffOfOtherDepartment: {
    userId: 'u-staff-cw',
    displayName: '地域福祉 担当',
    roles: [{ role: 'Staff', departmentId: 'community-welfare' }],
  },
  head: { userId: 'u-head', displayName: '総務部長', roles: [{ role: 'DepartmentHead', departmentId: 'general-affairs' }, { role: 'Manager', departmentId: null }] },
  headOfOtherDepartment: {
    userId: 'u-head-cw',
    displayName: '地域福祉部長',
    roles: [{ role: 'DepartmentHead', departmentId: 'community-welfare' }, { role: 'Manager', departmentId: null }],
  },
  manager: { userId: 'u-manager', displayName: '課長', roles: [{ role: 'Manager', departmentId: null }] },
  secretaryGeneral: {
    userId: 'u-sg',
    displayName: '事務局長',
    roles: [{ role: 'SecretaryGeneral', departmentId: null }, { role: 'Manager', departmentId: null }],
  },
  committee: { userId: 'u-committee', displayName: '評価検証委員', roles: [{ role: 'CommitteeMember', departmentId: null }] },
  auditor: { userId: 'u-auditor', displayName: '監事', roles: [{ role: 'Auditor', departmentId: null }] },
  admin: { userId: 'u-admin', displayName: '管理者', roles: [{ role: 'Admin', departmentId: null }] },
} satisfies Record<string, Actor>;

/** Test support: an item of 法人経営部門 reviewed by 総務推進会議, planned stage 検討. */
export const testItem: EvaluationItem = {
  id: 'I-001',
  divisionId: 'corporate-management',
  owningDepartmentId: 'general-affairs',
  promotionMeetingId: 'general-affairs-meeting',
  plannedStage: '検討',
};

export const TEST_NOW = '2026-04-20T01:00:00.000Z';

/** Test support: a context for `actor` on `testItem` in FY2025 with the default thresholds. */
export function evaluationContext(actor: Actor, overrides: Partial<EvaluationContext> = {}): EvaluationContext {
  return {
    actor,
    now: TEST_NOW,
    item: testItem,
    fiscalYear: { fiscalYear: 2025, thresholds: { ...DEFAULT_THRESHOLDS } },
    ...overrides,
  };
}
