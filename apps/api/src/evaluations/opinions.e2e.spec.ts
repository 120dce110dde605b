import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { ADD_OPINION, APPROVE, COMMENT, EVALUATION, FORWARD, REPLY_TO_COMMENT, SAVE_SELF_EVALUATION, SUBMIT, commentsOf, historyOf } from '../testing/operations.js';
import { act, approvedPlan, finalizedInSession, submitted } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const FY = 2025;

describe('the 推進会議 members speak, and both self grades count (issue 13, points 5 and 6), through the real store', () => {
  let api: TestApi;
  let staff: Browser;
  let chair: Browser;
  let secretaryGeneral: Browser;
  let committee: Browser;
  let otherStaff: Browser;

  beforeAll(async () => {
    api = await startTestApi();
    [staff, chair, secretaryGeneral, committee, otherStaff] = await api.signInAll(
      'staff-general',
      'head-general',
      'secretary-general',
      'committee-1',
      'staff-community',
    );
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('staff add 意見 at their 推進会議 and answer the reviewers; both stay in the history', async () => {
    const ITEM = 'I-003';
    let e = await submitted(staff, ITEM, FY);
    expect(e.allowedActions).toContain('AddOpinion');

    e = await act(staff, ADD_OPINION, ITEM, FY, { expectedVersion: e.version, opinion: '広報の方法を見直してはどうか' });
    expect(e.opinions).toEqual([{ number: 1, stage: 'PromotionMeetingReview', text: '広報の方法を見直してはどうか', by: { displayName: '総務部 担当職員' }, actingAsLabel: expect.stringContaining('担当職員') }]);

    // staff of another 部 are not members of this 推進会議; the chair comments, not opines
    const foreign = await otherStaff.errorOf(ADD_OPINION, { input: { itemId: ITEM, fiscalYear: FY, expectedVersion: e.version, commandId: crypto.randomUUID(), opinion: 'x' } });
    expect(foreign.extensions?.code).toBe('FORBIDDEN');
    const byChair = await chair.errorOf(ADD_OPINION, { input: { itemId: ITEM, fiscalYear: FY, expectedVersion: e.version, commandId: crypto.randomUUID(), opinion: 'x' } });
    expect(byChair.extensions?.code).toBe('FORBIDDEN');

    e = await act(chair, COMMENT, ITEM, FY, { expectedVersion: e.version, text: '実績の内訳を示してください' });
    e = await act(staff, REPLY_TO_COMMENT, ITEM, FY, { expectedVersion: e.version, commentNumber: 1, reply: '内訳を根拠資料に追加しました' });
    expect(commentsOf(e)).toEqual([
      expect.objectContaining({
        number: 1,
        text: '実績の内訳を示してください',
        replies: [{ commentNumber: 1, text: '内訳を根拠資料に追加しました', by: { displayName: '総務部 担当職員' }, actingAsLabel: expect.stringContaining('担当職員') }],
      }),
    ]);

    // a reply to a comment that is not there, and a reply by a reviewer, are refused
    const missing = await staff.errorOf(REPLY_TO_COMMENT, { input: { itemId: ITEM, fiscalYear: FY, expectedVersion: e.version, commandId: crypto.randomUUID(), commentNumber: 2, reply: 'x' } });
    expect(missing.extensions?.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('コメント2はありません');
    const byReviewer = await chair.errorOf(REPLY_TO_COMMENT, { input: { itemId: ITEM, fiscalYear: FY, expectedVersion: e.version, commandId: crypto.randomUUID(), commentNumber: 1, reply: 'x' } });
    expect(byReviewer.extensions?.code).toBe('FORBIDDEN');

    // past the 推進会議 no more 意見; replies go on while the work is under review
    e = await act(chair, APPROVE, ITEM, FY, { expectedVersion: e.version });
    const late = await staff.errorOf(ADD_OPINION, { input: { itemId: ITEM, fiscalYear: FY, expectedVersion: e.version, commandId: crypto.randomUUID(), opinion: 'x' } });
    expect(late.extensions?.code).toBe('ILLEGAL_TRANSITION');

    const read = (await staff.run(EVALUATION, { itemId: ITEM, fiscalYear: FY })).evaluation;
    const spoken = historyOf(read).filter((h: any) => h.type === 'OpinionAdded' || h.type === 'CommentReplied');
    expect(spoken.map((h: any) => [h.type, h.summary, h.comment, h.by.displayName])).toEqual([
      ['OpinionAdded', '意見(推進会議審査)', '広報の方法を見直してはどうか', '総務部 担当職員'],
      ['CommentReplied', 'コメント1への返信', '内訳を根拠資料に追加しました', '総務部 担当職員'],
    ]);
  });

  it('a numeric item: the 案 and the final grade need no reason at the 定性 grade, and one at a grade that is neither', async () => {
    const ITEM = 'I-004';
    let e = await approvedPlan(staff, ITEM, FY);
    // 4 of 4 → 定量 A; the person judges 定性 C
    e = await act(staff, SAVE_SELF_EVALUATION, ITEM, FY, {
      expectedVersion: e.version,
      actual: '4',
      qualitativeGrade: 'C',
      actualStage: '実施',
      plannedStageReached: true,
      narrative: { achievements: '回数は達成したが内容に課題が残った' },
    });
    e = await act(staff, SUBMIT, ITEM, FY, { expectedVersion: e.version });
    e = await act(chair, APPROVE, ITEM, FY, { expectedVersion: e.version });

    const neither = await secretaryGeneral.errorOf(FORWARD, { input: { itemId: ITEM, fiscalYear: FY, expectedVersion: e.version, commandId: crypto.randomUUID(), proposedGrade: 'B' } });
    expect(neither.extensions?.code).toBe('VALIDATION');
    expect(neither.message).toContain('自己評価(定量A・定性C)と異なるB');

    e = await act(secretaryGeneral, FORWARD, ITEM, FY, { expectedVersion: e.version, proposedGrade: 'C' });
    expect(e.proposedGrade.grade).toBe('C');

    // the final grade may stand on the 定量 grade (A) though the 案 is C
    e = await finalizedInSession(committee, ITEM, FY, { expectedVersion: e.version, overallGrade: 'A', rationale: '聞き取りで回数の達成を確認した' });
    expect([e.stage, e.finalGrade.grade, e.finalReason]).toEqual(['Finalized', 'A', null]);
  });
});
