import { DEFAULT_THRESHOLDS } from '../shared/grading.js';
import type { Actor } from '../shared/roles.js';
import type { EvaluationContext, EvaluationItem, SessionContext, SessionRecord } from '../evaluation/types.js';
import type { Meeting, MeetingStatus } from '../meeting/meeting.js';

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
  owningDepartmentName: '総務部',
  promotionMeetingId: 'general-affairs-meeting',
  plannedStage: '検討',
};

/** Test support: the 部 of the shipped plan, as a command context passes the catalogue's 部. */
export const TEST_DEPARTMENTS = [
  { id: 'general-affairs', name: '総務部' },
  { id: 'community-welfare', name: '地域福祉部' },
  { id: 'livelihood-support', name: '生活支援部' },
] as const;

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

/** Test support: the committee session (評価検証委員会) `testItem` is decided in. */
export const TEST_MEETING_ID = 'M-2025-committee-1';
export const testCommitteeMeeting = (over: Partial<Meeting & { status: MeetingStatus }> = {}): Meeting & { status: MeetingStatus } => ({
  meetingId: TEST_MEETING_ID,
  body: 'committee',
  departmentId: null,
  fiscalYear: 2025,
  date: '2026-05-20',
  place: '本会 会議室',
  chairId: testActors.committee.userId,
  invited: [testActors.committee.userId],
  agenda: [testItem.id],
  present: [testActors.committee.userId],
  minutes: null,
  status: 'Open',
  ...over,
});
/** Test support: a context's session — the open committee session with its one member present, unless told otherwise. */
export const testCommitteeSession = (over: Partial<Meeting & { status: MeetingStatus }> = {}, rules: Omit<SessionContext, 'meeting'> = {}): SessionContext => ({
  meeting: testCommitteeMeeting(over),
  ...rules,
});
/** Test support: what a decision in `testCommitteeSession()` records. */
export const TEST_SESSION_RECORD: SessionRecord = { meetingId: TEST_MEETING_ID, body: 'committee', attendees: [testActors.committee.userId] };
