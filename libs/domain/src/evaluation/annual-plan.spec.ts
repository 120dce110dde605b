import { describe, expect, it } from 'vitest';
import { ForbiddenError, IllegalTransitionError, ValidationError } from '../shared/errors.js';
import { specFor } from '../testing/spec.js';
import { evaluationContext, TEST_NOW, testActors, testItem } from '../testing/fixtures.js';
import { TEST_ACTING, testEventsToStage, testPlan, testQuantitativeTarget, testSelfEvaluation, testEvents as ev } from '../testing/events.js';
import { decideEvaluation } from './decide.js';
import { evolveEvaluation, foldEvaluation, initialEvaluationState } from './evolve.js';
import { comparePlans } from './editions.js';
import { describeEvaluation } from './describe.js';
import type { Actor } from '../shared/roles.js';
import type { ChangeAnnualPlan, EvaluationCommand, EvaluationContext, EvaluationEvent, EvaluationEventBase } from './types.js';

const spec = specFor<EvaluationCommand, ReturnType<typeof initialEvaluationState>, EvaluationEvent, EvaluationContext>({
  decide: decideEvaluation,
  evolve: evolveEvaluation,
  initialState: initialEvaluationState,
});
const { staff, otherStaff, staffOfOtherDepartment, head, headOfOtherDepartment } = testActors;
const as = (actor: Actor) => evaluationContext(actor);
const base = (actor: Actor, actingAs: string): EvaluationEventBase => ({ itemId: testItem.id, fiscalYear: 2025, by: actor.userId, actingAs, at: TEST_NOW });
const { PlanDraft, PlanReview, Draft, PlanChangeReview } = testEventsToStage;
const change = (over: Partial<ChangeAnnualPlan['data']> = {}): ChangeAnnualPlan => ({
  type: 'ChangeAnnualPlan',
  data: { method: 'quantitative', target: 5, unit: '回', direction: 'higherIsBetter', actions: '研修会を年4回開催する', reason: '会場の確保により回数を増やす', ...over },
});
const approve: EvaluationCommand = { type: 'ApproveAnnualPlan', data: {} };
const FIVE = testPlan(testQuantitativeTarget({ target: '5' }));

describe('annual plan: 計画作成中 (PlanDraft)', () => {
  it('staff edit the draft; saving the same plan again records nothing', () => {
    spec
      .given(PlanDraft)
      .when({ type: 'SaveAnnualPlan', data: { method: 'qualitative', actions: '手引きを改訂する' } }, as(otherStaff))
      .then([{ type: 'AnnualPlanSaved', data: { ...base(otherStaff, TEST_ACTING.staff), plan: { target: { kind: 'qualitative' }, actions: '手引きを改訂する' } } }]);
    spec
      .given(PlanDraft)
      .when({ type: 'SaveAnnualPlan', data: { method: 'quantitative', target: '4.0', unit: '回', direction: 'higherIsBetter', actions: '研修会を年4回開催する' } }, as(staff))
      .thenNothing();
  });

  it('SubmitAnnualPlan sends it to the 部長 (計画承認待ち); 取組内容 is required first', () => {
    const state = spec
      .given(PlanDraft)
      .when({ type: 'SubmitAnnualPlan', data: {} }, as(staff))
      .then([{ type: 'AnnualPlanSubmitted', data: { ...base(staff, TEST_ACTING.staff), from: 'PlanDraft', to: 'PlanReview' } }]);
    expect(state.status).toBe('PlanReview');
    const error = spec
      .given([ev.planSaved(testPlan(testQuantitativeTarget(), null))])
      .when({ type: 'SubmitAnnualPlan', data: {} }, as(staff))
      .thenThrows(ValidationError, /提出する前に次の項目を入力してください: 取組内容/);
    expect(error.details).toMatchObject({ field: 'actions' });
  });

  it('no self-evaluation before the plan is approved', () => {
    spec
      .given(PlanDraft)
      .when({ type: 'SaveSelfEvaluation', data: { actual: 4 } }, as(staff))
      .thenThrows(IllegalTransitionError, /「計画作成中」の段階/);
  });
});

