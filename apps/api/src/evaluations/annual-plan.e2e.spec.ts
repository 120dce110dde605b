import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import {
  APPROVE_ANNUAL_PLAN,
  CHANGE_ANNUAL_PLAN,
  EVALUATION,
  INBOX,
  RETURN_ANNUAL_PLAN,
  SAVE_ANNUAL_PLAN,
  SAVE_SELF_EVALUATION,
  SUBMIT_ANNUAL_PLAN,
  newCommandId,
  historyOf,
} from '../testing/operations.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const ITEM = 'I-002';
const FY = 2025;
type Evaluation = Record<string, any>;

describe('the 単年度計画 over HTTP, on the SQLite store', () => {
  let api: TestApi;
  let staff: Browser;
  let chair: Browser;
  let otherHead: Browser;

  beforeAll(async () => {
    api = await startTestApi();
    [staff, chair, otherHead] = await api.signInAll('staff-general', 'head-general', 'head-community');
  });
  afterAll(async () => {
    await api?.dispose();
  });

  const act = async (who: Browser, operation: string, input: Record<string, unknown>): Promise<Evaluation> => {
    const data = await who.run(operation, { input: { itemId: ITEM, fiscalYear: FY, commandId: newCommandId(), ...input } });
    return Object.values(data)[0] as Evaluation;
  };
  const refusal = async (who: Browser, operation: string, input: Record<string, unknown>) =>
    who.errorOf(operation, { input: { itemId: ITEM, fiscalYear: FY, commandId: newCommandId(), ...input } });
  const plan = { method: 'quantitative', target: '4', unit: '回', direction: 'higherIsBetter', actions: '研修会を年4回開催する' };

  it('drafted → returned → approved (locked) → a change returned, another approved → the self-evaluation judged against it', async () => {
    // staff draft and submit; the 部長 finds it in the inbox
    let e = await act(staff, SAVE_ANNUAL_PLAN, { expectedVersion: null, ...plan, actions: null });
    expect(e).toMatchObject({ stage: 'PlanDraft', stageLabel: '計画作成中', plan: null, planDraft: { actions: null } });
    const noActions = await refusal(staff, SUBMIT_ANNUAL_PLAN, { expectedVersion: e.version });
    expect(noActions).toMatchObject({ extensions: { code: 'VALIDATION' }, message: expect.stringMatching(/取組内容/) });
    e = await act(staff, SAVE_ANNUAL_PLAN, { expectedVersion: e.version, ...plan });
    e = await act(staff, SUBMIT_ANNUAL_PLAN, { expectedVersion: e.version });
    expect(e).toMatchObject({ stage: 'PlanReview', stageLabel: '計画承認待ち' });
    const inbox = (await chair.run(INBOX, { fiscalYear: FY })).inbox;
    expect(inbox.groups.flatMap((g: any) => g.items)).toContainEqual(expect.objectContaining({ itemId: ITEM, action: 'ApproveAnnualPlan' }));

    // only the owning 部's 部長 approves; the return needs a reason and goes back to 計画作成中
    expect((await refusal(otherHead, APPROVE_ANNUAL_PLAN, { expectedVersion: e.version })).extensions?.code).toBe('FORBIDDEN');
    expect((await refusal(staff, APPROVE_ANNUAL_PLAN, { expectedVersion: e.version })).extensions?.code).toBe('FORBIDDEN');
    expect((await refusal(chair, RETURN_ANNUAL_PLAN, { expectedVersion: e.version, reason: ' ' })).extensions?.code).toBe('VALIDATION');
    e = await act(chair, RETURN_ANNUAL_PLAN, { expectedVersion: e.version, reason: '目標値の根拠を取組内容に書いてください' });
    expect(e).toMatchObject({ stage: 'PlanDraft', openReturn: { reason: '目標値の根拠を取組内容に書いてください' }, planDraft: { target: { target: '4' } } });
    e = await act(staff, SAVE_ANNUAL_PLAN, { expectedVersion: e.version, ...plan });
    e = await act(staff, SUBMIT_ANNUAL_PLAN, { expectedVersion: e.version });
    e = await act(chair, APPROVE_ANNUAL_PLAN, { expectedVersion: e.version });
    expect(e).toMatchObject({
      stage: 'Draft',
      stageLabel: '自己評価作成中',
      planDraft: null,
      plan: { planEdition: 1, approvedBy: { displayName: '総務部長' }, legacy: false, target: { target: '4' } },
    });

    // locked: the plan itself cannot be saved any more
    const locked = await refusal(staff, SAVE_ANNUAL_PLAN, { expectedVersion: e.version, ...plan, target: '3' });
    expect(locked.extensions?.code).toBe('ILLEGAL_TRANSITION');
    e = await act(staff, SAVE_SELF_EVALUATION, {
      expectedVersion: e.version,
      actual: '4',
      qualitativeGrade: 'A',
      actualStage: '実施',
      plannedStageReached: true,
      narrative: { achievements: '4回開催した' },
    });
    expect(e).toMatchObject({ gradedPlanEdition: 1, selfEvaluation: { planEdition: 1, quantitativeGrade: 'A' }, selfGrade: { grade: 'A' } });

    // a change needs a reason; returned, it is dropped and the approved plan stands
    expect((await refusal(staff, CHANGE_ANNUAL_PLAN, { expectedVersion: e.version, ...plan, target: '5', reason: '' })).extensions?.code).toBe('VALIDATION');
    e = await act(staff, CHANGE_ANNUAL_PLAN, { expectedVersion: e.version, ...plan, target: '6', reason: '会場が増えたため' });
    expect(e).toMatchObject({ stage: 'PlanChangeReview', planDraft: { reason: '会場が増えたため', target: { target: '6' } }, plan: { planEdition: 1 } });
    e = await act(chair, RETURN_ANNUAL_PLAN, { expectedVersion: e.version, reason: '6回は過大です' });
    expect(e).toMatchObject({ stage: 'Draft', planDraft: null, plan: { planEdition: 1, target: { target: '4' } }, selfGrade: { grade: 'A' } });

    // a second change, approved: 計画第2版, and the saved self-evaluation is graded again against it
    e = await act(staff, CHANGE_ANNUAL_PLAN, { expectedVersion: e.version, ...plan, target: '5', reason: '会場が1つ増えたため' });
    const { evaluation: pending } = await chair.run(
      `query { evaluation(itemId: "${ITEM}", fiscalYear: ${FY}) { planDifferences(from: 1) { field label before after } } }`,
    );
    expect(pending.planDifferences).toEqual([{ field: 'target.target', label: '目標値', before: '4', after: '5' }]);
    e = await act(chair, APPROVE_ANNUAL_PLAN, { expectedVersion: e.version });
    expect(e).toMatchObject({
      stage: 'Draft',
      plan: { planEdition: 2, reason: '会場が1つ増えたため', target: { target: '5' } },
      gradedPlanEdition: 2,
      selfEvaluation: { planEdition: 2, quantitativeGrade: 'B', achievementPercent: '80.00' },
      selfGrade: { grade: 'B' },
    });
    expect(e.planHistory.map((p: any) => [p.planEdition, p.target.target])).toEqual([
      [1, '4'],
      [2, '5'],
    ]);
    const { evaluation } = await staff.run(
      `query { evaluation(itemId: "${ITEM}", fiscalYear: ${FY}) { planDifferences(from: 1, to: 2) { field label before after } } }`,
    );
    expect(evaluation.planDifferences).toEqual([{ field: 'target.target', label: '目標値', before: '4', after: '5' }]);
    const read = (await staff.run(EVALUATION, { itemId: ITEM, fiscalYear: FY })).evaluation;
    expect(read.route.map((s: any) => s.action)).toEqual([
      'PlanSubmitted', 'Returned', 'PlanSubmitted', 'PlanApproved', 'PlanChangeRequested', 'Returned', 'PlanChangeRequested', 'PlanApproved',
    ]);
    expect(historyOf(read).map((h: any) => h.summary)).toContain('単年度計画を承認(計画第2版)');
  });
});
