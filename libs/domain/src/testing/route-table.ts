import type { EvaluationCommand, EvaluationCommandType, EvaluationStatus } from '../evaluation/types.js';
import type { testActors } from './fixtures.js';
import { TEST_EVIDENCE_FILE_ID } from './events.js';
import { TEST_MEETING_ID } from './fixtures.js';

export type TestActorName = keyof typeof testActors;
const STAFF: TestActorName[] = ['staff', 'otherStaff'];
const MANAGERS: TestActorName[] = ['head', 'headOfOtherDepartment', 'manager', 'secretaryGeneral'];

/**
 * Test support: the route table of docs/design.md transcribed by hand, independently of PERMISSIONS — which of `testActors`
 * may issue each command at each stage for `testItem` (an item of 総務部). Everyone else is refused.
 */
export const DESIGN_ROUTE_TABLE: Record<EvaluationCommandType, Partial<Record<EvaluationStatus, TestActorName[]>>> = {
  SaveAnnualPlan: { NotStarted: STAFF, PlanDraft: STAFF },
  SubmitAnnualPlan: { PlanDraft: STAFF },
  ApproveAnnualPlan: { PlanReview: ['head'], PlanChangeReview: ['head'] },
  ChangeAnnualPlan: { Draft: STAFF },
  SaveSelfEvaluation: { Draft: STAFF },
  SubmitEvaluation: { Draft: STAFF },
  RecallEvaluation: { PlanReview: STAFF, PlanChangeReview: STAFF, PromotionMeetingReview: STAFF, ManagersMeetingReview: ['head'], CommitteeReview: ['secretaryGeneral'] },
  CommentOnEvaluation: { PlanReview: ['head'], PlanChangeReview: ['head'], PromotionMeetingReview: ['head'], ManagersMeetingReview: MANAGERS, CommitteeReview: ['committee'] },
  AddOpinion: { PromotionMeetingReview: STAFF },
  ReplyToComment: {
    PlanDraft: STAFF,
    PlanReview: STAFF,
    Draft: STAFF,
    PlanChangeReview: STAFF,
    PromotionMeetingReview: STAFF,
    ManagersMeetingReview: STAFF,
    CommitteeReview: STAFF,
  },
  ApproveEvaluation: { PromotionMeetingReview: ['head'] },
  ReturnEvaluation: { PlanReview: ['head'], PlanChangeReview: ['head'], PromotionMeetingReview: ['head'], ManagersMeetingReview: ['secretaryGeneral'], CommitteeReview: ['committee'] },
  ForwardToCommittee: { ManagersMeetingReview: ['secretaryGeneral'] },
  FinalizeEvaluation: { CommitteeReview: ['committee'] },
  ReopenEvaluation: { Finalized: ['committee'] },
  RecordHearing: { CommitteeReview: ['committee'] },
  AttachEvidence: { PlanDraft: STAFF, Draft: STAFF },
  RemoveEvidence: { PlanDraft: STAFF, Draft: STAFF },
};

/** Test support: a valid command of each type for `testItem` at `status` (the return goes to the nearest allowed stage). */
export function sampleCommand(type: EvaluationCommandType, status: EvaluationStatus): EvaluationCommand {
  switch (type) {
    case 'SaveAnnualPlan':
      return { type, data: { method: 'quantitative', target: 6, unit: '回', direction: 'higherIsBetter', actions: '研修会を開催する' } };
    case 'ChangeAnnualPlan':
      return { type, data: { method: 'quantitative', target: 6, unit: '回', direction: 'higherIsBetter', actions: '研修会を開催する', reason: '回数を見直す' } };
    case 'SaveSelfEvaluation':
      return {
        type,
        data: { actual: 5, qualitativeGrade: 'B', actualStage: '検討', plannedStageReached: true, narrative: { achievements: '5回開催' } },
      };
    case 'SubmitAnnualPlan':
    case 'ApproveAnnualPlan':
    case 'SubmitEvaluation':
    case 'RecallEvaluation':
      return { type, data: {} };
    case 'CommentOnEvaluation':
      return { type, data: { text: '確認しました' } };
    case 'AddOpinion':
      return { type, data: { opinion: '広報の方法を見直してはどうか' } };
    case 'ReplyToComment':
      return { type, data: { commentNumber: 1, reply: '根拠資料を追加しました' } };
    case 'ApproveEvaluation':
      return { type, data: {} };
    case 'ReturnEvaluation':
      return { type, data: { toStage: status === 'CommitteeReview' ? 'ManagersMeetingReview' : status === 'PlanReview' ? 'PlanDraft' : 'Draft', reason: '再確認をお願いします' } };
    case 'ForwardToCommittee':
      return { type, data: { proposedGrade: 'A' } };
    case 'FinalizeEvaluation':
      return { type, data: { overallGrade: 'A', rationale: '計画通り', meetingId: TEST_MEETING_ID } };
    case 'ReopenEvaluation':
      return { type, data: { reason: '再審査', meetingId: TEST_MEETING_ID } };
    case 'RecordHearing':
      return { type, data: { departmentId: 'general-affairs', people: ['総務 担当'], heardOn: '2026-05-20', summary: '実施状況を聞き取った' } };
    case 'AttachEvidence':
      return { type, data: { phase: evidencePhaseAt(status), fileId: 'b'.repeat(64), name: '実績報告.pdf', mediaType: 'application/pdf', size: 2048 } };
    case 'RemoveEvidence':
      return { type, data: { phase: evidencePhaseAt(status), fileId: TEST_EVIDENCE_FILE_ID } };
  }
}

/** The evidence phase open at a stage: the plan's files while the plan is drafted, else the self-evaluation's. */
const evidencePhaseAt = (status: EvaluationStatus): 'plan' | 'selfEvaluation' => (status === 'PlanDraft' ? 'plan' : 'selfEvaluation');