describe('annual plan: 計画承認待ち (PlanReview)', () => {
  it('the 部長 of the owning 部 approves: 計画第1版, locked, and 自己評価作成中 begins', () => {
    const state = spec
      .given(PlanReview)
      .when(approve, as(head))
      .then([{ type: 'AnnualPlanApproved', data: { ...base(head, TEST_ACTING.head), from: 'PlanReview', to: 'Draft', planEdition: 1 } }]);
    if (state.status !== 'Draft') throw new Error('unreachable');
    expect(state.plan).toEqual({ ...testPlan(), planEdition: 1, approvedBy: head.userId, approvedAt: TEST_NOW, reason: null, legacy: false });
    expect(state.planDraft).toBeNull();
    expect(state.planHistory).toHaveLength(1);
  });

  it('staff cannot approve their own plan, nor can another 部の部長', () => {
    spec.given(PlanReview).when(approve, as(staff)).thenThrows(ForbiddenError);
    spec.given(PlanReview).when(approve, as(headOfOtherDepartment)).thenThrows(ForbiddenError);
  });

  it('the 部長 returns it to 計画作成中 with a reason; the draft stays for staff to correct', () => {
    const state = spec
      .given(PlanReview)
      .when({ type: 'ReturnEvaluation', data: { toStage: 'PlanDraft', reason: '目標値の根拠を記載してください' } }, as(head))
      .then([ev.returned('PlanReview', 'PlanDraft', '目標値の根拠を記載してください', head, TEST_ACTING.head)]);
    expect(state.status).toBe('PlanDraft');
    if (state.status === 'PlanDraft') expect(state.planDraft).toMatchObject(testPlan());
    expect(describeEvaluation(state).openReturn?.reason).toBe('目標値の根拠を記載してください');
  });

  it('the return needs no target: 計画作成中 is the only one', () => {
    spec
      .given(PlanReview)
      .when({ type: 'ReturnEvaluation', data: { reason: '取組内容を具体的に' } }, as(head))
      .then([ev.returned('PlanReview', 'PlanDraft', '取組内容を具体的に', head, TEST_ACTING.head)]);
    spec
      .given(testEventsToStage.ManagersMeetingReview)
      .when({ type: 'ReturnEvaluation', data: { reason: 'x' } }, evaluationContext(testActors.secretaryGeneral))
      .thenThrows(ValidationError, /差し戻し先/);
  });

  it('staff recall it while the 部長 has not acted', () => {
    spec
      .given(PlanReview)
      .when({ type: 'RecallEvaluation', data: {} }, as(staff))
      .then([ev.recalled('PlanReview', 'PlanDraft', staff, TEST_ACTING.staff)]);
  });
});

describe('annual plan: 自己評価作成中 (Draft) with an approved plan', () => {
  it('the approved plan is locked: SaveAnnualPlan is refused', () => {
    spec
      .given(Draft)
      .when({ type: 'SaveAnnualPlan', data: { method: 'qualitative' } }, as(staff))
      .thenThrows(IllegalTransitionError, /「自己評価作成中」の段階/);
  });

  it('the grade is judged against the approved target and names its edition', () => {
    const [event] = decideEvaluation(
      { type: 'SaveSelfEvaluation', data: { actual: 4, qualitativeGrade: 'A', actualStage: '検討', plannedStageReached: true, narrative: { achievements: '4回' } } },
      foldEvaluation(Draft),
      as(staff),
    );
    expect(event).toMatchObject({ data: { selfEvaluation: { planEdition: 1, quantitativeGrade: 'A', achievementPercent: '100.00' } } });
    expect(describeEvaluation(foldEvaluation([...Draft])).gradedPlanEdition).toBe(1);
  });

  it('ChangeAnnualPlan records the proposed change with its reason and waits for the 部長 (計画変更承認待ち)', () => {
    const state = spec
      .given(Draft)
      .when(change(), as(staff))
      .then([ev.planChangeRequested(FIVE, '会場の確保により回数を増やす')]);
    expect(state.status).toBe('PlanChangeReview');
    if (state.status !== 'PlanChangeReview') throw new Error('unreachable');
    expect(state.plan.planEdition).toBe(1);
    expect(state.planDraft).toMatchObject({ ...FIVE, reason: '会場の確保により回数を増やす' });
  });

  it('a change needs a reason, and must change something', () => {
    spec.given(Draft).when(change({ reason: '  ' }), as(staff)).thenThrows(ValidationError, /「理由」を入力/);
    spec.given(Draft).when(change({ target: 4 }), as(staff)).thenThrows(ValidationError, /変更された項目がありません/);
  });

  it('only staff of the owning 部 may change the plan', () => {
    spec.given(Draft).when(change(), as(head)).thenThrows(ForbiddenError);
    spec.given(Draft).when(change(), as(staffOfOtherDepartment)).thenThrows(ForbiddenError);
  });
});

