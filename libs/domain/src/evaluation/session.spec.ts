import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { Actor } from '../shared/roles.js';
import { specFor } from '../testing/spec.js';
import { evaluationContext, TEST_MEETING_ID, TEST_SESSION_RECORD, testActors, testCommitteeMeeting, testCommitteeSession } from '../testing/fixtures.js';
import { testEvents as ev, testEventsToStage, TEST_ACTING } from '../testing/events.js';
import { decideEvaluation } from './decide.js';
import { evolveEvaluation, foldEvaluation, initialEvaluationState } from './evolve.js';
import type { EvaluationCommand, EvaluationContext, EvaluationEvent, EvaluationState, SessionContext } from './types.js';

const spec = specFor<EvaluationCommand, EvaluationState, EvaluationEvent, EvaluationContext>({
  decide: decideEvaluation,
  evolve: evolveEvaluation,
  initialState: initialEvaluationState,
});
const { committee, head, secretaryGeneral } = testActors;
const as = (actor: Actor, session?: SessionContext) => evaluationContext(actor, session ? { session } : {});
const finalize = (meetingId: string | null = TEST_MEETING_ID): EvaluationCommand => ({
  type: 'FinalizeEvaluation',
  data: { overallGrade: 'A', rationale: '計画通りに実施された', ...(meetingId ? { meetingId } : {}) },
});
const promotionSession = (over = {}): SessionContext =>
  testCommitteeSession({ meetingId: 'M-pm', body: 'promotionMeeting', departmentId: 'general-affairs', chairId: head.userId, invited: [head.userId], present: [head.userId], ...over });

describe('the committee decides in session (FinalizeEvaluation, ReopenEvaluation)', () => {
  const { CommitteeReview, Finalized } = testEventsToStage;

  it('outside a session, one member cannot finalise alone', () => {
    spec.given(CommitteeReview).when(finalize(null), as(committee)).thenThrows(IllegalTransitionError, /評価検証委員会の会議中でなければ確定できません/);
    spec.given(Finalized).when({ type: 'ReopenEvaluation', data: { reason: '再審査' } }, as(committee)).thenThrows(IllegalTransitionError, /評価検証委員会の会議中でなければ再開できません/);
  });

  it('in the open session with quorum, the decision records the session and the members present', () => {
    const [event] = decideEvaluation(finalize(), foldEvaluation(CommitteeReview), as(committee, testCommitteeSession()));
    expect(event).toEqual(ev.finalized({ meeting: TEST_SESSION_RECORD }));
    const state = foldEvaluation([...CommitteeReview, event!]);
    expect(state.status === 'Finalized' && state.history.at(-1)?.meeting).toEqual(TEST_SESSION_RECORD);
  });

  it('without quorum it is refused, saying how many are present and needed (default: a majority of the invited)', () => {
    const session = testCommitteeSession({ invited: [committee.userId, 'u-c2', 'u-c3', 'u-c4', 'u-c5', 'u-c6'], present: [committee.userId, 'u-c2', 'u-c3'] });
    spec.given(CommitteeReview).when(finalize(), as(committee, session)).thenThrows(IllegalTransitionError, /定足数に達していません（出席3名／必要4名）/);
    const configured = { ...session, committeeQuorum: 3 };
    expect(decideEvaluation(finalize(), foldEvaluation(CommitteeReview), as(committee, configured))).toHaveLength(1);
  });

  it.each([
    ['not open yet', { status: 'Scheduled' as const }, IllegalTransitionError, /「開催予定」のため、決定を記録できません/],
    ['closed', { status: 'Closed' as const }, IllegalTransitionError, /「終了」のため/],
    ['of another body', { body: 'managersMeeting' as const }, IllegalTransitionError, /評価検証委員会の会議で行います/],
    ['without the item on its agenda', { agenda: ['I-999'] }, IllegalTransitionError, /議題に含まれていません/],
    ['of another year', { fiscalYear: 2026 }, IllegalTransitionError, /議題に含まれていません/],
    ['where the member is not recorded present', { invited: [committee.userId, 'u-c2'], present: ['u-c2', 'u-c3'] }, IllegalTransitionError, /出席者として記録されていない/],
  ])('a session %s is refused', (_name, over, errorClass, message) => {
    spec.given(CommitteeReview).when(finalize(), as(committee, testCommitteeSession(over))).thenThrows(errorClass, message);
  });

  it('a session id the store does not hold is NOT_FOUND', () => {
    spec.given(CommitteeReview).when(finalize('M-unknown'), as(committee, { meeting: null })).thenThrows(NotFoundError, /会議「M-unknown」は登録されていません/);
  });

  it('a return by the committee may name its session, and need not', () => {
    const ret: EvaluationCommand = { type: 'ReturnEvaluation', data: { toStage: 'ManagersMeetingReview', reason: '案の根拠を補足' } };
    spec.given(CommitteeReview).when(ret, as(committee)).then([ev.returned('CommitteeReview', 'ManagersMeetingReview', '案の根拠を補足', committee, TEST_ACTING.committee)]);
    const [event] = decideEvaluation({ ...ret, data: { ...ret.data, meetingId: TEST_MEETING_ID } } as EvaluationCommand, foldEvaluation(CommitteeReview), as(committee, testCommitteeSession()));
    expect(event?.data).toMatchObject({ meeting: TEST_SESSION_RECORD });
  });
});

