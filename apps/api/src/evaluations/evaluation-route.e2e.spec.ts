import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import {
  APPROVE,
  BOARD,
  EVALUATION,
  FINALIZE,
  FORWARD,
  INBOX,
  REOPEN,
  RETURN,
  SAVE_SELF_EVALUATION,
  SAVE_ANNUAL_PLAN,
  SUBMIT_ANNUAL_PLAN,
  APPROVE_ANNUAL_PLAN,
  SUBMIT,
  newCommandId,
  historyOf,
} from '../testing/operations.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { committeeSession } from '../testing/route-helpers.js';

const ITEM = 'I-002'; // 法人経営部門 → 総務推進会議 / 総務部; planned stage 2025: 実施
const FY = 2025;

type Evaluation = Record<string, any>;

describe('the whole route over HTTP, as the people would do it', () => {
  let api: TestApi;
  let staff: Browser;
  let chair: Browser;
  let secretaryGeneral: Browser;
  let committee1: Browser;
  let committee2: Browser;

  beforeAll(async () => {
    api = await startTestApi();
    [staff, chair, secretaryGeneral, committee1, committee2] = await api.signInAll(
      'staff-general',
      'head-general',
      'secretary-general',
      'committee-1',
      'committee-2',
    );
  });
  afterAll(async () => {
    await api?.dispose();
  });

  const act = async (who: Browser, operation: string, input: Record<string, unknown>): Promise<Evaluation> => {
    const data = await who.run(operation, { input: { itemId: ITEM, fiscalYear: FY, commandId: newCommandId(), ...input } });
    return Object.values(data)[0] as Evaluation;
  };
  const boardRow = async (who: Browser) =>
    (await who.run(BOARD, { fiscalYear: FY })).board.entries.find((e: { itemId: string }) => e.itemId === ITEM);

  it('staff → 推進会議 returns → staff resubmits → chair approves → 事務局長 forwards B → committee decides A → reopened', async () => {
    // 単年度計画: drafted and submitted by staff, approved by the 部長 (計画第1版)
    let e = await act(staff, SAVE_ANNUAL_PLAN, {
      expectedVersion: null,
      method: 'quantitative',
      target: '4',
      unit: '回',
      direction: 'higherIsBetter',
      actions: '広報紙にQRコードを掲載する',
    });
    expect(e).toMatchObject({ stage: 'PlanDraft', version: 0, target: null, planDraft: { target: { kind: 'quantitative', target: '4' } } });
    e = await act(staff, SUBMIT_ANNUAL_PLAN, { expectedVersion: e.version });
    e = await act(chair, APPROVE_ANNUAL_PLAN, { expectedVersion: e.version });
    expect(e).toMatchObject({ stage: 'Draft', version: 2, target: { kind: 'quantitative', target: '4', unit: '回' }, plan: { planEdition: 1 } });
    const forStaff = (await staff.run(EVALUATION, { itemId: ITEM, fiscalYear: FY })).evaluation;
    expect(forStaff.allowedActions).toEqual(expect.arrayContaining(['SaveSelfEvaluation', 'SubmitEvaluation', 'ChangeAnnualPlan']));
    expect(forStaff.allowedActions).not.toContain('SaveAnnualPlan');

    e = await act(staff, SAVE_SELF_EVALUATION, {
      expectedVersion: e.version,
      actual: '3',
      qualitativeGrade: 'B',
      actualStage: '実施',
      plannedStageReached: true,
      narrative: { achievements: 'QRコードを広報紙に3回掲載した', issues: '閲覧数の把握', nextYear: '毎号掲載する' },
    });
    expect(e.selfEvaluation).toMatchObject({ actual: '3', quantitativeGrade: 'C', achievementPercent: '75.00', qualitativeGrade: 'B' });
    expect(e.selfGrade).toEqual({ grade: 'C', label: 'やや遅れている' });

    e = await act(staff, SUBMIT, { expectedVersion: e.version });
    expect(e).toMatchObject({ stage: 'PromotionMeetingReview', version: 4 });
    // the caller's next query (and the chair's) already shows it
    expect(await boardRow(staff)).toMatchObject({ stage: 'PromotionMeetingReview', version: 4 });
    const chairInbox = (await chair.run(INBOX, { fiscalYear: FY })).inbox;
    expect(chairInbox.groups.flatMap((g: any) => g.items)).toContainEqual(
      expect.objectContaining({ itemId: ITEM, action: 'ApproveEvaluation', actingAs: 'DepartmentHead@general-affairs', version: 4 }),
    );
    const submittedAt = historyOf(e).at(-1).recordedAt as string;

    // 推進会議: the chair returns it with a reason
    e = await act(chair, RETURN, { expectedVersion: e.version, toStage: 'Draft', reason: '実績の根拠資料を添付してください' });
    expect(e).toMatchObject({ stage: 'Draft', version: 5, openReturn: { action: 'Returned', reason: '実績の根拠資料を添付してください' } });
    expect(await boardRow(staff)).toMatchObject({ stage: 'Draft', returnedReason: '実績の根拠資料を添付してください' });

    // staff corrects and resubmits
    e = await act(staff, SAVE_SELF_EVALUATION, {
      expectedVersion: e.version,
      actual: '4',
      qualitativeGrade: 'A',
      actualStage: '実施',
      plannedStageReached: true,
      narrative: { achievements: 'QRコードを広報紙に4回掲載した', issues: null, nextYear: '毎号掲載する' },
      evidenceLinks: ['https://example.org/kouhou/2025'],
    });
    e = await act(staff, SUBMIT, { expectedVersion: e.version });
    expect(e).toMatchObject({ stage: 'PromotionMeetingReview', version: 7, selfGrade: { grade: 'A' } });

    // the chair approves → 管理職会議
    e = await act(chair, APPROVE, { expectedVersion: e.version });
    expect(e).toMatchObject({ stage: 'ManagersMeetingReview', version: 8 });

    // 事務局長 forwards with a proposed B (differs from the self grade A: a reason is required)
    e = await act(secretaryGeneral, FORWARD, {
      expectedVersion: e.version,
      proposedGrade: 'B',
      reason: '掲載後の反応が確認できていないため',
    });
    expect(e).toMatchObject({ stage: 'CommitteeReview', version: 9, proposedGrade: { grade: 'B' } });

    // the committee decides in session: a member finalises A with a rationale, both members present
    const session = await committeeSession(committee1, [ITEM], FY);
    e = await act(committee1, FINALIZE, {
      meetingId: session.meetingId,
      expectedVersion: e.version,
      overallGrade: 'A',
      rationale: '聞き取りにより、計画どおり4回掲載したことを確認した',
      reason: '反応の把握は次年度の課題とし、実施状況を評価した',
    });
    expect(e).toMatchObject({
      stage: 'Finalized',
      version: 10,
      selfGrade: { grade: 'A' },
      proposedGrade: { grade: 'B' },
      finalGrade: { grade: 'A', label: '計画通り' },
      finalRationale: '聞き取りにより、計画どおり4回掲載したことを確認した',
    });
    expect(e.route.at(-1).meeting).toEqual({
      meetingId: session.meetingId,
      body: 'committee',
      attendees: session.invited.map((p: { userId: string; displayName: string }) => ({ userId: p.userId, displayName: p.displayName })),
    });
    expect(await boardRow(chair)).toMatchObject({ stage: 'Finalized', selfGrade: 'A', proposedGrade: 'B', finalGrade: 'A' });

    // the committee reopens it in the same session
    e = await act(committee2, REOPEN, { meetingId: session.meetingId, expectedVersion: e.version, reason: '監事から根拠資料の追加確認の依頼があった' });
    expect(e).toMatchObject({ stage: 'CommitteeReview', version: 11 });

    // The history lists every step with who, as what and when.
    const { evaluation } = await staff.run(EVALUATION, { itemId: ITEM, fiscalYear: FY });
    expect(historyOf(evaluation).map((h: any) => [h.type, h.by.displayName, h.actingAsLabel, h.stageAfter])).toEqual([
      ['AnnualPlanSaved', '総務部 担当職員', '担当職員(総務部)', 'PlanDraft'],
      ['AnnualPlanSubmitted', '総務部 担当職員', '担当職員(総務部)', 'PlanReview'],
      ['AnnualPlanApproved', '総務部長', '部長(総務部)', 'Draft'],
      ['SelfEvaluationSaved', '総務部 担当職員', '担当職員(総務部)', 'Draft'],
      ['EvaluationSubmitted', '総務部 担当職員', '担当職員(総務部)', 'PromotionMeetingReview'],
      ['EvaluationReturned', '総務部長', '部長(総務部)', 'Draft'],
      ['SelfEvaluationSaved', '総務部 担当職員', '担当職員(総務部)', 'Draft'],
      ['EvaluationSubmitted', '総務部 担当職員', '担当職員(総務部)', 'PromotionMeetingReview'],
      ['EvaluationApproved', '総務部長', '部長(総務部)', 'ManagersMeetingReview'],
      ['EvaluationForwardedToCommittee', '事務局長', '事務局長', 'CommitteeReview'],
      ['EvaluationFinalized', '評価検証委員 1', '評価検証委員', 'Finalized'],
      ['EvaluationReopened', '評価検証委員 2', '評価検証委員', 'CommitteeReview'],
    ]);
    // Each move that makes an edition names its 第n版.
    expect(historyOf(evaluation).filter((h: any) => h.editionNumber !== null).map((h: any) => [h.editionNumber, h.summary])).toEqual([
      [1, '提出(第1版)'],
      [2, '提出(第2版)'],
      [3, '総合評価(案) B(ほぼ計画通り) で評価検証委員会へ送付(第3版)'],
      [4, `総合評価 A(計画通り) で確定(第4版) — 評価検証委員会の会議 ${session.meetingId}(出席2名)`],
    ]);
    for (const h of historyOf(evaluation)) {
      expect(Date.parse(h.at)).not.toBeNaN();
      expect(h.by.userId).toMatch(/^demo-/);
    }
    expect(historyOf(evaluation)[5]).toMatchObject({ reason: '実績の根拠資料を添付してください', summary: '差し戻し: 推進会議審査 → 自己評価作成中' });
    expect(historyOf(evaluation)[2]).toMatchObject({ summary: '単年度計画を承認(計画第1版)' });
    expect(evaluation.route.map((s: any) => s.action)).toEqual([
      'PlanSubmitted', 'PlanApproved', 'Submitted', 'Returned', 'Submitted', 'Approved', 'ForwardedToCommittee', 'Finalized', 'Reopened',
    ]);

    // Both editions around the return can be read and compared.
    expect(evaluation.editions.map((e: any) => [e.edition, e.kind, e.content.selfEvaluation.actual])).toEqual([
      [1, 'submission', '3'],
      [2, 'submission', '4'],
      [3, 'proposal', '4'],
      [4, 'decision', '4'],
    ]);
    const { evaluation: compared } = await chair.run(
      `query { evaluation(itemId: "${ITEM}", fiscalYear: ${FY}) { editionDifferences(from: 1, to: 2) { field label before after } } }`,
    );
    expect(compared.editionDifferences).toEqual(
      expect.arrayContaining([
        { field: 'selfEvaluation.actual', label: '実績値', before: '3', after: '4' },
        { field: 'selfEvaluation.quantitativeGrade', label: '定量評価', before: 'C', after: 'A' },
      ]),
    );

    // …and the evaluation as it stood right after the first submission can be replayed.
    const { evaluation: then } = await chair.run(EVALUATION, { itemId: ITEM, fiscalYear: FY, asOf: submittedAt });
    expect(then).toMatchObject({ stage: 'PromotionMeetingReview', version: 4, asOf: submittedAt, allowedActions: [] });
    expect(then.editions).toHaveLength(1);
    expect(historyOf(then)).toEqual(historyOf(evaluation).slice(0, 5));
  });
});
