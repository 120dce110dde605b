import type { Actor } from '../shared/roles.js';
import type { AnnualPlan, AnnualTarget, EvaluationEvent, EvidencePhase, Grade, RouteStage, SelfEvaluation } from '../evaluation/types.js';
import { TEST_NOW, TEST_SESSION_RECORD, testActors, testItem } from './fixtures.js';
import type { SessionRecord } from '../evaluation/types.js';

/** Test support: events of `testItem` in FY2025 as decide would produce them, for `given([...])`. */
const base = (actor: Actor, actingAs: string, at = TEST_NOW) => ({
  itemId: testItem.id,
  fiscalYear: 2025,
  by: actor.userId,
  actingAs,
  at,
});

export const TEST_ACTING = {
  staff: 'Staff@general-affairs',
  head: 'DepartmentHead@general-affairs',
  manager: 'Manager',
  secretaryGeneral: 'SecretaryGeneral',
  committee: 'CommitteeMember',
} as const;

export const testQuantitativeTarget = (over: Partial<AnnualTarget & { kind: 'quantitative' }> = {}): AnnualTarget => ({
  kind: 'quantitative',
  target: '4',
  unit: '回',
  direction: 'higherIsBetter',
  ...over,
});

export const testPlan = (target: AnnualTarget = testQuantitativeTarget(), actions: string | null = '研修会を年4回開催する'): AnnualPlan => ({
  target,
  actions,
});

export const testSelfEvaluation = (over: Partial<SelfEvaluation> = {}): SelfEvaluation => ({
  planEdition: 1,
  actual: '4',
  quantitativeGrade: 'A',
  achievementPercent: '100.00',
  thresholds: { A: 100, B: 80, C: 60 },
  qualitativeGrade: 'A',
  plannedStage: '検討',
  actualStage: '検討',
  plannedStageReached: true,
  stageLag: false,
  narrative: { achievements: '研修会を4回開催した', issues: null, nextYear: null },
  evidenceLinks: [],
  ...over,
});

const { staff, head, secretaryGeneral, committee } = testActors;

/** The SHA-256 of the evidence file the test draft carries (any 64 hex digits do for the domain). */
export const TEST_EVIDENCE_FILE_ID = 'a'.repeat(64);