describe('annual plan: 計画変更承認待ち (PlanChangeReview)', () => {
  it('approving the change makes 計画第2版 and re-grades the saved self-evaluation against it', () => {
    const state = spec
      .given(PlanChangeReview)
      .when(approve, as(head))
      .then([
        { type: 'AnnualPlanApproved', data: { ...base(head, TEST_ACTING.head), from: 'PlanChangeReview', to: 'Draft', planEdition: 2 } },
        {
          type: 'SelfEvaluationSaved',
          data: { ...base(head, TEST_ACTING.head), selfEvaluation: testSelfEvaluation({ planEdition: 2, quantitativeGrade: 'B', achievementPercent: '80.00' }) },
        },
      ]);
    if (state.status !== 'Draft') throw new Error('unreachable');
    expect(state.plan).toMatchObject({ ...FIVE, planEdition: 2, reason: '会場の確保により回数を増やす' });
    expect(state.planHistory.map((p) => p.planEdition)).toEqual([1, 2]);
    // both versions stay comparable
    expect(comparePlans(state.planHistory[0]!, state.planHistory[1]!)).toEqual([{ field: 'target.target', label: '目標値', before: '4', after: '5' }]);
    expect(describeEvaluation(state)).toMatchObject({ planEdition: 2, gradedPlanEdition: 2, selfGrade: { grade: 'B' } });
  });

  it('until approved, the self-evaluation is still judged by the approved plan, and it cannot be saved', () => {
    expect(describeEvaluation(foldEvaluation(PlanChangeReview))).toMatchObject({ planEdition: 1, planPending: true, selfGrade: { grade: 'A' } });
    spec.given(PlanChangeReview).when({ type: 'SaveSelfEvaluation', data: { actual: 5 } }, as(staff)).thenThrows(IllegalTransitionError);
  });

  it('returning the change drops it: the approved plan stands as it was', () => {
    const state = spec
      .given(PlanChangeReview)
      .when({ type: 'ReturnEvaluation', data: { toStage: 'Draft', reason: '回数の変更は認めません' } }, as(head))
      .then([ev.returned('PlanChangeReview', 'Draft', '回数の変更は認めません', head, TEST_ACTING.head)]);
    if (state.status !== 'Draft') throw new Error('unreachable');
    expect(state.planDraft).toBeNull();
    expect(state.plan.planEdition).toBe(1);
    expect(state.plan.target).toEqual(testQuantitativeTarget());
  });

  it('staff may recall the change request while the 部長 has not acted; it is dropped too', () => {
    const state = spec
      .given(PlanChangeReview)
      .when({ type: 'RecallEvaluation', data: {} }, as(staff))
      .then([ev.recalled('PlanChangeReview', 'Draft', staff, TEST_ACTING.staff)]);
    expect(state.status === 'Draft' && state.planDraft).toBe(null);
  });

  it('the 部長 of another 部 cannot approve', () => {
    spec.given(PlanChangeReview).when(approve, as(headOfOtherDepartment)).thenThrows(ForbiddenError);
  });
});

describe('annual plan: legacy AnnualTargetSet (stores written before plans were approved)', () => {
  it('folds into 自己評価作成中 with a legacy plan: edition 0, no approver; a self-evaluation against it names no edition', () => {
    const state = foldEvaluation([ev.targetSet()]);
    expect(state.status).toBe('Draft');
    if (state.status !== 'Draft') throw new Error('unreachable');
    expect(state.plan).toEqual({ target: testQuantitativeTarget(), actions: null, planEdition: 0, approvedBy: null, approvedAt: null, reason: null, legacy: true });
    const [event] = decideEvaluation({ type: 'SaveSelfEvaluation', data: { actual: 4 } }, state, as(staff));
    expect(event).toMatchObject({ data: { selfEvaluation: { planEdition: null, quantitativeGrade: 'A' } } });
  });

  it('a later AnnualTargetSet (the old in-place change) replaces the legacy plan', () => {
    const state = foldEvaluation([ev.targetSet(), ev.targetSet({ kind: 'qualitative' })]);
    if (state.status !== 'Draft') throw new Error('unreachable');
    expect(state.plan.target).toEqual({ kind: 'qualitative' });
    expect(state.planHistory).toHaveLength(1);
  });

  it('a legacy plan may be changed through the plan change, which becomes 計画第1版', () => {
    const events = [ev.targetSet(), ev.planChangeRequested(FIVE, '理由'), ev.planApproved(1, 'PlanChangeReview')];
    const state = foldEvaluation(events);
    expect(state).toMatchObject({ status: 'Draft', plan: { planEdition: 1, legacy: false } });
    expect(decideEvaluation(change(), foldEvaluation([ev.targetSet()]), as(staff))[0]).toMatchObject({ type: 'AnnualPlanChangeRequested' });
  });
});
