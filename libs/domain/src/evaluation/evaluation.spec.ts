import { describe, expect, it } from 'vitest';
import { DomainError, ForbiddenError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import { specFor } from '../testing/spec.js';
import { evaluationContext, TEST_MEETING_ID, TEST_NOW, testActors, testCommitteeSession, testItem } from '../testing/fixtures.js';
import { TEST_ACTING, testEventsToStage, testQuantitativeTarget, testSelfEvaluation, testEvents as ev } from '../testing/events.js';
import { decideEvaluation } from './decide.js';
import { evolveEvaluation, foldEvaluation, initialEvaluationState } from './evolve.js';
import { compareEditions } from './editions.js';
import { commentThreads, describeEvaluation } from './describe.js';
import type { Actor } from '../shared/roles.js';
import type { EvaluationCommand, EvaluationContext, EvaluationEvent, EvaluationEventBase, SaveSelfEvaluation } from './types.js';

const spec = specFor<EvaluationCommand, ReturnType<typeof initialEvaluationState>, EvaluationEvent, EvaluationContext>({
  decide: decideEvaluation,
  evolve: evolveEvaluation,
  initialState: initialEvaluationState,
});
const { staff, otherStaff, staffOfOtherDepartment, head, headOfOtherDepartment, manager, secretaryGeneral, committee, auditor, admin } =
  testActors;
const as = (actor: Actor, over: Partial<EvaluationContext> = {}) => evaluationContext(actor, over);
/** the committee member in the open committee session (the committee decides only there) */
const inCommittee = () => as(testActors.committee, { session: testCommitteeSession() });
const base = (actor: Actor, actingAs: string): EvaluationEventBase => ({
  itemId: testItem.id,
  fiscalYear: 2025,
  by: actor.userId,
  actingAs,
  at: TEST_NOW,
});
const NARRATIVE = { achievements: '研修会を4回開催した', issues: null, nextYear: null };
const save = (data: SaveSelfEvaluation['data']): SaveSelfEvaluation => ({ type: 'SaveSelfEvaluation', data });
const fullSave = (over: SaveSelfEvaluation['data'] = {}): SaveSelfEvaluation =>
  save({ actual: 4, qualitativeGrade: 'A', actualStage: '検討', plannedStageReached: true, narrative: NARRATIVE, ...over });
const { NotStarted, Draft, PromotionMeetingReview, ManagersMeetingReview, CommitteeReview, Finalized } = testEventsToStage;
/** The stage's events with the self-evaluation graded 定量 `quantitative`, 定性 `qualitative`. */
const withSelfGrades = (events: EvaluationEvent[], quantitative: 'A' | 'B' | 'C' | 'D', qualitative: 'A' | 'B' | 'C' | 'D'): EvaluationEvent[] =>
  events.map((e) =>
    e.type === 'SelfEvaluationSaved'
      ? { ...e, data: { ...e.data, selfEvaluation: testSelfEvaluation({ quantitativeGrade: quantitative, qualitativeGrade: qualitative }) } }
      : e,
  );

describe('evaluation: not started', () => {
  const planData = (over: Record<string, unknown> = {}) =>
    ({ type: 'SaveAnnualPlan', data: { method: 'quantitative', target: '12.50', unit: ' 回 ', direction: 'higherIsBetter', actions: '研修会を開催する', ...over } }) as EvaluationCommand;

  it('SaveAnnualPlan 定量 by staff of the owning 部 starts the plan draft (計画作成中), with the number canonical', () => {
    const state = spec
      .given(NotStarted)
      .when(planData(), as(staff))
      .then([
        {
          type: 'AnnualPlanSaved',
          data: {
            ...base(staff, TEST_ACTING.staff),
            plan: { target: { kind: 'quantitative', target: '12.5', unit: '回', direction: 'higherIsBetter' }, actions: '研修会を開催する' },
          },
        },
      ]);
    expect(state.status).toBe('PlanDraft');
  });

  it('SaveAnnualPlan 定性 only', () => {
    const state = spec
      .given(NotStarted)
      .when({ type: 'SaveAnnualPlan', data: { method: 'qualitative' } }, as(staff))
      .then([{ type: 'AnnualPlanSaved', data: { ...base(staff, TEST_ACTING.staff), plan: { target: { kind: 'qualitative' }, actions: null } } }]);
    expect(state.status).toBe('PlanDraft');
  });

  it('zero target: lower is better accepts 0 (meaning "none at all")', () => {
    spec
      .given(NotStarted)
      .when(planData({ target: 0, unit: '件', direction: 'lowerIsBetter', actions: null }), as(staff))
      .then([
        {
          type: 'AnnualPlanSaved',
          data: { ...base(staff, TEST_ACTING.staff), plan: { target: { kind: 'quantitative', target: '0', unit: '件', direction: 'lowerIsBetter' }, actions: null } },
        },
      ]);
  });

  it('zero target: higher is better refuses 0', () => {
    spec.given(NotStarted).when(planData({ target: '0.0' }), as(staff)).thenThrows(ValidationError, /目標値は0より大きい値を入力してください/);
  });

  it.each([
    ['NaN', Number.NaN, /有限の数値/],
    ['Infinity', Number.POSITIVE_INFINITY, /有限の数値/],
    ['negative', -1, /0以上/],
    ['text', 'four', /数値で入力/],
    ['thousands separator', '1,000', /桁区切り/],
    ['exponent', '1e3', /指数表記/],
    ['too many decimals', '1.1234567', /桁数が多すぎます/],
    ['missing', undefined, /数値で入力/],
  ])('SaveAnnualPlan refuses a target that is %s', (_name, target, message) => {
    const error = spec.given(NotStarted).when(planData({ target }), as(staff)).thenThrows(ValidationError, message);
    expect(error.details).toMatchObject({ field: 'target' });
    expect(error.message).toContain('目標値');
  });

  it('SaveAnnualPlan refuses a missing or too long unit, a bad direction, an unknown method, numbers on a 定性 plan, and a too long 取組内容', () => {
    const when = (data: unknown) => spec.given(NotStarted).when({ type: 'SaveAnnualPlan', data } as EvaluationCommand, as(staff));
    when({ method: 'quantitative', target: 4, unit: '  ', direction: 'higherIsBetter' }).thenThrows(ValidationError, /「単位」を入力/);
    when({ method: 'quantitative', target: 4, unit: 'x'.repeat(21), direction: 'higherIsBetter' }).thenThrows(ValidationError, /20文字以内/);
    when({ method: 'quantitative', target: 4, unit: '回', direction: 'up' }).thenThrows(ValidationError, /評価の向き/);
    when({ method: 'numeric' }).thenThrows(ValidationError, /評価の方法/);
    when({ method: 'qualitative', target: 3 }).thenThrows(ValidationError, /定性のみの項目には「目標値」/);
    when({ method: 'qualitative', actions: 'あ'.repeat(4001) }).thenThrows(ValidationError, /「取組内容」は4000文字以内/);
    when(null).thenThrows(ValidationError, /評価の方法/);
  });

  it.each([
    ['the DepartmentHead', head, ForbiddenError, /担当職員のみ/],
    ['staff of another 部', staffOfOtherDepartment, ForbiddenError, /総務部の担当です/],
    ['an Auditor', auditor, ForbiddenError, /担当職員のみ/],
    ['an Admin', admin, ForbiddenError, /担当職員のみ/],
    ['a disabled staff member', { ...staff, disabled: true }, ForbiddenError, /無効化/],
  ])('SaveAnnualPlan by %s is refused', (_who, actor, errorClass, message) => {
    spec.given(NotStarted).when({ type: 'SaveAnnualPlan', data: { method: 'qualitative' } }, as(actor)).thenThrows(errorClass, message);
  });

  it.each([
    ['SaveSelfEvaluation', fullSave(), staff],
    ['SubmitEvaluation', { type: 'SubmitEvaluation', data: {} }, staff],
    ['ApproveEvaluation', { type: 'ApproveEvaluation', data: {} }, head],
    ['CommentOnEvaluation', { type: 'CommentOnEvaluation', data: { text: 'x' } }, head],
    ['ReopenEvaluation', { type: 'ReopenEvaluation', data: { reason: 'x' } }, committee],
  ] as [string, EvaluationCommand, Actor][])('%s before a target is set is an illegal transition', (_name, command, actor) => {
    spec.given(NotStarted).when(command, as(actor)).thenThrows(IllegalTransitionError, /未着手/);
  });

  it('an unknown command type is a validation error', () => {
    spec
      .given(NotStarted)
      .when({ type: 'DeleteEvaluation', data: {} } as unknown as EvaluationCommand, as(staff))
      .thenThrows(ValidationError, /不明な評価コマンド/);
  });

  it('a context whose time is not ISO UTC is refused', () => {
    spec.given(NotStarted).when({ type: 'SaveAnnualPlan', data: { method: 'qualitative' } }, as(staff, { now: 'yesterday' })).thenThrows(ValidationError, /now/);
  });
});

describe('evaluation: draft (作成中)', () => {
  it('SaveSelfEvaluation computes 定量評価 from actual, target and the year thresholds', () => {
    spec
      .given(ev.throughPlanApproval())
      .when(fullSave({ actual: '３．２', evidenceLinks: ['https://example.org/report.pdf'] }), as(staff))
      .then([
        {
          type: 'SelfEvaluationSaved',
          data: {
            ...base(staff, TEST_ACTING.staff),
            selfEvaluation: testSelfEvaluation({
              actual: '3.2',
              quantitativeGrade: 'B',
              achievementPercent: '80.00',
              evidenceLinks: ['https://example.org/report.pdf'],
            }),
          },
        },
      ]);
  });

  it.each([
    ['79.99', '79.99', 'C'],
    ['80', '80.00', 'B'],
    ['99.999', '99.99', 'B'],
    ['100', '100.00', 'A'],
    ['59.99', '59.99', 'D'],
    ['60', '60.00', 'C'],
  ])('grade boundary: actual %s of a target of 100 is %s percent, grade %s', (actual, percent, grade) => {
    const [event] = decideEvaluation(fullSave({ actual }), foldEvaluation(ev.throughPlanApproval(testQuantitativeTarget({ target: '100', unit: '%' }))), as(staff));
    expect(event?.type).toBe('SelfEvaluationSaved');
    const saved = (event as Extract<EvaluationEvent, { type: 'SelfEvaluationSaved' }>).data.selfEvaluation;
    expect(saved.achievementPercent).toBe(percent);
    expect(saved.quantitativeGrade).toBe(grade);
  });

  it.each([[''], [' '], ['　'], ['\t']])('an empty or blank 実績値 (%j) is one not entered yet: saved as null, no 定量評価', (actual) => {
    const [event] = decideEvaluation(fullSave({ actual }), foldEvaluation(ev.throughPlanApproval()), as(staff));
    const saved = (event as Extract<EvaluationEvent, { type: 'SelfEvaluationSaved' }>).data.selfEvaluation;
    expect(saved.actual).toBeNull();
    expect(saved.quantitativeGrade).toBeNull();
    expect(saved.achievementPercent).toBeNull();
  });

  it('uses the thresholds stored with the year, and records them with the grade', () => {
    const [event] = decideEvaluation(
      fullSave({ actual: '3.6' }),
      foldEvaluation(ev.throughPlanApproval()),
      as(staff, { fiscalYear: { fiscalYear: 2025, thresholds: { A: 90, B: 70, C: 50 } } }),
    );
    const saved = (event as Extract<EvaluationEvent, { type: 'SelfEvaluationSaved' }>).data.selfEvaluation;
    expect(saved).toMatchObject({ quantitativeGrade: 'A', achievementPercent: '90.00', thresholds: { A: 90, B: 70, C: 50 } });
  });

  it('lower is better: achievement = target / actual; an actual of 0 is A', () => {
    const lower = ev.throughPlanApproval(testQuantitativeTarget({ target: '10', unit: '件', direction: 'lowerIsBetter' }));
    const grade = (actual: string) => {
      const [event] = decideEvaluation(fullSave({ actual }), foldEvaluation(lower), as(staff));
      return (event as Extract<EvaluationEvent, { type: 'SelfEvaluationSaved' }>).data.selfEvaluation;
    };
    expect(grade('12.5')).toMatchObject({ quantitativeGrade: 'B', achievementPercent: '80.00' });
    expect(grade('12.51')).toMatchObject({ quantitativeGrade: 'C', achievementPercent: '79.93' });
    expect(grade('0')).toMatchObject({ quantitativeGrade: 'A', achievementPercent: null });
  });

  it('zero target with lower is better: actual 0 is A (100%), anything more is D (0%)', () => {
    const zero = ev.throughPlanApproval(testQuantitativeTarget({ target: '0', unit: '件', direction: 'lowerIsBetter' }));
    const grade = (actual: number) => {
      const [event] = decideEvaluation(fullSave({ actual }), foldEvaluation(zero), as(staff));
      return (event as Extract<EvaluationEvent, { type: 'SelfEvaluationSaved' }>).data.selfEvaluation;
    };
    expect(grade(0)).toMatchObject({ quantitativeGrade: 'A', achievementPercent: '100.00' });
    expect(grade(1)).toMatchObject({ quantitativeGrade: 'D', achievementPercent: '0.00' });
  });

  it('定性 only: grade A–D with the stage; a planned stage not reached is flagged', () => {
    spec
      .given(ev.throughPlanApproval({ kind: 'qualitative' }))
      .when(save({ qualitativeGrade: 'C', actualStage: '未着手', plannedStageReached: false, narrative: { achievements: '準備中', issues: '人員不足' } }), as(staff))
      .then([
        {
          type: 'SelfEvaluationSaved',
          data: {
            ...base(staff, TEST_ACTING.staff),
            selfEvaluation: testSelfEvaluation({
              actual: null,
              quantitativeGrade: null,
              achievementPercent: null,
              thresholds: null,
              qualitativeGrade: 'C',
              actualStage: '未着手',
              plannedStageReached: false,
              stageLag: true,
              narrative: { achievements: '準備中', issues: '人員不足', nextYear: null },
            }),
          },
        },
      ]);
  });

  it('no stage lag is flagged when the schedule plans no stage this year', () => {
    const [event] = decideEvaluation(
      save({ qualitativeGrade: 'B', plannedStageReached: false, narrative: NARRATIVE }),
      foldEvaluation(ev.throughPlanApproval({ kind: 'qualitative' })),
      as(staff, { item: { ...testItem, plannedStage: null } }),
    );
    expect((event as Extract<EvaluationEvent, { type: 'SelfEvaluationSaved' }>).data.selfEvaluation).toMatchObject({
      plannedStage: null,
      stageLag: false,
    });
  });

  it.each([
    ['an actual on a 定性 item', ev.throughPlanApproval({ kind: 'qualitative' }), save({ actual: 3 }), /定性のみの項目には「実績値」/],
    ['a NaN actual', ev.throughPlanApproval(), save({ actual: Number.NaN }), /「実績値」は有限の数値/],
    ['a negative actual', ev.throughPlanApproval(), save({ actual: '-2' }), /「実績値」は0以上/],
    ['grade E', ev.throughPlanApproval(), save({ qualitativeGrade: 'E' as 'A' }), /「定性評価」は A・B・C・D/],
    ['grade a (lower case)', ev.throughPlanApproval(), save({ qualitativeGrade: 'a' as 'A' }), /「定性評価」は A・B・C・D/],
    ['a javascript: link', ev.throughPlanApproval(), save({ evidenceLinks: ['javascript:alert(1)'] }), /http:\/\/ または https:\/\//],
    ['a non-URL link', ev.throughPlanApproval(), save({ evidenceLinks: ['report.pdf'] }), /URLではありません/],
    ['a link with credentials', ev.throughPlanApproval(), save({ evidenceLinks: ['https://user:pass@files.example.org/r.pdf'] }), /「根拠資料のリンク」の1件目にユーザー名やパスワード/],
    ['a link with a user name only', ev.throughPlanApproval(), save({ evidenceLinks: ['https://e.org/ok', 'https://user@e.org/r.pdf'] }), /「根拠資料のリンク」の2件目にユーザー名やパスワード/],
    ['21 links', ev.throughPlanApproval(), save({ evidenceLinks: Array.from({ length: 21 }, (_, i) => `https://e.org/${i}`) }), /20件以内/],
    ['a control character in the narrative', ev.throughPlanApproval(), save({ narrative: { achievements: 'ok\u0007' } }), /「実績・成果」に使用できない文字/],
    ['a too long narrative', ev.throughPlanApproval(), save({ narrative: { issues: 'あ'.repeat(4001) } }), /「課題」は4000文字以内/],
    ['a line break in the actual stage', ev.throughPlanApproval(), save({ actualStage: '検討\n実施' }), /「実績の段階」に使用できない文字/],
    ['U+2028 in the actual stage', ev.throughPlanApproval(), save({ actualStage: '検討\u2028実施' }), /「実績の段階」に改行や見えない文字/],
    ['a zero-width space in the actual stage', ev.throughPlanApproval(), save({ actualStage: '検\u200B討' }), /「実績の段階」に改行や見えない文字/],
    ['"yes" for reached', ev.throughPlanApproval(), save({ plannedStageReached: 'yes' as unknown as boolean }), /「計画段階の達成」は「はい」か「いいえ」/],
  ] as const)('SaveSelfEvaluation refuses %s', (_name, given, command, message) => {
    spec.given([...given]).when(command, as(staff)).thenThrows(ValidationError, message);
  });

  it('saving the same self-evaluation again records nothing', () => {
    spec.given(Draft).when(fullSave(), as(staff)).thenNothing();
  });

  it('the approved plan is locked: SaveAnnualPlan in 自己評価作成中 is an illegal transition', () => {
    spec
      .given(Draft)
      .when({ type: 'SaveAnnualPlan', data: { method: 'quantitative', target: 5, unit: '回', direction: 'higherIsBetter' } }, as(staff))
      .thenThrows(IllegalTransitionError, /「自己評価作成中」の段階/);
  });

  it('SubmitEvaluation sends the draft to the 推進会議 as edition 1', () => {
    const state = spec
      .given(Draft)
      .when({ type: 'SubmitEvaluation', data: {} }, as(staff))
      .then([{ type: 'EvaluationSubmitted', data: { ...base(staff, TEST_ACTING.staff), from: 'Draft', to: 'PromotionMeetingReview', edition: 1 } }]);
    expect(state.status).toBe('PromotionMeetingReview');
  });

  it('any staff member of the owning 部 may submit', () => {
    spec
      .given(Draft)
      .when({ type: 'SubmitEvaluation', data: {} }, as(otherStaff))
      .then([{ type: 'EvaluationSubmitted', data: { ...base(otherStaff, TEST_ACTING.staff), from: 'Draft', to: 'PromotionMeetingReview', edition: 1 } }]);
  });

  it('SubmitEvaluation lists what is missing', () => {
    const error = spec
      .given(ev.throughPlanApproval())
      .when({ type: 'SubmitEvaluation', data: {} }, as(staff))
      .thenThrows(ValidationError, /提出する前に次の項目を入力してください: 実績値、定性評価、計画段階の達成、実績・成果/);
    expect(error.details).toMatchObject({ fields: ['actual', 'qualitativeGrade', 'plannedStageReached', 'narrative.achievements'] });
  });

  it('SubmitEvaluation refuses when the plan revision changed the planned stage since the self-evaluation was saved', () => {
    spec
      .given(Draft)
      .when({ type: 'SubmitEvaluation', data: {} }, as(staff, { item: { ...testItem, plannedStage: '実施' } }))
      .thenThrows(ValidationError, /「検討」から「実施」に変わりました/);
  });

  it.each([
    ['staff of another 部', staffOfOtherDepartment, ForbiddenError, /総務部の担当です/],
    ['the DepartmentHead', head, ForbiddenError, /担当職員のみ/],
    ['the SecretaryGeneral', secretaryGeneral, ForbiddenError, /担当職員のみ/],
  ])('SubmitEvaluation by %s is refused', (_who, actor, errorClass, message) => {
    spec.given(Draft).when({ type: 'SubmitEvaluation', data: {} }, as(actor)).thenThrows(errorClass, message);
  });

  it.each([
    ['ApproveEvaluation', { type: 'ApproveEvaluation', data: {} }, head],
    ['ReturnEvaluation', { type: 'ReturnEvaluation', data: { toStage: 'Draft', reason: 'x' } }, head],
    ['CommentOnEvaluation', { type: 'CommentOnEvaluation', data: { text: 'x' } }, head],
    ['RecallEvaluation', { type: 'RecallEvaluation', data: {} }, staff],
    ['ForwardToCommittee', { type: 'ForwardToCommittee', data: { proposedGrade: 'A' } }, secretaryGeneral],
    ['FinalizeEvaluation', { type: 'FinalizeEvaluation', data: { overallGrade: 'A', rationale: 'x' } }, committee],
    ['ReopenEvaluation', { type: 'ReopenEvaluation', data: { reason: 'x' } }, committee],
  ] as [string, EvaluationCommand, Actor][])('%s on a draft is an illegal transition (wrong stage)', (_name, command, actor) => {
    spec.given(Draft).when(command, as(actor)).thenThrows(IllegalTransitionError, /「自己評価作成中」の段階です/);
  });

  it('a context for another item or year is refused', () => {
    spec
      .given(Draft)
      .when(fullSave(), as(staff, { item: { ...testItem, id: 'I-002' } }))
      .thenThrows(ValidationError, /一致しません/);
    spec
      .given(Draft)
      .when(fullSave(), as(staff, { fiscalYear: { fiscalYear: 2026, thresholds: { A: 100, B: 80, C: 60 } } }))
      .thenThrows(ValidationError, /一致しません/);
  });
});

describe('evaluation: 推進会議審査 (PromotionMeetingReview)', () => {
  it('ApproveEvaluation by the chair (部長 of the owning 部) sends it to the 管理職会議', () => {
    const state = spec
      .given(PromotionMeetingReview)
      .when({ type: 'ApproveEvaluation', data: {} }, as(head))
      .then([{ type: 'EvaluationApproved', data: { ...base(head, TEST_ACTING.head), from: 'PromotionMeetingReview', to: 'ManagersMeetingReview', batchId: null } }]);
    expect(state.status).toBe('ManagersMeetingReview');
  });

  it('一括承認: each approval carries the batch id', () => {
    spec
      .given(PromotionMeetingReview)
      .when({ type: 'ApproveEvaluation', data: { batchId: 'batch-2026-04-20' } }, as(head))
      .then([{ type: 'EvaluationApproved', data: { ...base(head, TEST_ACTING.head), from: 'PromotionMeetingReview', to: 'ManagersMeetingReview', batchId: 'batch-2026-04-20' } }]);
    spec
      .given(PromotionMeetingReview)
      .when({ type: 'ApproveEvaluation', data: { batchId: 'not ok!' } }, as(head))
      .thenThrows(ValidationError, /一括操作ID/);
  });

  it.each([
    ['the chair of another 推進会議', headOfOtherDepartment, /総務部の担当です/],
    ['the submitting staff', staff, /部長のみ/],
    ['the SecretaryGeneral', secretaryGeneral, /部長のみ/],
    ['a CommitteeMember', committee, /部長のみ/],
    ['an Auditor', auditor, /部長のみ/],
  ])('ApproveEvaluation by %s is forbidden', (_who, actor, message) => {
    spec.given(PromotionMeetingReview).when({ type: 'ApproveEvaluation', data: {} }, as(actor)).thenThrows(ForbiddenError, message);
  });

  it('ReturnEvaluation to the draft with a reason', () => {
    const state = spec
      .given(PromotionMeetingReview)
      .when({ type: 'ReturnEvaluation', data: { toStage: 'Draft', reason: '  実績の根拠を添付してください  ' } }, as(head))
      .then([
        {
          type: 'EvaluationReturned',
          data: { ...base(head, TEST_ACTING.head), from: 'PromotionMeetingReview', to: 'Draft', reason: '実績の根拠を添付してください' },
        },
      ]);
    expect(describeEvaluation(state).openReturn).toMatchObject({ reason: '実績の根拠を添付してください', by: head.userId });
  });

  it.each([
    ['no reason', { toStage: 'Draft' }, ValidationError, /「理由」を入力/],
    ['a blank reason', { toStage: 'Draft', reason: ' \n ' }, ValidationError, /「理由」を入力/],
    ['a reason over 2000 characters', { toStage: 'Draft', reason: 'あ'.repeat(2001) }, ValidationError, /2000文字以内/],
    ['an unknown stage', { toStage: 'Archive', reason: 'x' }, ValidationError, /差し戻し先/],
    ['a later stage', { toStage: 'ManagersMeetingReview', reason: 'x' }, IllegalTransitionError, /「自己評価作成中」にのみ差し戻せます/],
  ] as [string, object, typeof DomainError, RegExp][])('ReturnEvaluation with %s is refused', (_name, data, errorClass, message) => {
    spec
      .given(PromotionMeetingReview)
      .when({ type: 'ReturnEvaluation', data } as unknown as EvaluationCommand, as(head))
      .thenThrows(errorClass, message);
  });

  it('ReturnEvaluation by the chair of another 推進会議 is forbidden', () => {
    spec
      .given(PromotionMeetingReview)
      .when({ type: 'ReturnEvaluation', data: { toStage: 'Draft', reason: 'x' } }, as(headOfOtherDepartment))
      .thenThrows(ForbiddenError, /総務部の担当です/);
  });

  it('CommentOnEvaluation by the chair', () => {
    const state = spec
      .given(PromotionMeetingReview)
      .when({ type: 'CommentOnEvaluation', data: { text: '次回の会議で説明してください\n資料も' } }, as(head))
      .then([
        {
          type: 'EvaluationCommented',
          data: { ...base(head, TEST_ACTING.head), stage: 'PromotionMeetingReview', text: '次回の会議で説明してください\n資料も' },
        },
      ]);
    expect(state.status === 'PromotionMeetingReview' && state.comments).toHaveLength(1);
  });

  it('CommentOnEvaluation refuses an empty text, and a Manager may comment only at the 管理職会議', () => {
    spec.given(PromotionMeetingReview).when({ type: 'CommentOnEvaluation', data: { text: '' } }, as(head)).thenThrows(ValidationError, /「コメント」を入力/);
    spec
      .given(PromotionMeetingReview)
      .when({ type: 'CommentOnEvaluation', data: { text: 'x' } }, as(manager))
      .thenThrows(IllegalTransitionError, /「管理職会議審査」の段階です/);
    spec.given(PromotionMeetingReview).when({ type: 'CommentOnEvaluation', data: { text: 'x' } }, as(staff)).thenThrows(ForbiddenError);
  });

  it('RecallEvaluation (引き戻し) by staff of the owning 部 while the chair has not acted; a comment does not count as acting', () => {
    const state = spec
      .given([...PromotionMeetingReview, ev.commented('PromotionMeetingReview', '確認中', head, TEST_ACTING.head)])
      .when({ type: 'RecallEvaluation', data: {} }, as(otherStaff))
      .then([{ type: 'EvaluationRecalled', data: { ...base(otherStaff, TEST_ACTING.staff), from: 'PromotionMeetingReview', to: 'Draft' } }]);
    expect(state.status).toBe('Draft');
  });

  it('RecallEvaluation is refused once the evaluation came back here by a return (the next stage acted)', () => {
    spec
      .given([...ManagersMeetingReview, ev.returned('ManagersMeetingReview', 'PromotionMeetingReview', '再確認', secretaryGeneral, TEST_ACTING.secretaryGeneral)])
      .when({ type: 'RecallEvaluation', data: {} }, as(staff))
      .thenThrows(IllegalTransitionError, /引き戻しできません/);
  });

  it('RecallEvaluation by staff of another 部 is forbidden', () => {
    spec.given(PromotionMeetingReview).when({ type: 'RecallEvaluation', data: {} }, as(staffOfOtherDepartment)).thenThrows(ForbiddenError);
  });

  it.each([
    ['SaveSelfEvaluation', fullSave(), staff],
    ['SubmitEvaluation', { type: 'SubmitEvaluation', data: {} }, staff],
    ['SaveAnnualPlan', { type: 'SaveAnnualPlan', data: { method: 'qualitative' } }, staff],
    ['ForwardToCommittee', { type: 'ForwardToCommittee', data: { proposedGrade: 'A' } }, secretaryGeneral],
    ['FinalizeEvaluation', { type: 'FinalizeEvaluation', data: { overallGrade: 'A', rationale: 'x' } }, committee],
  ] as [string, EvaluationCommand, Actor][])('%s at the 推進会議 is an illegal transition', (_name, command, actor) => {
    spec.given(PromotionMeetingReview).when(command, as(actor)).thenThrows(IllegalTransitionError, /「推進会議審査」の段階です/);
  });
});

describe('evaluation: 意見 and replies (the 推進会議 members speak)', () => {
  it('AddOpinion by staff of the owning 部 at the 推進会議 records the 意見, numbered', () => {
    const state = spec
      .given(PromotionMeetingReview)
      .when({ type: 'AddOpinion', data: { opinion: '  広報の方法を見直してはどうか  ' } }, as(otherStaff))
      .then([{ type: 'OpinionAdded', data: { ...base(otherStaff, TEST_ACTING.staff), stage: 'PromotionMeetingReview', text: '広報の方法を見直してはどうか' } }]);
    expect(state.status === 'NotStarted' ? null : state.opinions).toEqual([
      { number: 1, stage: 'PromotionMeetingReview', text: '広報の方法を見直してはどうか', by: otherStaff.userId, actingAs: TEST_ACTING.staff, at: TEST_NOW },
    ]);
  });

  it('AddOpinion by staff of another 部 is forbidden; outside the 推進会議 it is an illegal transition; blank is refused', () => {
    spec.given(PromotionMeetingReview).when({ type: 'AddOpinion', data: { opinion: 'x' } }, as(staffOfOtherDepartment)).thenThrows(ForbiddenError);
    spec.given(ManagersMeetingReview).when({ type: 'AddOpinion', data: { opinion: 'x' } }, as(staff)).thenThrows(IllegalTransitionError, /「推進会議審査」の段階です/);
    spec.given(PromotionMeetingReview).when({ type: 'AddOpinion', data: { opinion: '  ' } }, as(staff)).thenThrows(ValidationError, /「意見」を入力/);
    spec.given(PromotionMeetingReview).when({ type: 'AddOpinion', data: { opinion: 'x' } }, as(head)).thenThrows(ForbiddenError, /担当職員のみ/);
  });

  it('ReplyToComment by the item’s staff answers a reviewer’s comment: the comment and its replies form a thread', () => {
    const commented = [...ManagersMeetingReview, ev.commented('ManagersMeetingReview', '実績の内訳を示してください', manager, 'Manager')];
    const state = spec
      .given(commented)
      .when({ type: 'ReplyToComment', data: { commentNumber: 1, reply: '内訳を根拠資料に追加しました' } }, as(staff))
      .then([ev.commentReplied(1, '内訳を根拠資料に追加しました', manager.userId)]);
    expect(state.status === 'NotStarted' ? null : state.replies).toEqual([
      { commentNumber: 1, text: '内訳を根拠資料に追加しました', by: staff.userId, actingAs: TEST_ACTING.staff, at: TEST_NOW },
    ]);
    expect(commentThreads(state)).toEqual([
      {
        comment: expect.objectContaining({ number: 1, text: '実績の内訳を示してください' }),
        replies: [expect.objectContaining({ commentNumber: 1, text: '内訳を根拠資料に追加しました' })],
      },
    ]);
  });

  it('ReplyToComment to a comment that does not exist, by a reviewer, by another 部, or once final is refused', () => {
    const commented = [...ManagersMeetingReview, ev.commented('ManagersMeetingReview', '確認してください', manager, 'Manager')];
    spec.given(commented).when({ type: 'ReplyToComment', data: { commentNumber: 2, reply: 'x' } }, as(staff)).thenThrows(NotFoundError, /コメント2はありません/);
    spec.given(commented).when({ type: 'ReplyToComment', data: { commentNumber: 0, reply: 'x' } }, as(staff)).thenThrows(ValidationError, /返信先のコメント/);
    spec.given(commented).when({ type: 'ReplyToComment', data: { commentNumber: 1, reply: '' } }, as(staff)).thenThrows(ValidationError, /「返信」を入力/);
    spec.given(commented).when({ type: 'ReplyToComment', data: { commentNumber: 1, reply: 'x' } }, as(manager)).thenThrows(ForbiddenError);
    spec.given(commented).when({ type: 'ReplyToComment', data: { commentNumber: 1, reply: 'x' } }, as(staffOfOtherDepartment)).thenThrows(ForbiddenError);
    spec.given([...Finalized, ev.commented('CommitteeReview', 'x', committee, 'CommitteeMember')]).when({ type: 'ReplyToComment', data: { commentNumber: 1, reply: 'x' } }, as(staff)).thenThrows(IllegalTransitionError, /確定済み/);
  });
});

describe('evaluation: 管理職会議審査 (ManagersMeetingReview)', () => {
  it('ForwardToCommittee by the SecretaryGeneral with the self grade as 総合評価(案) needs no reason', () => {
    const state = spec
      .given(ManagersMeetingReview)
      .when({ type: 'ForwardToCommittee', data: { proposedGrade: 'A' } }, as(secretaryGeneral))
      .then([ev.forwarded({ proposedGrade: 'A', selfGrade: 'A', edition: 2 })]);
    expect(state.status).toBe('CommitteeReview');
  });

  it('ForwardToCommittee with a changed grade needs a reason', () => {
    spec
      .given(ManagersMeetingReview)
      .when({ type: 'ForwardToCommittee', data: { proposedGrade: 'B', reason: '   ' } }, as(secretaryGeneral))
      .thenThrows(ValidationError, /自己評価\(定量A・定性A\)と異なるB\(ほぼ計画通り\)にする場合は「理由」を入力/);
    spec
      .given(ManagersMeetingReview)
      .when({ type: 'ForwardToCommittee', data: { proposedGrade: 'B', reason: '成果の質が計画に届いていない', batchId: 'b1' } }, as(secretaryGeneral))
      .then([ev.forwarded({ proposedGrade: 'B', selfGrade: 'A', reason: '成果の質が計画に届いていない', batchId: 'b1' })]);
  });

  it('ForwardToCommittee of a numeric item: the 定性 grade counts as a self grade too (第3章 総合評価)', () => {
    const twoGrades = withSelfGrades(ManagersMeetingReview, 'A', 'C');
    spec
      .given(twoGrades)
      .when({ type: 'ForwardToCommittee', data: { proposedGrade: 'C' } }, as(secretaryGeneral))
      .then([ev.forwarded({ proposedGrade: 'C', selfGrade: 'A', edition: 2 })]);
    spec
      .given(twoGrades)
      .when({ type: 'ForwardToCommittee', data: { proposedGrade: 'B' } }, as(secretaryGeneral))
      .thenThrows(ValidationError, /自己評価\(定量A・定性C\)と異なるB/);
  });

  it('ForwardToCommittee of a 定性-only item asks a reason against the 定性 grade only', () => {
    const qualitative = ManagersMeetingReview.map((e) =>
      e.type === 'AnnualPlanSaved' ? { ...e, data: { ...e.data, plan: { target: { kind: 'qualitative' as const }, actions: '研修会を開催する' } } } : e,
    ).map((e) =>
      e.type === 'SelfEvaluationSaved'
        ? { ...e, data: { ...e.data, selfEvaluation: testSelfEvaluation({ actual: null, quantitativeGrade: 'D', achievementPercent: null, thresholds: null, qualitativeGrade: 'B' }) } }
        : e,
    );
    spec
      .given(qualitative)
      .when({ type: 'ForwardToCommittee', data: { proposedGrade: 'D' } }, as(secretaryGeneral))
      .thenThrows(ValidationError, /自己評価\(定性B\)と異なるD/);
  });

  it.each([
    ['no grade', {}, /「総合評価\(案\)」を選んでください/],
    ['grade S', { proposedGrade: 'S' }, /A・B・C・D/],
    ['a number', { proposedGrade: 1 }, /A・B・C・D/],
  ])('ForwardToCommittee with %s is refused', (_name, data, message) => {
    spec
      .given(ManagersMeetingReview)
      .when({ type: 'ForwardToCommittee', data } as unknown as EvaluationCommand, as(secretaryGeneral))
      .thenThrows(ValidationError, message);
  });

  it.each([
    ['a Manager', manager],
    ['the DepartmentHead', head],
    ['a CommitteeMember', committee],
  ])('ForwardToCommittee by %s is forbidden (only the SecretaryGeneral decides)', (_who, actor) => {
    spec.given(ManagersMeetingReview).when({ type: 'ForwardToCommittee', data: { proposedGrade: 'A' } }, as(actor)).thenThrows(ForbiddenError, /事務局長のみ/);
  });

  it.each([['PromotionMeetingReview'], ['Draft']] as const)('ReturnEvaluation to %s with a reason', (toStage) => {
    const state = spec
      .given(ManagersMeetingReview)
      .when({ type: 'ReturnEvaluation', data: { toStage, reason: '数値の根拠が不明' } }, as(secretaryGeneral))
      .then([ev.returned('ManagersMeetingReview', toStage, '数値の根拠が不明', secretaryGeneral, TEST_ACTING.secretaryGeneral)]);
    expect(state.status).toBe(toStage);
  });

  it('ReturnEvaluation to the committee stage, or without a reason, or by a Manager is refused', () => {
    spec
      .given(ManagersMeetingReview)
      .when({ type: 'ReturnEvaluation', data: { toStage: 'CommitteeReview', reason: 'x' } }, as(secretaryGeneral))
      .thenThrows(IllegalTransitionError, /「推進会議審査」または「自己評価作成中」にのみ/);
    spec
      .given(ManagersMeetingReview)
      .when({ type: 'ReturnEvaluation', data: { toStage: 'Draft', reason: '' } }, as(secretaryGeneral))
      .thenThrows(ValidationError, /「理由」を入力/);
    spec
      .given(ManagersMeetingReview)
      .when({ type: 'ReturnEvaluation', data: { toStage: 'Draft', reason: 'x' } }, as(manager))
      .thenThrows(ForbiddenError);
  });

  it.each([
    ['a Manager', manager, TEST_ACTING.manager],
    ['the SecretaryGeneral', secretaryGeneral, TEST_ACTING.secretaryGeneral],
  ])('CommentOnEvaluation by %s', (_who, actor, actingAs) => {
    spec
      .given(ManagersMeetingReview)
      .when({ type: 'CommentOnEvaluation', data: { text: '他部門との連携は?' } }, as(actor))
      .then([ev.commented('ManagersMeetingReview', '他部門との連携は?', actor, actingAs)]);
  });

  it('CommentOnEvaluation by a CommitteeMember before the committee stage is an illegal transition; by staff forbidden', () => {
    spec
      .given(ManagersMeetingReview)
      .when({ type: 'CommentOnEvaluation', data: { text: 'x' } }, as(committee))
      .thenThrows(IllegalTransitionError, /「評価検証委員会審査」の段階です/);
    spec.given(ManagersMeetingReview).when({ type: 'CommentOnEvaluation', data: { text: 'x' } }, as(staff)).thenThrows(ForbiddenError);
  });

  it('RecallEvaluation by the chair who approved, while the 管理職会議 has not acted', () => {
    spec
      .given([...ManagersMeetingReview, ev.commented('ManagersMeetingReview', '確認', manager, TEST_ACTING.manager)])
      .when({ type: 'RecallEvaluation', data: {} }, as(head))
      .then([ev.recalled('ManagersMeetingReview', 'PromotionMeetingReview', head, TEST_ACTING.head)]);
  });

  it('RecallEvaluation is refused for the submitter (the chair has acted), another 部 chair, and after a return from the committee', () => {
    spec.given(ManagersMeetingReview).when({ type: 'RecallEvaluation', data: {} }, as(staff)).thenThrows(IllegalTransitionError, /「計画承認待ち・計画変更承認待ち・推進会議審査」の段階です/);
    spec.given(ManagersMeetingReview).when({ type: 'RecallEvaluation', data: {} }, as(headOfOtherDepartment)).thenThrows(ForbiddenError);
    spec
      .given([...CommitteeReview, ev.returned('CommitteeReview', 'ManagersMeetingReview', '再検討', committee, TEST_ACTING.committee)])
      .when({ type: 'RecallEvaluation', data: {} }, as(head))
      .thenThrows(IllegalTransitionError, /引き戻しできません/);
  });

  it('ApproveEvaluation again is an illegal transition', () => {
    spec.given(ManagersMeetingReview).when({ type: 'ApproveEvaluation', data: {} }, as(head)).thenThrows(IllegalTransitionError, /「管理職会議審査」の段階です/);
  });
});

describe('evaluation: 評価検証委員会審査 (CommitteeReview)', () => {
  it('FinalizeEvaluation with the proposed grade and a rationale', () => {
    const state = spec
      .given(CommitteeReview)
      .when({ type: 'FinalizeEvaluation', data: { meetingId: TEST_MEETING_ID, overallGrade: 'A', rationale: '計画通りに実施された' } }, inCommittee())
      .then([ev.finalized()]);
    expect(state.status).toBe('Finalized');
  });

  it('FinalizeEvaluation with a grade different from 総合評価(案) needs a reason', () => {
    spec
      .given(CommitteeReview)
      .when({ type: 'FinalizeEvaluation', data: { meetingId: TEST_MEETING_ID, overallGrade: 'C', rationale: '聞き取りの結果' } }, inCommittee())
      .thenThrows(ValidationError, /総合評価\(案\)のA・自己評価\(定量A・定性A\)と異なるC\(やや遅れている\)にする場合は「理由」/);
    spec
      .given(CommitteeReview)
      .when({ type: 'FinalizeEvaluation', data: { meetingId: TEST_MEETING_ID, overallGrade: 'C', rationale: '聞き取りの結果', reason: '一部未実施' } }, inCommittee())
      .then([ev.finalized({ overallGrade: 'C', rationale: '聞き取りの結果', reason: '一部未実施' })]);
  });

  it('FinalizeEvaluation at the 定性 grade of a numeric item needs no reason; at none of 定量・定性・案 it does', () => {
    const twoGrades = withSelfGrades(CommitteeReview, 'A', 'C');
    spec
      .given(twoGrades)
      .when({ type: 'FinalizeEvaluation', data: { meetingId: TEST_MEETING_ID, overallGrade: 'C', rationale: '聞き取りの結果' } }, inCommittee())
      .then([ev.finalized({ overallGrade: 'C', rationale: '聞き取りの結果' })]);
    spec
      .given(twoGrades)
      .when({ type: 'FinalizeEvaluation', data: { meetingId: TEST_MEETING_ID, overallGrade: 'B', rationale: '聞き取りの結果' } }, inCommittee())
      .thenThrows(ValidationError, /総合評価\(案\)のA・自己評価\(定量A・定性C\)と異なるB/);
  });

  it.each([
    ['no rationale', { overallGrade: 'A' }, /「総合評価の根拠」を入力/],
    ['grade F', { overallGrade: 'F', rationale: 'x' }, /「総合評価」は A・B・C・D/],
    ['a rationale with a NUL', { overallGrade: 'A', rationale: 'a\u0000b' }, /使用できない文字/],
  ])('FinalizeEvaluation with %s is refused', (_name, data, message) => {
    spec
      .given(CommitteeReview)
      .when({ type: 'FinalizeEvaluation', data: { meetingId: TEST_MEETING_ID, ...data } } as unknown as EvaluationCommand, inCommittee())
      .thenThrows(ValidationError, message);
  });

  it.each([
    ['the SecretaryGeneral', secretaryGeneral],
    ['an Auditor', auditor],
    ['an Admin', admin],
  ])('FinalizeEvaluation by %s is forbidden', (_who, actor) => {
    spec
      .given(CommitteeReview)
      .when({ type: 'FinalizeEvaluation', data: { meetingId: TEST_MEETING_ID, overallGrade: 'A', rationale: 'x' } }, as(actor, { session: testCommitteeSession() }))
      .thenThrows(ForbiddenError, /評価検証委員のみ/);
  });

  it('ReturnEvaluation to the 管理職会議 only, with a reason', () => {
    spec
      .given(CommitteeReview)
      .when({ type: 'ReturnEvaluation', data: { toStage: 'ManagersMeetingReview', reason: '案の根拠を補足' } }, as(committee))
      .then([ev.returned('CommitteeReview', 'ManagersMeetingReview', '案の根拠を補足', committee, TEST_ACTING.committee)]);
    spec
      .given(CommitteeReview)
      .when({ type: 'ReturnEvaluation', data: { toStage: 'Draft', reason: 'x' } }, as(committee))
      .thenThrows(IllegalTransitionError, /「管理職会議審査」にのみ差し戻せます/);
    spec
      .given(CommitteeReview)
      .when({ type: 'ReturnEvaluation', data: { toStage: 'ManagersMeetingReview' } } as unknown as EvaluationCommand, as(committee))
      .thenThrows(ValidationError, /「理由」を入力/);
  });

  it('CommentOnEvaluation by a CommitteeMember (e.g. notes of the hearing)', () => {
    spec
      .given(CommitteeReview)
      .when({ type: 'CommentOnEvaluation', data: { text: '担当部署への聞き取り: 概ね良好' } }, as(committee))
      .then([ev.commented('CommitteeReview', '担当部署への聞き取り: 概ね良好', committee, TEST_ACTING.committee)]);
  });

  it('RecallEvaluation by the SecretaryGeneral while the committee has not acted; not after a reopen', () => {
    spec
      .given(CommitteeReview)
      .when({ type: 'RecallEvaluation', data: {} }, as(secretaryGeneral))
      .then([ev.recalled('CommitteeReview', 'ManagersMeetingReview', secretaryGeneral, TEST_ACTING.secretaryGeneral)]);
    spec
      .given([...Finalized, ev.reopened('新たな事実')])
      .when({ type: 'RecallEvaluation', data: {} }, as(secretaryGeneral))
      .thenThrows(IllegalTransitionError, /引き戻しできません/);
  });
});

describe('evaluation: 確定 (Finalized)', () => {
  it('ReopenEvaluation by a CommitteeMember with a reason returns it to the committee', () => {
    const state = spec
      .given(Finalized)
      .when({ type: 'ReopenEvaluation', data: { reason: '監事の指摘により再審査', meetingId: TEST_MEETING_ID } }, inCommittee())
      .then([ev.reopened('監事の指摘により再審査')]);
    expect(state.status).toBe('CommitteeReview');
    expect(describeEvaluation(state).finalGrade).toBeNull();
  });

  it('ReopenEvaluation without a reason is refused', () => {
    spec.given(Finalized).when({ type: 'ReopenEvaluation', data: { reason: '' } }, as(committee)).thenThrows(ValidationError, /「理由」を入力/);
  });

  it.each([
    ['the SecretaryGeneral', secretaryGeneral],
    ['an Admin', admin],
    ['an Auditor', auditor],
    ['the DepartmentHead', head],
  ])('ReopenEvaluation by %s is forbidden', (_who, actor) => {
    spec.given(Finalized).when({ type: 'ReopenEvaluation', data: { reason: 'x' } }, as(actor)).thenThrows(ForbiddenError, /評価検証委員のみ/);
  });

  it.each([
    ['SaveAnnualPlan', { type: 'SaveAnnualPlan', data: { method: 'qualitative' } }, staff],
    ['SaveSelfEvaluation', fullSave(), staff],
    ['SubmitEvaluation', { type: 'SubmitEvaluation', data: {} }, staff],
    ['RecallEvaluation', { type: 'RecallEvaluation', data: {} }, secretaryGeneral],
    ['CommentOnEvaluation', { type: 'CommentOnEvaluation', data: { text: 'x' } }, committee],
    ['ApproveEvaluation', { type: 'ApproveEvaluation', data: {} }, head],
    ['ReturnEvaluation', { type: 'ReturnEvaluation', data: { toStage: 'ManagersMeetingReview', reason: 'x' } }, committee],
    ['ForwardToCommittee', { type: 'ForwardToCommittee', data: { proposedGrade: 'A' } }, secretaryGeneral],
    ['FinalizeEvaluation', { type: 'FinalizeEvaluation', data: { overallGrade: 'B', rationale: 'x', reason: 'y' } }, committee],
  ] as [string, EvaluationCommand, Actor][])('%s on a finalised evaluation is refused', (_name, command, actor) => {
    spec.given(Finalized).when(command, as(actor)).thenThrows(IllegalTransitionError, /確定済みの評価/);
  });
});

describe('evaluation: editions and grades across returns', () => {
  const returnedToDraft = [
    ...ManagersMeetingReview,
    ev.returned('ManagersMeetingReview', 'Draft', '実績を再確認', secretaryGeneral, TEST_ACTING.secretaryGeneral),
  ];

  it('a resubmission after a return is edition 2, and the two editions compare field by field', () => {
    const resaved = decideEvaluation(fullSave({ actual: 3, narrative: { ...NARRATIVE, issues: '講師確保' } }), foldEvaluation(returnedToDraft), as(staff));
    const state = spec
      .given([...returnedToDraft, ...resaved])
      .when({ type: 'SubmitEvaluation', data: {} }, as(staff))
      .then([ev.submitted(2)]);
    if (state.status === 'NotStarted') throw new Error('unreachable');
    expect(state.editions.map((e) => [e.edition, e.kind])).toEqual([
      [1, 'submission'],
      [2, 'submission'],
    ]);
    expect(compareEditions(state.editions[0]!, state.editions[1]!)).toEqual([
      { field: 'selfEvaluation.actual', label: '実績値', before: '4', after: '3' },
      { field: 'selfEvaluation.quantitativeGrade', label: '定量評価', before: 'A', after: 'C' },
      { field: 'selfEvaluation.achievementPercent', label: '達成率(%)', before: '100.00', after: '75.00' },
      { field: 'selfEvaluation.narrative.issues', label: '課題', before: null, after: '講師確保' },
    ]);
  });

  it('self, proposed and final grades stand side by side; history keeps every move', () => {
    const state = foldEvaluation([
      ...ManagersMeetingReview,
      ev.forwarded({ proposedGrade: 'B', selfGrade: 'A', reason: '質の面で課題' }),
      ev.returned('CommitteeReview', 'ManagersMeetingReview', '案の根拠を補足', committee, TEST_ACTING.committee),
      ev.forwarded({ proposedGrade: 'B', selfGrade: 'A', reason: '質の面で課題(補足済)', edition: 3 }),
      ev.finalized({ overallGrade: 'C', proposedGrade: 'B', selfGrade: 'A', reason: '聞き取り結果', edition: 4 }),
    ]);
    const summary = describeEvaluation(state);
    expect(summary).toMatchObject({
      status: 'Finalized',
      stageLabel: '確定',
      selfGrade: { grade: 'A', label: '計画通り' },
      proposedGrade: { grade: 'B', label: 'ほぼ計画通り' },
      finalGrade: { grade: 'C', label: 'やや遅れている' },
      finalReason: '聞き取り結果',
      editionCount: 4,
      recallable: false,
    });
    if (state.status !== 'Finalized') throw new Error('unreachable');
    expect(state.history.map((s) => `${s.action}:${s.from}->${s.to}`)).toEqual([
      'PlanSubmitted:PlanDraft->PlanReview',
      'PlanApproved:PlanReview->Draft',
      'Submitted:Draft->PromotionMeetingReview',
      'Approved:PromotionMeetingReview->ManagersMeetingReview',
      'ForwardedToCommittee:ManagersMeetingReview->CommitteeReview',
      'Returned:CommitteeReview->ManagersMeetingReview',
      'ForwardedToCommittee:ManagersMeetingReview->CommitteeReview',
      'Finalized:CommitteeReview->Finalized',
    ]);
    expect(compareEditions(state.editions[1]!, state.editions[2]!)).toEqual([
      { field: 'proposed.reason', label: '総合評価(案)の変更理由', before: '質の面で課題', after: '質の面で課題(補足済)' },
    ]);
  });

  it('a return before the 管理職会議 clears the proposed grade; the edition keeps it', () => {
    const state = foldEvaluation([
      ...CommitteeReview,
      ev.returned('CommitteeReview', 'ManagersMeetingReview', 'x', committee, TEST_ACTING.committee),
      ev.returned('ManagersMeetingReview', 'Draft', 'y', secretaryGeneral, TEST_ACTING.secretaryGeneral),
    ]);
    expect(describeEvaluation(state).proposedGrade).toBeNull();
    if (state.status === 'NotStarted') throw new Error('unreachable');
    expect(state.editions.at(-1)?.content.proposed).toEqual({ grade: 'A', reason: null });
  });

  it('describeEvaluation of a stream with no events', () => {
    expect(describeEvaluation(initialEvaluationState())).toMatchObject({ status: 'NotStarted', stageLabel: '未着手', editionCount: 0 });
  });

  it('evolve refuses a stream that does not start with AnnualTargetSet, and ignores unknown event types', () => {
    expect(() => foldEvaluation([ev.submitted(1)])).toThrow(/AnnualTargetSet/);
    expect(foldEvaluation([...Draft, { type: 'SomethingNew', data: {} }])).toEqual(foldEvaluation(Draft));
  });
});

describe('foldEvaluation', () => {
  it('makes the same state as evolving event by event, and leaves earlier folds and evolved states untouched', () => {
    const events: EvaluationEvent[] = [
      ...testEventsToStage.CommitteeReview,
      ...Array.from({ length: 50 }, (_, i) => ev.commented('CommitteeReview', `確認 ${i}`, testActors.committee, TEST_ACTING.committee)),
      ev.finalized(),
    ];
    const stepwise = events.reduce(evolveEvaluation, initialEvaluationState());
    const folded = foldEvaluation(events);
    expect(folded).toEqual(stepwise);
    // a fold's lists are its own: folding a prefix again, or evolving the result, changes no earlier value
    const prefix = foldEvaluation(events.slice(0, 10));
    const prefixCopy = structuredClone(prefix);
    foldEvaluation(events);
    const next = evolveEvaluation(prefix, ev.commented('CommitteeReview', 'あとから', testActors.committee, TEST_ACTING.committee));
    expect(prefix).toEqual(prefixCopy);
    expect(next).not.toEqual(prefix);
    expect(folded).toEqual(stepwise);
  });
});
