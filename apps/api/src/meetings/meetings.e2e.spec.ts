import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import {
  APPROVE,
  CHANGE_AGENDA,
  CLOSE_MEETING,
  EVALUATION,
  FINALIZE,
  FORWARD,
  MEETING,
  MEETINGS,
  OPEN_MEETING,
  RECORD_ATTENDANCE,
  RECORD_HEARING,
  RECORD_MINUTES,
  SCHEDULE_MEETING,
  historyOf,
  newCommandId,
} from '../testing/operations.js';
import { act, committeeSession, submitted } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const FY = 2025;
const APPROVE_MANY_IN_SESSION = `mutation($input: ApproveEvaluationsInput!) { approveEvaluations(input: $input) { itemId ok errorCode errorMessage } }`;
type Meeting = Record<string, any>;

/** 会議 over HTTP through the real SQLite store: every operation allowed and refused, quorum, the hearing, concurrency. */
describe('meetings (会議) over HTTP', () => {
  let api: TestApi;
  let staff: Browser, chair: Browser, otherChair: Browser, secretaryGeneral: Browser, member1: Browser, member2: Browser, auditor: Browser, admin: Browser;

  beforeAll(async () => {
    api = await startTestApi();
    [staff, chair, otherChair, secretaryGeneral, member1, member2, auditor, admin] = await api.signInAll(
      'staff-general',
      'head-general',
      'head-community',
      'secretary-general',
      'committee-1',
      'committee-2',
      'auditor',
      'admin',
    );
  });
  afterAll(async () => {
    await api?.dispose();
  });

  const meetingAct = async (who: Browser, operation: string, input: Record<string, unknown>): Promise<Meeting> =>
    Object.values(await who.run(operation, { input: { commandId: newCommandId('mtg'), ...input } }))[0] as Meeting;
  const refusal = (who: Browser, operation: string, input: Record<string, unknown>) => who.errorOf(operation, { input: { commandId: newCommandId('mtg'), ...input } });

  /** I-003 at 評価検証委員会審査 (self grade A, proposed A). */
  async function atCommittee(itemId: string) {
    let e = await submitted(staff, itemId, FY);
    e = await act(chair, APPROVE, itemId, FY, { expectedVersion: e.version });
    return act(secretaryGeneral, FORWARD, itemId, FY, { expectedVersion: e.version, proposedGrade: 'A' });
  }

  it('a 推進会議: its 部長 schedules it with the evaluations waiting at its stage, runs it, and records its decisions in it', async () => {
    const e = await submitted(staff, 'I-003', FY);
    let m = await meetingAct(chair, SCHEDULE_MEETING, { body: 'promotionMeeting', departmentId: 'general-affairs', fiscalYear: FY, date: '2026-04-30', place: '第1会議室' });
    expect(m).toMatchObject({ bodyLabel: '総務部の推進会議', status: 'Scheduled', statusLabel: '開催予定', chair: { displayName: '総務部長' }, quorum: null });
    expect(m.agenda.map((a: any) => a.itemId)).toContain('I-003');
    expect(m.invited.map((p: any) => p.displayName)).toEqual(expect.arrayContaining(['総務部長', '総務部 担当職員']));

    // the 部長 of another 部, staff and the auditor may not run it; the auditor reads it
    expect((await refusal(otherChair, OPEN_MEETING, { meetingId: m.meetingId, expectedVersion: m.version })).extensions?.code).toBe('FORBIDDEN');
    expect((await refusal(staff, OPEN_MEETING, { meetingId: m.meetingId, expectedVersion: m.version })).extensions?.code).toBe('FORBIDDEN');
    expect((await refusal(auditor, OPEN_MEETING, { meetingId: m.meetingId, expectedVersion: m.version })).extensions?.code).toBe('FORBIDDEN');
    expect((await auditor.run(MEETING, { meetingId: m.meetingId })).meeting.meetingId).toBe(m.meetingId);

    // a decision naming a session not open yet is refused
    const early = await chair.errorOf(APPROVE, { input: { itemId: 'I-003', fiscalYear: FY, expectedVersion: e.version, commandId: newCommandId(), meetingId: m.meetingId } });
    expect(early.extensions?.code).toBe('ILLEGAL_TRANSITION');
    expect(early.message).toMatch(/開催予定/);

    m = await meetingAct(chair, CHANGE_AGENDA, { meetingId: m.meetingId, expectedVersion: m.version, agenda: ['I-003'] });
    m = await meetingAct(chair, OPEN_MEETING, { meetingId: m.meetingId, expectedVersion: m.version });
    expect(m.status).toBe('Open');
    expect((await refusal(chair, CHANGE_AGENDA, { meetingId: m.meetingId, expectedVersion: m.version, agenda: [] })).extensions?.code).toBe('ILLEGAL_TRANSITION');
    const present = m.invited.map((p: any) => p.userId);
    m = await meetingAct(chair, RECORD_ATTENDANCE, { meetingId: m.meetingId, expectedVersion: m.version, present });
    const approved = await act(chair, APPROVE, 'I-003', FY, { expectedVersion: e.version, meetingId: m.meetingId });
    expect(approved.route.at(-1).meeting).toMatchObject({ meetingId: m.meetingId, body: 'promotionMeeting' });
    m = await meetingAct(chair, RECORD_MINUTES, { meetingId: m.meetingId, expectedVersion: m.version, minutes: 'I-003 を承認した' });
    m = await meetingAct(chair, CLOSE_MEETING, { meetingId: m.meetingId, expectedVersion: m.version });
    const shown = (await chair.run(MEETING, { meetingId: m.meetingId })).meeting;
    expect(shown).toMatchObject({ status: 'Closed', minutes: 'I-003 を承認した' });
    expect(shown.decisions).toMatchObject([{ itemId: 'I-003', type: 'EvaluationApproved', by: { displayName: '総務部長' } }]);
    expect((await chair.run(MEETINGS, { fiscalYear: FY, body: 'promotionMeeting' })).meetings.map((x: any) => x.meetingId)).toContain(m.meetingId);
    // another 部's staff do not see this 部's 推進会議
    const [communityStaff] = await api.signInAll('staff-community');
    expect((await communityStaff!.run(MEETINGS, { fiscalYear: FY })).meetings.map((x: any) => x.meetingId)).not.toContain(m.meetingId);
  });

  it('the committee finalises only in an open session with quorum; the decision records the session and who was present', async () => {
    const e = await atCommittee('I-004');
    const outside = await member1.errorOf(FINALIZE, { input: { itemId: 'I-004', fiscalYear: FY, expectedVersion: e.version, commandId: newCommandId(), overallGrade: 'A', rationale: '妥当', meetingId: '' } });
    expect(outside.extensions?.code).toBe('ILLEGAL_TRANSITION');
    expect(outside.message).toContain('評価検証委員会の会議中でなければ確定できません');

    // one of two members present: no quorum (majority of 2 = 2)
    const thin = await committeeSession(member1, ['I-004'], FY, (invited) => invited.slice(0, 1));
    const noQuorum = await member1.errorOf(FINALIZE, { input: { itemId: 'I-004', fiscalYear: FY, expectedVersion: e.version, commandId: newCommandId(), overallGrade: 'A', rationale: '妥当', meetingId: thin.meetingId } });
    expect(noQuorum.extensions?.code).toBe('ILLEGAL_TRANSITION');
    expect(noQuorum.message).toContain('定足数に達していません（出席1名／必要2名）');

    const full = await committeeSession(member1, ['I-004'], FY);
    const heard = await act(member2, RECORD_HEARING, 'I-004', FY, {
      expectedVersion: e.version,
      departmentId: 'general-affairs',
      people: ['総務部 担当職員'],
      heardOn: '2026-05-20',
      summary: '研修会4回の実施と参加者の反応を聞き取った',
      meetingId: full.meetingId,
    });
    expect(heard.hearings).toMatchObject([{ number: 1, departmentName: '総務部', people: ['総務部 担当職員'], meetingId: full.meetingId }]);
    expect(historyOf(heard).at(-1).summary).toMatch(/^聞き取り\(2026-05-20 総務部 総務部 担当職員\)/);

    const done = await act(member2, FINALIZE, 'I-004', FY, { expectedVersion: heard.version, overallGrade: 'A', rationale: '聞き取りで確認した', meetingId: full.meetingId });
    expect(done.stage).toBe('Finalized');
    expect(done.route.at(-1).meeting.attendees.map((p: any) => p.displayName)).toEqual(['評価検証委員 1', '評価検証委員 2']);
    const decisions = (await auditor.run(MEETING, { meetingId: full.meetingId })).meeting.decisions;
    expect(decisions.map((d: any) => d.type)).toEqual(['HearingRecorded', 'EvaluationFinalized']);
    const read = (await staff.run(EVALUATION, { itemId: 'I-004', fiscalYear: FY })).evaluation;
    expect(read.hearings[0].summary).toBe('研修会4回の実施と参加者の反応を聞き取った');
  });

  it('HYOKA_COMMITTEE_QUORUM sets the quorum; HYOKA_SESSION_REQUIRED makes the 推進会議 decide in session', async () => {
    const strict = await startTestApi({ HYOKA_COMMITTEE_QUORUM: '1', HYOKA_SESSION_REQUIRED: 'promotionMeeting' });
    try {
      const [s, c, m1] = await strict.signInAll('staff-general', 'head-general', 'committee-1');
      const e = await submitted(s!, 'I-005', FY);
      const refused = await c!.errorOf(APPROVE, { input: { itemId: 'I-005', fiscalYear: FY, expectedVersion: e.version, commandId: newCommandId() } });
      expect(refused.message).toContain('推進会議の会議中でなければ承認できません');
      const session = await committeeSession(m1!, [], FY, (invited) => invited.slice(0, 1));
      expect(session.quorum).toBe(1);
    } finally {
      await strict.dispose();
    }
  });

  it('two closes of one session: one is recorded, the other is a conflict; a retried close records nothing twice', async () => {
    let m = await committeeSession(member1, [], FY);
    const ids = [newCommandId('close'), newCommandId('close')];
    const closers = [member1, secretaryGeneral];
    const answers = await Promise.all(closers.map((who, i) => who.send(CLOSE_MEETING, { input: { meetingId: m.meetingId, expectedVersion: m.version, commandId: ids[i] } })));
    const codes = answers.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok');
    expect([...codes].sort()).toEqual(['CONFLICT', 'ok']);
    const after = (await member1.run(MEETING, { meetingId: m.meetingId })).meeting;
    expect([after.status, after.version]).toEqual(['Closed', m.version + 1]);
    // the winner retries its request (same command id, the version it saw): answered as before, nothing recorded twice
    const winner = codes.indexOf('ok');
    const retried = await closers[winner]!.send(CLOSE_MEETING, { input: { meetingId: m.meetingId, expectedVersion: m.version, commandId: ids[winner] } });
    expect(retried.errors).toBeUndefined();
    m = (await member1.run(MEETING, { meetingId: m.meetingId })).meeting;
    expect(m.version).toBe(after.version);
  });

  it('この会議の決定として記録: a bulk approval names the 推進会議 session; an action that is no decision cannot name one', async () => {
    const a = await submitted(staff, 'I-008', FY);
    const b = await submitted(staff, 'I-009', FY);
    let m = await meetingAct(chair, SCHEDULE_MEETING, { body: 'promotionMeeting', departmentId: 'general-affairs', fiscalYear: FY, date: '2026-05-01', place: '第1会議室', agenda: ['I-008', 'I-009'] });
    m = await meetingAct(chair, OPEN_MEETING, { meetingId: m.meetingId, expectedVersion: m.version });
    const results = (
      await chair.run(APPROVE_MANY_IN_SESSION, {
        input: { items: [{ itemId: 'I-008', fiscalYear: FY, expectedVersion: a.version }, { itemId: 'I-009', fiscalYear: FY, expectedVersion: b.version }], commandId: newCommandId('bulk'), meetingId: m.meetingId },
      })
    ).approveEvaluations;
    expect(results.map((r: any) => r.ok)).toEqual([true, true]);
    const decisions = (await chair.run(MEETING, { meetingId: m.meetingId })).meeting.decisions;
    expect(decisions.map((d: any) => [d.itemId, d.type])).toEqual([['I-008', 'EvaluationApproved'], ['I-009', 'EvaluationApproved']]);
    expect(decisions[0].summary).toContain('推進会議の会議');

    const draftOnly = await submitted(staff, 'I-010', FY);
    const recall = await staff.errorOf(`mutation($input: EvaluationActionInput!) { recallEvaluation(input: $input) { version } }`, {
      input: { itemId: 'I-010', fiscalYear: FY, expectedVersion: draftOnly.version, commandId: newCommandId(), meetingId: m.meetingId },
    });
    expect([recall.extensions?.code, recall.message]).toEqual(['VALIDATION', expect.stringContaining('この操作は会議に結び付けられません')]);
  });

  it('scheduling is refused to staff and auditors and for bad input; the administrator may run any session', async () => {
    const base = { body: 'committee', fiscalYear: FY, date: '2026-06-01', place: '本会' };
    expect((await refusal(staff, SCHEDULE_MEETING, base)).extensions?.code).toBe('FORBIDDEN');
    expect((await refusal(auditor, SCHEDULE_MEETING, base)).extensions?.code).toBe('FORBIDDEN');
    const bad = await refusal(member1, SCHEDULE_MEETING, { ...base, date: '2026-13-01' });
    expect([bad.extensions?.code, bad.message]).toEqual(['VALIDATION', '「開催日」は YYYY-MM-DD の形の日付で指定してください']);
    const m = await meetingAct(admin, SCHEDULE_MEETING, { ...base, agenda: [] });
    expect((await meetingAct(admin, OPEN_MEETING, { meetingId: m.meetingId, expectedVersion: m.version })).status).toBe('Open');
    const unknown = await member1.errorOf(MEETING, { meetingId: 'm-does-not-exist' });
    expect(unknown.extensions?.code).toBe('FORBIDDEN');
  });
});
