import { describe, expect, it } from 'vitest';
import { ForbiddenError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import { specFor } from '../testing/spec.js';
import { evaluationContext, TEST_NOW, testActors, testItem } from '../testing/fixtures.js';
import { TEST_ACTING, TEST_EVIDENCE_FILE_ID, testEvents as ev, testEventsToStage } from '../testing/events.js';
import { decideEvaluation } from './decide.js';
import { evolveEvaluation, foldEvaluation, initialEvaluationState } from './evolve.js';
import type { AttachEvidence, EvaluationCommand, EvaluationContext, EvaluationEvent, StartedEvaluation } from './types.js';

const spec = specFor<EvaluationCommand, ReturnType<typeof initialEvaluationState>, EvaluationEvent, EvaluationContext>({
  decide: decideEvaluation,
  evolve: evolveEvaluation,
  initialState: initialEvaluationState,
});
const { staff, staffOfOtherDepartment, head } = testActors;
const base = { itemId: testItem.id, fiscalYear: 2025, by: staff.userId, actingAs: TEST_ACTING.staff, at: TEST_NOW };
const PDF = 'c'.repeat(64);
const attach = (over: Partial<AttachEvidence['data']> = {}): AttachEvidence => ({
  type: 'AttachEvidence',
  data: { phase: 'selfEvaluation', fileId: PDF, name: '研修会の記録.pdf', mediaType: 'application/pdf', size: 3000, ...over },
});
const { Draft, PromotionMeetingReview } = testEventsToStage;

describe('evidence files in Draft (作成中)', () => {
  it('staff attach a file: the event carries its SHA-256, and the state lists it under its phase', () => {
    const state = spec
      .given(Draft)
      .when(attach(), evaluationContext(staff))
      .then([
        { type: 'EvidenceAttached', data: { ...base, phase: 'selfEvaluation', fileId: PDF, name: '研修会の記録.pdf', mediaType: 'application/pdf', size: 3000 } },
      ]) as StartedEvaluation;
    expect(state.evidence.selfEvaluation.map((f) => f.fileId)).toEqual([TEST_EVIDENCE_FILE_ID, PDF]);
    expect(state.evidence.plan.map((f) => f.fileId)).toEqual([TEST_EVIDENCE_FILE_ID]);
  });

  it('the plan phase is open while the plan is drafted (計画作成中), the self-evaluation phase only in 自己評価作成中', () => {
    const state = spec.given(testEventsToStage.PlanDraft).when(attach({ phase: 'plan' }), evaluationContext(staff)).then([
      { type: 'EvidenceAttached', data: { ...base, phase: 'plan', fileId: PDF, name: '研修会の記録.pdf', mediaType: 'application/pdf', size: 3000 } },
    ]) as StartedEvaluation;
    expect(state.evidence.plan.map((f) => f.name)).toEqual(['研修会記録.pdf', '研修会の記録.pdf']);
    spec.given(Draft).when(attach({ phase: 'plan' }), evaluationContext(staff)).thenThrows(IllegalTransitionError, /単年度計画の根拠資料/);
    spec.given(testEventsToStage.PlanDraft).when(attach(), evaluationContext(staff)).thenThrows(IllegalTransitionError, /自己評価の根拠資料/);
  });

  it('attaching the same file to the same phase again records nothing', () => {
    spec.given(Draft).when(attach({ fileId: TEST_EVIDENCE_FILE_ID }), evaluationContext(staff)).thenNothing();
  });

  it('refuses a file id that is not a SHA-256, a type outside the list, a name with a folder, an empty size', () => {
    spec.given(Draft).when(attach({ fileId: 'abc' }), evaluationContext(staff)).thenThrows(ValidationError, /SHA-256/);
    spec.given(Draft).when(attach({ fileId: PDF.toUpperCase() }), evaluationContext(staff)).thenThrows(ValidationError, /SHA-256/);
    spec.given(Draft).when(attach({ mediaType: 'application/x-msdownload' }), evaluationContext(staff)).thenThrows(ValidationError, /PDF/);
    spec.given(Draft).when(attach({ name: '../etc/passwd' }), evaluationContext(staff)).thenThrows(ValidationError, /フォルダ/);
    spec.given(Draft).when(attach({ size: 0 }), evaluationContext(staff)).thenThrows(ValidationError, /ファイルの大きさ/);
    spec.given(Draft).when(attach({ phase: 'final' as never }), evaluationContext(staff)).thenThrows(ValidationError, /根拠資料の区分/);
  });

  it('staff remove an attached file; removing one not attached is NOT_FOUND', () => {
    const state = spec
      .given(Draft)
      .when({ type: 'RemoveEvidence', data: { phase: 'selfEvaluation', fileId: TEST_EVIDENCE_FILE_ID } }, evaluationContext(staff))
      .then([{ type: 'EvidenceRemoved', data: { ...base, phase: 'selfEvaluation', fileId: TEST_EVIDENCE_FILE_ID } }]) as StartedEvaluation;
    expect(state.evidence.selfEvaluation).toEqual([]);
    spec
      .given(Draft)
      .when({ type: 'RemoveEvidence', data: { phase: 'selfEvaluation', fileId: 'd'.repeat(64) } }, evaluationContext(staff))
      .thenThrows(NotFoundError, /添付されていません/);
    spec
      .given(Draft)
      .when({ type: 'RemoveEvidence', data: { phase: 'plan', fileId: TEST_EVIDENCE_FILE_ID } }, evaluationContext(staff))
      .thenThrows(IllegalTransitionError, /単年度計画の根拠資料/);
  });

  it("another 部's staff and the 部長 may not attach", () => {
    spec.given(Draft).when(attach(), evaluationContext(staffOfOtherDepartment)).thenThrows(ForbiddenError);
    spec.given(Draft).when(attach(), evaluationContext(head)).thenThrows(ForbiddenError);
  });
});

describe('evidence files after submission (推進会議審査)', () => {
  it('staff can no longer attach or remove: the files are what was submitted', () => {
    spec.given(PromotionMeetingReview).when(attach(), evaluationContext(staff)).thenThrows(IllegalTransitionError);
    spec
      .given(PromotionMeetingReview)
      .when({ type: 'RemoveEvidence', data: { phase: 'selfEvaluation', fileId: TEST_EVIDENCE_FILE_ID } }, evaluationContext(staff))
      .thenThrows(IllegalTransitionError);
  });

  it('the files stay listed for the reviewers', () => {
    const state = foldEvaluation(PromotionMeetingReview) as StartedEvaluation;
    expect(state.evidence.selfEvaluation.map((f) => f.fileId)).toEqual([TEST_EVIDENCE_FILE_ID]);
  });
});

describe('evidence on a state stored before evidence existed', () => {
  it('evolve starts the lists when the state has none (a read model row written by an older Hyoka)', () => {
    const { evidence: _dropped, ...old } = foldEvaluation([ev.targetSet()]) as StartedEvaluation;
    const next = evolveEvaluation(old as StartedEvaluation, ev.evidenceAttached({ phase: 'plan' })) as StartedEvaluation;
    expect(next.evidence.plan.map((f) => f.fileId)).toEqual([TEST_EVIDENCE_FILE_ID]);
    expect(next.evidence.selfEvaluation).toEqual([]);
  });
});
