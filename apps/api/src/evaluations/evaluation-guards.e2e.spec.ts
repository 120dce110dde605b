import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../testing/graphql-client.js';
import {
  APPROVE,
  APPROVE_MANY,
  AUDIT_LOG,
  BOARD,
  COMMENT,
  EVALUATION,
  FINALIZE,
  RETURN,
  SAVE_SELF_EVALUATION,
  SAVE_ANNUAL_PLAN,
  SUBMIT_ANNUAL_PLAN,
  SUBMIT,
  newCommandId,
} from '../testing/operations.js';
import { act, draft, finalized, submitted, type People } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const FY = 2025;

describe('what the API refuses, and what it never records twice', () => {
  let api: TestApi;
  let people: People;
  let auditor: Browser;
  let otherStaff: Browser;

  beforeAll(async () => {
    api = await startTestApi();
    const [staff, chair, secretaryGeneral, committee] = await api.signInAll(
      'staff-general',
      'head-general',
      'secretary-general',
      'committee-1',
    );
    people = { staff, chair, secretaryGeneral, committee };
    [auditor, otherStaff] = await api.signInAll('auditor', 'staff-community');
  });
  afterAll(async () => {
    await api?.dispose();
  });

  const eventsOf = async (itemId: string) =>
    (await auditor.run(AUDIT_LOG, { filter: { stream: `evaluation-${itemId}-${FY}` } })).auditLog.entries as any[];
  const evaluation = async (who: Browser, itemId: string) =>
    (await who.run(EVALUATION, { itemId, fiscalYear: FY })).evaluation as Record<string, any>;

  it('a stale expectedVersion gives CONFLICT and records nothing', async () => {
    const seen = await draft(people.staff, 'I-003', FY);
    // the same person in a second tab submits first
    const secondTab = await api.signIn('staff-general');
    await act(secondTab, SUBMIT, 'I-003', FY, { expectedVersion: seen.version });
    const before = await eventsOf('I-003');

    const error = await people.staff.errorOf(SAVE_SELF_EVALUATION, {
      input: { itemId: 'I-003', fiscalYear: FY, expectedVersion: seen.version, commandId: newCommandId(), actual: '5' },
    });
    expect(error.extensions?.code).toBe('CONFLICT');
    expect(error.message).toMatch(/他の人が更新しました.*再読み込み/);
    expect(error.extensions?.details).toEqual({ expectedVersion: seen.version, actualVersion: seen.version + 1 });
    expect(await eventsOf('I-003')).toEqual(before);
    expect((await evaluation(people.staff, 'I-003')).stage).toBe('PromotionMeetingReview');

    // "not started" seen by a client that is behind is stale too
    const late = await people.staff.errorOf(SAVE_ANNUAL_PLAN, {
      input: { itemId: 'I-003', fiscalYear: FY, expectedVersion: null, commandId: newCommandId(), method: 'qualitative' },
    });
    expect(late.extensions?.code).toBe('CONFLICT');
  });

  it('a retried commandId records nothing twice, even after the evaluation moved on', async () => {
    const commandId = newCommandId('retry');
    const input = { itemId: 'I-004', fiscalYear: FY, expectedVersion: null, commandId, method: 'qualitative', actions: '整備を進める' };
    // the same request sent twice at once (a double click) and once more later
    const [first, second] = await Promise.all([
      people.staff.run(SAVE_ANNUAL_PLAN, { input }),
      people.staff.run(SAVE_ANNUAL_PLAN, { input }),
    ]);
    expect(first.saveAnnualPlan.version).toBe(0);
    expect(second.saveAnnualPlan.version).toBe(0);
    expect(await eventsOf('I-004')).toHaveLength(1);

    const moved = await act(people.staff, SUBMIT_ANNUAL_PLAN, 'I-004', FY, { expectedVersion: 0 });
    expect(moved.version).toBe(1);
    // a retry now arrives with the stale expectedVersion: it is answered as the first time, not as a conflict
    const retried = await people.staff.run(SAVE_ANNUAL_PLAN, { input });
    expect(retried.saveAnnualPlan.version).toBe(1);
    const events = await eventsOf('I-004');
    expect(events.map((e) => e.type)).toEqual(['AnnualPlanSaved', 'AnnualPlanSubmitted']);
    expect(events[0].commandId).toBe(commandId);

    // somebody of another 部 cannot reuse that command id, and is not told it was used: FORBIDDEN comes first
    const reused = await otherStaff.errorOf(SAVE_ANNUAL_PLAN, { input: { ...input, itemId: 'I-004' } });
    expect(reused.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(await eventsOf('I-004')).toHaveLength(2);
  });

  it('two people acting at once on the same version: one wins, the other gets CONFLICT, nothing is mixed', async () => {
    const e = await submitted(people.staff, 'I-014', FY);
    const secondTab = await api.signIn('head-general');
    const results = await Promise.all([
      people.chair.send(APPROVE, { input: { itemId: 'I-014', fiscalYear: FY, expectedVersion: e.version, commandId: newCommandId() } }),
      secondTab.send(RETURN, {
        input: { itemId: 'I-014', fiscalYear: FY, expectedVersion: e.version, commandId: newCommandId(), toStage: 'Draft', reason: '再確認' },
      }),
    ]);
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    const events = await eventsOf('I-014');
    expect(events).toHaveLength(6);
    expect(['EvaluationApproved', 'EvaluationReturned']).toContain(events[5].type);
  });

  it('staff of another 部 get FORBIDDEN, and do not see the item at all', async () => {
    const error = await otherStaff.errorOf(SAVE_ANNUAL_PLAN, {
      input: { itemId: 'I-010', fiscalYear: FY, expectedVersion: null, commandId: newCommandId(), method: 'qualitative' },
    });
    expect(error.extensions?.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/総務部の担当/);
    expect(await eventsOf('I-010')).toEqual([]);

    const read = await otherStaff.errorOf(EVALUATION, { itemId: 'I-002', fiscalYear: FY });
    expect(read.extensions?.code).toBe('FORBIDDEN');
    const board = (await otherStaff.run(BOARD, { fiscalYear: FY })).board.entries as any[];
    expect(board.length).toBeGreaterThan(0);
    expect(board.every((e) => e.owningDepartmentId === 'community-welfare')).toBe(true);
  });

  it("an auditor's mutation gets FORBIDDEN; the auditor reads everything", async () => {
    await submitted(people.staff, 'I-011', FY);
    for (const [operation, input] of [
      [SAVE_ANNUAL_PLAN, { itemId: 'I-012', expectedVersion: null, method: 'qualitative' }],
      [APPROVE, { itemId: 'I-011', expectedVersion: 4 }],
      [COMMENT, { itemId: 'I-011', expectedVersion: 4, text: '確認しました' }],
    ] as const) {
      const error = await auditor.errorOf(operation, { input: { fiscalYear: FY, commandId: newCommandId(), ...input } });
      expect(error.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await eventsOf('I-012')).toEqual([]);
    expect((await eventsOf('I-011')).map((e) => e.type)).not.toContain('EvaluationCommented');
    const board = (await auditor.run(BOARD, { fiscalYear: FY })).board.entries as any[];
    expect(new Set(board.map((e) => e.owningDepartmentId))).toEqual(
      new Set(['general-affairs', 'community-welfare', 'livelihood-support']),
    );
  });

  it('a finalised evaluation refuses edits with ILLEGAL_TRANSITION', async () => {
    const done = await finalized(people, 'I-013', FY);
    expect(done.stage).toBe('Finalized');
    const attempts: [Browser, string, Record<string, unknown>][] = [
      [people.staff, SAVE_SELF_EVALUATION, { actual: '5' }],
      [people.staff, SAVE_ANNUAL_PLAN, { method: 'qualitative' }],
      [people.chair, APPROVE, {}],
      [people.committee, FINALIZE, { overallGrade: 'B', rationale: 'やり直し', reason: '再検討', meetingId: 'M-any-session' }],
    ];
    for (const [who, operation, input] of attempts) {
      const error = await who.errorOf(operation, {
        input: { itemId: 'I-013', fiscalYear: FY, expectedVersion: done.version, commandId: newCommandId(), ...input },
      });
      expect(error.extensions?.code).toBe('ILLEGAL_TRANSITION');
      expect(error.message).toMatch(/確定/);
    }
    expect((await evaluation(people.staff, 'I-013')).version).toBe(done.version);
  });

  it('一括承認: each item its own event and expected version, one result per item, a retry dedupes item by item', async () => {
    const a = await submitted(people.staff, 'I-020', FY);
    const b = await submitted(people.staff, 'I-021', FY);
    const commandId = newCommandId('bulk');
    const input = {
      commandId,
      items: [
        { itemId: 'I-020', fiscalYear: FY, expectedVersion: a.version },
        { itemId: 'I-021', fiscalYear: FY, expectedVersion: b.version - 1 },
      ],
    };
    const { approveEvaluations } = await people.chair.run(APPROVE_MANY, { input });
    expect(approveEvaluations).toEqual([
      { itemId: 'I-020', fiscalYear: FY, ok: true, version: a.version + 1, errorCode: null, errorMessage: null },
      expect.objectContaining({ itemId: 'I-021', ok: false, version: null, errorCode: 'CONFLICT' }),
    ]);
    const approved = (await eventsOf('I-020')).filter((e) => e.type === 'EvaluationApproved');
    expect(approved).toHaveLength(1);
    expect(approved[0].correlationId).toBe(commandId);
    expect(JSON.parse(approved[0].data).batchId).toBe(commandId);

    const again = (await people.chair.run(APPROVE_MANY, { input })).approveEvaluations;
    expect(again[0]).toMatchObject({ ok: true, version: a.version + 1 });
    expect((await eventsOf('I-020')).filter((e) => e.type === 'EvaluationApproved')).toHaveLength(1);
    expect((await evaluation(people.staff, 'I-021')).stage).toBe('PromotionMeetingReview');
  });

  it('bad input gets VALIDATION with a Japanese message naming what to fix; unknown things NOT_FOUND', async () => {
    await act(people.staff, SAVE_ANNUAL_PLAN, 'I-030', FY, {
      expectedVersion: null,
      method: 'quantitative',
      target: '10',
      unit: '件',
      direction: 'higherIsBetter',
    });
    const missing = await people.staff.errorOf(SUBMIT_ANNUAL_PLAN, {
      input: { itemId: 'I-030', fiscalYear: FY, expectedVersion: 0, commandId: newCommandId() },
    });
    expect(missing.extensions?.code).toBe('VALIDATION');
    expect(missing.message).toMatch(/提出する前に次の項目を入力してください: 取組内容/);

    const badNumber = await people.staff.errorOf(SAVE_ANNUAL_PLAN, {
      input: { itemId: 'I-031', fiscalYear: FY, expectedVersion: null, commandId: newCommandId(), method: 'quantitative', target: '四', unit: '回', direction: 'higherIsBetter' },
    });
    expect(badNumber.extensions?.code).toBe('VALIDATION');

    const shortId = await people.staff.errorOf(SUBMIT, {
      input: { itemId: 'I-030', fiscalYear: FY, expectedVersion: 0, commandId: 'x' },
    });
    expect(shortId.extensions).toMatchObject({ code: 'VALIDATION', details: { field: 'commandId' } });

    const malformed = await people.staff.errorOf(`query { evaluation(itemId: "I-030") { stage } }`);
    expect(malformed.extensions?.code).toBe('VALIDATION');
    expect(malformed.message).toMatch(/リクエストの形式が正しくありません/);

    const unknownItem = await people.staff.errorOf(EVALUATION, { itemId: 'I-999', fiscalYear: FY });
    expect(unknownItem.extensions?.code).toBe('NOT_FOUND');
    const unknownYear = await people.staff.errorOf(SAVE_ANNUAL_PLAN, {
      input: { itemId: 'I-030', fiscalYear: 2031, expectedVersion: null, commandId: newCommandId(), method: 'qualitative' },
    });
    // a year outside the plan's period is bad input, named as such
    expect(unknownYear.extensions).toMatchObject({ code: 'VALIDATION', details: { field: 'fiscalYear' } });
    for (const error of [missing, badNumber, shortId, malformed, unknownItem, unknownYear]) {
      expect(JSON.stringify(error)).not.toMatch(/\bat .*\.ts:\d+|SQLITE|stacktrace/i);
    }
  });
});
