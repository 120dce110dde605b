import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideReminders, dueReminders, reminderStream } from '@hyoka/domain';
import { startHarness, type Harness } from '../test-support/harness.js';
import { PASSWORD_HASH } from '../test-support/scenario.js';
import { markNotificationsRead, notificationsOf, unreadCount, waitingWork } from './notifications.queries.js';

const meta = (occurredAt: string) => ({
  actor: 'u-head',
  commandId: randomUUID(),
  correlationId: randomUUID(),
  causationId: randomUUID(),
  occurredAt,
  schemaVersion: 1,
});

describe('notifications: who is told what', () => {
  let h: Harness;
  beforeEach(async () => {
    h = startHarness();
    await h.scenario.setUp();
  });
  afterEach(() => h.close());

  // draftAndSubmit goes through the 単年度計画 first (submitted: waits for the 部長; approved: tells the staff); the tests
  // of the year-end route look at what follows it, the plan's own notifications have their test below.
  const PLAN_PHASE = (n: { kind: string; stage: string | null }) => n.stage === 'PlanReview' || (n.kind === 'approved' && n.stage === 'Draft');
  const rowsOf = (userId: string, first = 50) => notificationsOf(h.readModels, userId, { first }).rows.filter((n) => !PLAN_PHASE(n));
  const kinds = (userId: string) => rowsOf(userId).map((n) => [n.kind, n.itemId, n.stage]);

  it('the 単年度計画: a submitted plan waits for the owning 部の部長, its approval tells the staff', async () => {
    await h.scenario.approvedPlan('I-001', 2025);
    await h.settle();
    const all = (userId: string) => notificationsOf(h.readModels, userId, { first: 50 }).rows.map((n) => [n.kind, n.itemId, n.stage]);
    expect(all('u-head')).toEqual([['waiting', 'I-001', 'PlanReview']]);
    expect(all('u-staff')).toEqual([['approved', 'I-001', 'Draft']]);
    expect(all('u-cw-staff')).toEqual([]);
  });

  it("a submission waits for the owning 部's 部長; the submitter is not told of their own move", async () => {
    await h.scenario.draftAndSubmit('I-001', 2025, 4);
    await h.settle();
    expect(kinds('u-head')).toEqual([['waiting', 'I-001', 'PromotionMeetingReview']]);
    expect(kinds('u-staff')).toEqual([]);
    expect(kinds('u-cw-staff')).toEqual([]);
    expect(kinds('u-sg')).toEqual([]);
  });

  it("the 部長's approval tells the staff it was approved and the 事務局長 it waits; a return tells the staff with the reason", async () => {
    await h.scenario.draftAndSubmit('I-001', 2025, 4);
    await h.scenario.act('head', 'I-001', 2025, { type: 'ApproveEvaluation', data: {} });
    await h.scenario.act('sg', 'I-001', 2025, { type: 'ReturnEvaluation', data: { toStage: 'Draft', reason: '実績の根拠を追記してください' } });
    await h.settle();
    expect(kinds('u-sg')).toEqual([['waiting', 'I-001', 'ManagersMeetingReview']]);
    const staff = rowsOf('u-staff');
    expect(staff.map((n) => [n.kind, n.stage, n.reason, n.actorId])).toEqual([
      ['returned', 'Draft', '実績の根拠を追記してください', 'u-sg'],
      ['approved', 'ManagersMeetingReview', null, 'u-head'],
    ]);
  });

  it('a recall tells nobody; finalising tells the staff and the 部長', async () => {
    await h.scenario.draftAndSubmit('I-001', 2025, 4);
    await h.scenario.act('staff', 'I-001', 2025, { type: 'RecallEvaluation', data: {} });
    await h.settle();
    expect(kinds('u-head')).toEqual([['waiting', 'I-001', 'PromotionMeetingReview']]);
    await h.scenario.act('staff', 'I-001', 2025, { type: 'SubmitEvaluation', data: {} });
    await h.scenario.act('head', 'I-001', 2025, { type: 'ApproveEvaluation', data: {} });
    await h.scenario.act('sg', 'I-001', 2025, { type: 'ForwardToCommittee', data: { proposedGrade: 'A' } });
    await h.scenario.act('committee', 'I-001', 2025, { type: 'FinalizeEvaluation', data: { overallGrade: 'A', rationale: '目標を達成した' } });
    await h.settle();
    expect(kinds('u-committee')).toEqual([['waiting', 'I-001', 'CommitteeReview']]);
    expect(kinds('u-staff')[0]).toEqual(['finalized', 'I-001', 'Finalized']);
    expect(kinds('u-head')[0]).toEqual(['finalized', 'I-001', 'Finalized']);
  });

  it('a reply tells the comment’s author; an 意見 at the 推進会議 tells the 部長 chairing it; the speaker is not told', async () => {
    await h.scenario.draftAndSubmit('I-001', 2025, 4);
    await h.scenario.act('staff', 'I-001', 2025, { type: 'AddOpinion', data: { opinion: '広報の方法を見直してはどうか' } });
    await h.scenario.act('head', 'I-001', 2025, { type: 'ApproveEvaluation', data: {} });
    await h.scenario.act('sg', 'I-001', 2025, { type: 'CommentOnEvaluation', data: { text: '実績の内訳を示してください' } });
    await h.scenario.act('staff', 'I-001', 2025, { type: 'ReplyToComment', data: { commentNumber: 1, reply: '内訳を添付しました' } });
    await h.settle();
    expect(kinds('u-head')).toEqual([
      ['opinion', 'I-001', 'PromotionMeetingReview'],
      ['waiting', 'I-001', 'PromotionMeetingReview'],
    ]);
    expect(kinds('u-sg')).toEqual([
      ['replied', 'I-001', 'ManagersMeetingReview'],
      ['waiting', 'I-001', 'ManagersMeetingReview'],
    ]);
    expect(kinds('u-staff').filter(([kind]) => kind === 'opinion' || kind === 'replied')).toEqual([]);
  });

  it('once an item has 担当者, work for the staff goes to them only', async () => {
    await h.scenario.user('u-staff-2', {
      type: 'RegisterUser',
      data: { userId: 'u-staff-2', loginName: 'yamada', displayName: '山田 次郎', passwordHash: PASSWORD_HASH },
    });
    await h.scenario.user('u-staff-2', { type: 'GrantRole', data: { role: 'Staff', departmentId: 'general-affairs' } });
    await h.store.appendToStream(
      'assignment-I-001',
      [{ id: randomUUID(), type: 'ItemAssigneesChanged', data: { itemId: 'I-001', assignees: ['u-staff-2'], by: 'u-head', at: h.scenario.now() }, metadata: meta(h.scenario.now()) }],
      { expectedRevision: 'any' },
    );
    await h.scenario.draftAndSubmit('I-001', 2025, 4);
    await h.scenario.act('head', 'I-001', 2025, { type: 'ReturnEvaluation', data: { toStage: 'Draft', reason: '再検討' } });
    await h.settle();
    expect(kinds('u-staff-2')).toEqual([['returned', 'I-001', 'Draft']]);
    expect(kinds('u-staff')).toEqual([]);
    expect(waitingWork(h.readModels).find((w) => w.itemId === 'I-001')).toMatchObject({ stage: 'Draft', recipients: ['u-staff-2'] });
  });

  it('a recorded reminder is a notification of its recipient', async () => {
    const now = '2025-05-29T00:00:00.000Z';
    const [event] = decideReminders(dueReminders({ itemId: 'I-002', fiscalYear: 2025, stage: 'NotStarted', dueDate: '2025-05-31', recipients: [{ userId: 'u-staff', reminderDays: 3 }] }, now), [], now);
    await h.store.appendToStream(reminderStream('I-002', 2025), [{ id: randomUUID(), type: event!.type, data: event!.data, metadata: meta(now) }], { expectedRevision: 'any' });
    await h.settle();
    expect(notificationsOf(h.readModels, 'u-staff', { first: 5 }).rows).toMatchObject([{ kind: 'dueSoon', itemId: 'I-002', dueDate: '2025-05-31', days: 2 }]);
  });

  it('unread count, read marks, paging newest first; a rebuild keeps the rows and the read marks', async () => {
    // the plans approved first and their notifications read: what follows pages over the three submissions
    for (const itemId of ['I-001', 'I-002', 'I-003']) await h.scenario.approvedPlan(itemId, 2025);
    await h.settle();
    expect(markNotificationsRead(h.readModels, 'u-head', null, h.scenario.now())).toBe(3);
    for (const itemId of ['I-001', 'I-002', 'I-003']) {
      await h.scenario.act('staff', itemId, 2025, {
        type: 'SaveSelfEvaluation',
        data: { actual: 4, qualitativeGrade: 'B', actualStage: '検討', plannedStageReached: true, narrative: { achievements: '研修会を4回開催した' } },
      });
      await h.scenario.act('staff', itemId, 2025, { type: 'SubmitEvaluation', data: {} });
    }
    await h.settle();
    const first = notificationsOf(h.readModels, 'u-head', { first: 2 });
    expect(first.rows.map((n) => n.itemId)).toEqual(['I-003', 'I-002']);
    expect([first.unreadCount, first.hasMore]).toEqual([3, true]);
    const second = notificationsOf(h.readModels, 'u-head', { first: 1, after: first.rows[1]!.id });
    expect([second.rows.map((n) => [n.itemId, n.stage]), second.hasMore]).toEqual([[['I-001', 'PromotionMeetingReview']], true]);

    expect(markNotificationsRead(h.readModels, 'u-head', [first.rows[0]!.id], h.scenario.now())).toBe(1);
    // someone else's id marks nothing
    expect(markNotificationsRead(h.readModels, 'u-sg', [first.rows[1]!.id], h.scenario.now())).toBe(0);
    expect(unreadCount(h.readModels, 'u-head')).toBe(2);
    expect(notificationsOf(h.readModels, 'u-head', { first: 10, unreadOnly: true }).rows.map((n) => n.itemId)).toEqual(['I-002', 'I-001']);

    await h.runner.rebuild('notifications');
    expect(notificationsOf(h.readModels, 'u-head', { first: 3 }).rows.map((n) => [n.itemId, n.read])).toEqual([
      ['I-003', true],
      ['I-002', false],
      ['I-001', false],
    ]);
    expect(markNotificationsRead(h.readModels, 'u-head', null, h.scenario.now())).toBe(2);
    expect(unreadCount(h.readModels, 'u-head')).toBe(0);
  });
});
