import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { APPROVE, AUDIT_LOG, EVALUATION, SAVE_ANNUAL_PLAN, newCommandId } from '../testing/operations.js';
import { act, submitted, type People } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const FY = 2025;
const FORWARD_MANY = `mutation($input: ForwardEvaluationsInput!) {
  forwardEvaluations(input: $input) { itemId fiscalYear ok version errorCode errorMessage }
}`;

describe('一括送付 at the 管理職会議 (forwardEvaluations)', () => {
  let api: TestApi;
  let people: People;
  let auditor: Browser;

  beforeAll(async () => {
    api = await startTestApi();
    const [staff, chair, secretaryGeneral, committee, audit] = await api.signInAll(
      'staff-general',
      'head-general',
      'secretary-general',
      'committee-1',
      'auditor',
    );
    people = { staff, chair, secretaryGeneral, committee };
    auditor = audit;
  });
  afterAll(async () => {
    await api?.dispose();
  });

  /** submitted (self grade A: 4 of 4) and approved by the 推進会議 chair */
  const atManagersMeeting = async (itemId: string) => {
    const e = await submitted(people.staff, itemId, FY);
    return act(people.chair, APPROVE, itemId, FY, { expectedVersion: e.version });
  };
  const evaluation = async (itemId: string) =>
    (await auditor.run(EVALUATION, { itemId, fiscalYear: FY })).evaluation as Record<string, any>;
  const forwardedEvents = async (itemId: string) =>
    ((await auditor.run(AUDIT_LOG, { filter: { stream: `evaluation-${itemId}-${FY}` } })).auditLog.entries as any[]).filter(
      (e) => e.type === 'EvaluationForwardedToCommittee',
    );

  it('forwards each item as its own event: the self grade by default, another grade with its reason; a retry records nothing twice', async () => {
    const a = await atManagersMeeting('I-001');
    const b = await atManagersMeeting('I-002');
    const c = await atManagersMeeting('I-003');
    const d = await atManagersMeeting('I-004');
    const commandId = newCommandId('forward-bulk');
    const input = {
      commandId,
      items: [
        { itemId: 'I-001', fiscalYear: FY, expectedVersion: a.version },
        { itemId: 'I-002', fiscalYear: FY, expectedVersion: b.version, proposedGrade: 'B', reason: '聞き取りで遅れを確認した' },
        { itemId: 'I-003', fiscalYear: FY, expectedVersion: c.version, proposedGrade: 'C' },
        { itemId: 'I-004', fiscalYear: FY, expectedVersion: d.version - 1 },
      ],
    };
    const { forwardEvaluations } = await people.secretaryGeneral.run(FORWARD_MANY, { input });
    expect(forwardEvaluations).toEqual([
      { itemId: 'I-001', fiscalYear: FY, ok: true, version: a.version + 1, errorCode: null, errorMessage: null },
      { itemId: 'I-002', fiscalYear: FY, ok: true, version: b.version + 1, errorCode: null, errorMessage: null },
      expect.objectContaining({ itemId: 'I-003', ok: false, version: null, errorCode: 'VALIDATION' }),
      expect.objectContaining({ itemId: 'I-004', ok: false, version: null, errorCode: 'CONFLICT' }),
    ]);
    expect(forwardEvaluations[2].errorMessage).toMatch(/理由/);

    const first = await evaluation('I-001');
    expect(first).toMatchObject({ stage: 'CommitteeReview', selfGrade: { grade: 'A' }, proposedGrade: { grade: 'A' }, proposedReason: null });
    const second = await evaluation('I-002');
    expect(second).toMatchObject({ stage: 'CommitteeReview', proposedGrade: { grade: 'B' }, proposedReason: '聞き取りで遅れを確認した' });
    expect((await evaluation('I-003')).stage).toBe('ManagersMeetingReview');
    expect((await evaluation('I-004')).stage).toBe('ManagersMeetingReview');

    for (const itemId of ['I-001', 'I-002']) {
      const events = await forwardedEvents(itemId);
      expect(events).toHaveLength(1);
      expect(events[0].correlationId).toBe(commandId);
      expect(events[0].actingAs).toBe('SecretaryGeneral');
      expect(JSON.parse(events[0].data).batchId).toBe(commandId);
    }
    expect(new Set([...(await forwardedEvents('I-001')), ...(await forwardedEvents('I-002'))].map((e) => e.commandId)).size).toBe(2);

    const again = (await people.secretaryGeneral.run(FORWARD_MANY, { input })).forwardEvaluations;
    expect(again.slice(0, 2)).toEqual([
      expect.objectContaining({ itemId: 'I-001', ok: true, version: a.version + 1 }),
      expect.objectContaining({ itemId: 'I-002', ok: true, version: b.version + 1 }),
    ]);
    expect(await forwardedEvents('I-001')).toHaveLength(1);
    expect(await forwardedEvents('I-002')).toHaveLength(1);
  });

  it('refuses each item to anybody but the 事務局長, and items not at the 管理職会議, recording nothing', async () => {
    const e = await atManagersMeeting('I-005');
    const waiting = await submitted(people.staff, 'I-006', FY);
    const items = [{ itemId: 'I-005', fiscalYear: FY, expectedVersion: e.version }];
    for (const who of [people.chair, people.staff, people.committee]) {
      const { forwardEvaluations } = await who.run(FORWARD_MANY, { input: { commandId: newCommandId('forward'), items } });
      expect(forwardEvaluations).toEqual([expect.objectContaining({ itemId: 'I-005', ok: false, errorCode: 'FORBIDDEN' })]);
    }
    const early = await people.secretaryGeneral.run(FORWARD_MANY, {
      input: { commandId: newCommandId('forward'), items: [{ itemId: 'I-006', fiscalYear: FY, expectedVersion: waiting.version }] },
    });
    expect(early.forwardEvaluations).toEqual([expect.objectContaining({ itemId: 'I-006', ok: false, errorCode: 'ILLEGAL_TRANSITION' })]);
    expect(await forwardedEvents('I-005')).toHaveLength(0);
    expect(await forwardedEvents('I-006')).toHaveLength(0);
  });

  it('an item without a self grade yet (still in draft) is refused for its stage, not proposed at a made-up grade', async () => {
    const e = await act(people.staff, SAVE_ANNUAL_PLAN, 'I-007', FY, { expectedVersion: null, method: 'qualitative' });
    const { forwardEvaluations } = await people.secretaryGeneral.run(FORWARD_MANY, {
      input: { commandId: newCommandId('forward'), items: [{ itemId: 'I-007', fiscalYear: FY, expectedVersion: e.version }] },
    });
    expect(forwardEvaluations).toEqual([expect.objectContaining({ itemId: 'I-007', ok: false, errorCode: 'ILLEGAL_TRANSITION' })]);
    expect(forwardEvaluations[0].errorMessage).toMatch(/作成中/);
    expect(await forwardedEvents('I-007')).toHaveLength(0);
    expect((await evaluation('I-007')).version).toBe(e.version);
  });

  it('refuses a bulk without items, with too many, or with an item twice (VALIDATION), before recording anything', async () => {
    const item = { itemId: 'I-008', fiscalYear: FY, expectedVersion: 3 };
    const empty = await people.secretaryGeneral.errorOf(FORWARD_MANY, { input: { commandId: newCommandId('forward'), items: [] } });
    expect(empty.extensions).toMatchObject({ code: 'VALIDATION', details: { field: 'items' } });
    const twice = await people.secretaryGeneral.errorOf(FORWARD_MANY, { input: { commandId: newCommandId('forward'), items: [item, item] } });
    expect(twice.extensions).toMatchObject({ code: 'VALIDATION', details: { field: 'items' } });
    expect(twice.message).toMatch(/2回/);
    const many = Array.from({ length: 201 }, (_, i) => ({ itemId: `I-${String(i + 1).padStart(3, '0')}`, fiscalYear: FY, expectedVersion: 0 }));
    const tooMany = await people.secretaryGeneral.errorOf(FORWARD_MANY, { input: { commandId: newCommandId('forward'), items: many } });
    expect(tooMany.message).toMatch(/200件まで/);
    const badGrade = await people.secretaryGeneral.errorOf(FORWARD_MANY, {
      input: { commandId: newCommandId('forward'), items: [{ ...item, proposedGrade: 'E' }] },
    });
    expect(badGrade.extensions?.code).toBe('VALIDATION');
  });
});