describe('the 推進会議 and 管理職会議 decide in session when given (or when the deployment requires it)', () => {
  const { PromotionMeetingReview, ManagersMeetingReview, Draft } = testEventsToStage;

  it('approve without a session records none; with its open session records it', () => {
    spec.given(PromotionMeetingReview).when({ type: 'ApproveEvaluation', data: {} }, as(head)).then([ev.approved()]);
    const [event] = decideEvaluation({ type: 'ApproveEvaluation', data: { meetingId: 'M-pm' } }, foldEvaluation(PromotionMeetingReview), as(head, promotionSession()));
    expect(event?.data).toMatchObject({ meeting: { meetingId: 'M-pm', body: 'promotionMeeting', attendees: [head.userId] } });
  });

  it('HYOKA_SESSION_REQUIRED: a required body refuses a decision outside its session', () => {
    spec
      .given(PromotionMeetingReview)
      .when({ type: 'ApproveEvaluation', data: {} }, as(head, { meeting: null, requiredBodies: ['promotionMeeting'] }))
      .thenThrows(IllegalTransitionError, /推進会議の会議中でなければ承認できません/);
    spec
      .given(ManagersMeetingReview)
      .when({ type: 'ForwardToCommittee', data: { proposedGrade: 'A' } }, as(secretaryGeneral, { meeting: null, requiredBodies: ['managersMeeting'] }))
      .thenThrows(IllegalTransitionError, /管理職会議の会議中でなければ委員会へ送付できません/);
  });

  it('the 推進会議 of another 部 cannot decide this item', () => {
    spec
      .given(PromotionMeetingReview)
      .when({ type: 'ApproveEvaluation', data: { meetingId: 'M-pm' } }, as(head, promotionSession({ departmentId: 'community-welfare' })))
      .thenThrows(IllegalTransitionError, /総務部の推進会議で審査します/);
  });

  it('a move the table gives no session (提出) cannot name one', () => {
    const saved = foldEvaluation(Draft);
    expect(saved.status).toBe('Draft');
    spec.given(Draft).when({ type: 'ReturnEvaluation', data: { reason: 'x', meetingId: 'M-pm' } }, as(head, promotionSession())).thenThrows(IllegalTransitionError);
    spec
      .given(testEventsToStage.PlanReview)
      .when({ type: 'ReturnEvaluation', data: { reason: 'x', meetingId: 'M-pm' } }, as(head, promotionSession()))
      .thenThrows(ValidationError, /この決定は会議に結び付けられません/);
  });
});

describe('the hearing (聞き取り, RecordHearing)', () => {
  const { CommitteeReview, ManagersMeetingReview } = testEventsToStage;
  const hearing = (over: Record<string, unknown> = {}): EvaluationCommand =>
    ({ type: 'RecordHearing', data: { departmentId: 'general-affairs', people: ['総務 担当'], heardOn: '2026-05-20', summary: '担当部から実施状況を聞き取った', ...over } }) as EvaluationCommand;

  it('a committee member records it at 評価検証委員会審査; the state lists it', () => {
    const state = spec.given(CommitteeReview).when(hearing(), as(committee)).then([ev.hearingRecorded()]);
    expect(state.status === 'CommitteeReview' && state.hearings).toMatchObject([{ number: 1, departmentId: 'general-affairs', people: ['総務 担当'], meetingId: null }]);
  });

  it('within an open committee session it names the session; a session not open is refused', () => {
    spec.given(CommitteeReview).when(hearing({ meetingId: TEST_MEETING_ID }), as(committee, testCommitteeSession())).then([ev.hearingRecorded(undefined, TEST_MEETING_ID)]);
    spec
      .given(CommitteeReview)
      .when(hearing({ meetingId: TEST_MEETING_ID }), as(committee, { meeting: testCommitteeMeeting({ status: 'Closed' }) }))
      .thenThrows(IllegalTransitionError, /開催中の評価検証委員会の会議だけ/);
  });

  it.each([
    ['no 部', { departmentId: 'x' }, /聞き取りの相手\(部\)/],
    ['nobody heard', { people: [] }, /聞き取りの相手\(氏名\)/],
    ['no date', { heardOn: '5月20日' }, /「聞き取りの日」/],
    ['no summary', { summary: '' }, /「聞き取りの要旨」を入力/],
  ])('with %s is refused', (_name, over, message) => {
    spec.given(CommitteeReview).when(hearing(over), as(committee)).thenThrows(ValidationError, message);
  });

  it('at another stage it is an illegal transition; by anyone but the committee forbidden', () => {
    spec.given(ManagersMeetingReview).when(hearing(), as(committee)).thenThrows(IllegalTransitionError);
    spec.given(CommitteeReview).when(hearing(), as(secretaryGeneral)).thenThrows(Error, /評価検証委員のみ/);
  });
});