export const testEvents = {
  planSaved: (plan: AnnualPlan = testPlan(), by: Actor = staff): EvaluationEvent => ({
    type: 'AnnualPlanSaved',
    data: { ...base(by, TEST_ACTING.staff), plan },
  }),
  planSubmitted: (by: Actor = staff): EvaluationEvent => ({
    type: 'AnnualPlanSubmitted',
    data: { ...base(by, TEST_ACTING.staff), from: 'PlanDraft', to: 'PlanReview' },
  }),
  planApproved: (planEdition = 1, from: RouteStage = 'PlanReview', by: Actor = head): EvaluationEvent => ({
    type: 'AnnualPlanApproved',
    data: { ...base(by, TEST_ACTING.head), from, to: 'Draft', planEdition },
  }),
  planChangeRequested: (plan: AnnualPlan, reason: string, by: Actor = staff): EvaluationEvent => ({
    type: 'AnnualPlanChangeRequested',
    data: { ...base(by, TEST_ACTING.staff), from: 'Draft', to: 'PlanChangeReview', plan, reason },
  }),
  /** the plan with this target drafted, submitted and approved (計画第1版): the start of 自己評価作成中 */
  throughPlanApproval: (target: AnnualTarget = testQuantitativeTarget()): EvaluationEvent[] => [
    testEvents.planSaved(testPlan(target)),
    testEvents.planSubmitted(),
    testEvents.planApproved(),
  ],
  /** legacy: the old SetTarget's event */
  targetSet: (target: AnnualTarget = testQuantitativeTarget(), by: Actor = staff): EvaluationEvent => ({
    type: 'AnnualTargetSet',
    data: { ...base(by, TEST_ACTING.staff), target },
  }),
  selfEvaluationSaved: (value: SelfEvaluation = testSelfEvaluation(), by: Actor = staff): EvaluationEvent => ({
    type: 'SelfEvaluationSaved',
    data: { ...base(by, TEST_ACTING.staff), selfEvaluation: value },
  }),
  submitted: (edition = 1, by: Actor = staff): EvaluationEvent => ({
    type: 'EvaluationSubmitted',
    data: { ...base(by, TEST_ACTING.staff), from: 'Draft', to: 'PromotionMeetingReview', edition },
  }),
  recalled: (from: RouteStage, to: RouteStage, by: Actor, actingAs: string): EvaluationEvent => ({
    type: 'EvaluationRecalled',
    data: { ...base(by, actingAs), from, to },
  }),
  commented: (stage: RouteStage, text: string, by: Actor, actingAs: string): EvaluationEvent => ({
    type: 'EvaluationCommented',
    data: { ...base(by, actingAs), stage, text },
  }),
  opinionAdded: (text: string, by: Actor = staff, stage: RouteStage = 'PromotionMeetingReview'): EvaluationEvent => ({
    type: 'OpinionAdded',
    data: { ...base(by, TEST_ACTING.staff), stage, text },
  }),
  commentReplied: (commentNumber: number, text: string, commentBy: string, by: Actor = staff): EvaluationEvent => ({
    type: 'CommentReplied',
    data: { ...base(by, TEST_ACTING.staff), commentNumber, commentBy, text },
  }),
  approved: (batchId: string | null = null, by: Actor = head): EvaluationEvent => ({
    type: 'EvaluationApproved',
    data: { ...base(by, TEST_ACTING.head), from: 'PromotionMeetingReview', to: 'ManagersMeetingReview', batchId },
  }),
  returned: (from: RouteStage, to: RouteStage, reason: string, by: Actor, actingAs: string): EvaluationEvent => ({
    type: 'EvaluationReturned',
    data: { ...base(by, actingAs), from, to, reason },
  }),
  forwarded: (
    { proposedGrade = 'A', selfGrade = 'A', reason = null, batchId = null, edition = 2 }: {
      proposedGrade?: Grade;
      selfGrade?: Grade | null;
      reason?: string | null;
      batchId?: string | null;
      edition?: number;
    } = {},
    by: Actor = secretaryGeneral,
  ): EvaluationEvent => ({
    type: 'EvaluationForwardedToCommittee',
    data: {
      ...base(by, TEST_ACTING.secretaryGeneral),
      from: 'ManagersMeetingReview',
      to: 'CommitteeReview',
      selfGrade,
      proposedGrade,
      reason,
      batchId,
      edition,
    },
  }),
  finalized: (
    { overallGrade = 'A', proposedGrade = 'A', selfGrade = 'A', rationale = '計画通りに実施された', reason = null, edition = 3, meeting = TEST_SESSION_RECORD }: {
      overallGrade?: Grade;
      proposedGrade?: Grade;
      selfGrade?: Grade | null;
      rationale?: string;
      reason?: string | null;
      edition?: number;
      /** the committee session it was decided in */
      meeting?: SessionRecord;
    } = {},
    by: Actor = committee,
  ): EvaluationEvent => ({
    type: 'EvaluationFinalized',
    data: {
      ...base(by, TEST_ACTING.committee),
      from: 'CommitteeReview',
      to: 'Finalized',
      selfGrade,
      proposedGrade,
      overallGrade,
      rationale,
      reason,
      edition,
      meeting,
    },
  }),
  evidenceAttached: (
    { phase = 'selfEvaluation', fileId = TEST_EVIDENCE_FILE_ID, name = '研修会記録.pdf', mediaType = 'application/pdf', size = 1024 }: Partial<{
      phase: EvidencePhase;
      fileId: string;
      name: string;
      mediaType: string;
      size: number;
    }> = {},
    by: Actor = staff,
  ): EvaluationEvent => ({ type: 'EvidenceAttached', data: { ...base(by, TEST_ACTING.staff), phase, fileId, name, mediaType, size } }),
  evidenceRemoved: (phase: EvidencePhase = 'selfEvaluation', fileId = TEST_EVIDENCE_FILE_ID, by: Actor = staff): EvaluationEvent => ({
    type: 'EvidenceRemoved',
    data: { ...base(by, TEST_ACTING.staff), phase, fileId },
  }),
  reopened: (reason: string, by: Actor = committee, meeting: SessionRecord = TEST_SESSION_RECORD): EvaluationEvent => ({
    type: 'EvaluationReopened',
    data: { ...base(by, TEST_ACTING.committee), from: 'Finalized', to: 'CommitteeReview', reason, meeting },
  }),
  hearingRecorded: (summary = '担当部から実施状況を聞き取った', meetingId: string | null = null, by: Actor = committee): EvaluationEvent => ({
    type: 'HearingRecorded',
    data: { ...base(by, TEST_ACTING.committee), departmentId: 'general-affairs', people: ['総務 担当'], heardOn: '2026-05-20', summary, meetingId },
  }),
};

/** Test support: the events that bring `testItem` to each stage along the straight route. */
export const testEventsToStage = (() => {
  const planDraft = [testEvents.planSaved(), testEvents.evidenceAttached({ phase: 'plan' })];
  const planReview = [...planDraft, testEvents.planSubmitted()];
  const draft = [...planReview, testEvents.planApproved(), testEvents.selfEvaluationSaved(), testEvents.evidenceAttached()];
  const planChangeReview = [...draft, testEvents.planChangeRequested(testPlan(testQuantitativeTarget({ target: '5' })), '会場の確保により回数を増やす')];
  const promotionMeetingReview = [...draft, testEvents.submitted(1)];
  const managersMeetingReview = [...promotionMeetingReview, testEvents.approved()];
  const committeeReview = [...managersMeetingReview, testEvents.forwarded()];
  const finalized = [...committeeReview, testEvents.finalized()];
  return {
    NotStarted: [] as EvaluationEvent[],
    PlanDraft: planDraft,
    PlanReview: planReview,
    Draft: draft,
    PlanChangeReview: planChangeReview,
    PromotionMeetingReview: promotionMeetingReview,
    ManagersMeetingReview: managersMeetingReview,
    CommitteeReview: committeeReview,
    Finalized: finalized,
  };
})();

/**
 * Test support: the events of a stage as a command sees them — for ReplyToComment with a reviewer's comment to answer
 * (any started stage; a reply needs one), else as they are.
 */
export const testEventsFor = (command: string, stage: keyof typeof testEventsToStage): EvaluationEvent[] =>
  command === 'ReplyToComment' && stage !== 'NotStarted'
    ? [...testEventsToStage[stage], testEvents.commented('PlanReview', '確認してください', head, TEST_ACTING.head)]
    : testEventsToStage[stage];
