import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { AUDIT_LOG, RETURN, newCommandId } from '../testing/operations.js';
import { act, submitted } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const FY = 2025;
const ASSIGN = `mutation($itemIds: [ID!]!, $assignees: [ID!]!, $commandId: String!, $mode: AssignmentMode) {
  assignItems(itemIds: $itemIds, assignees: $assignees, commandId: $commandId, mode: $mode) {
    itemId ok changed assignees { userId displayName } errorCode errorMessage
  }
}`;
const STAFF_TO_ASSIGN = `query($departmentId: String) { assignableStaff(departmentId: $departmentId) { userId displayName departmentId } }`;
const INBOX = `query($fiscalYear: Int, $stage: EvaluationStage, $assignee: ID, $mine: Boolean, $sort: InboxSort) {
  inbox(fiscalYear: $fiscalYear, stage: $stage, assignee: $assignee, mine: $mine, sort: $sort) {
    total
    groups { stage count }
    items { itemId fiscalYear stage returnedReason mine assignees { userId displayName } }
  }
  inboxCount(fiscalYear: $fiscalYear)
}`;
const STAFF = 'demo-staff-general';

describe('担当者 (assignItems) and the inbox that works from it', () => {
  let api: TestApi;
  let staff: Browser;
  let head: Browser;
  let otherHead: Browser;
  let auditor: Browser;

  beforeAll(async () => {
    api = await startTestApi();
    [staff, head, otherHead, auditor] = await api.signInAll('staff-general', 'head-general', 'head-community', 'auditor');
  });
  afterAll(async () => {
    await api?.dispose();
  });

  const assign = (who: Browser, itemIds: string[], assignees: string[], mode?: string, commandId = newCommandId('assign')) =>
    who.run(ASSIGN, { itemIds, assignees, commandId, ...(mode ? { mode } : {}) });

  it('lets the 部長 see whom they may assign: the active staff of their 部; staff may not ask', async () => {
    const { assignableStaff } = await head.run(STAFF_TO_ASSIGN);
    expect(assignableStaff).toEqual([{ userId: STAFF, displayName: '総務部 担当職員', departmentId: 'general-affairs' }]);
    expect((await staff.errorOf(STAFF_TO_ASSIGN)).extensions?.code).toBe('FORBIDDEN');
    expect((await head.errorOf(STAFF_TO_ASSIGN, { departmentId: 'community-welfare' })).extensions?.code).toBe('FORBIDDEN');
  });

  it('assigns in bulk, one event per item; a retry of the same request records nothing twice', async () => {
    const commandId = newCommandId('assign-bulk');
    const first = (await assign(head, ['I-001', 'I-002'], [STAFF], undefined, commandId)).assignItems;
    expect(first).toEqual(
      ['I-001', 'I-002'].map((itemId) => ({
        itemId,
        ok: true,
        changed: true,
        assignees: [{ userId: STAFF, displayName: '総務部 担当職員' }],
        errorCode: null,
        errorMessage: null,
      })),
    );
    const retry = (await assign(head, ['I-001', 'I-002'], [STAFF], undefined, commandId)).assignItems;
    expect(retry.map((r: any) => [r.ok, r.changed])).toEqual([[true, false], [true, false]]);
    const events = (await auditor.run(AUDIT_LOG, { filter: { stream: 'assignment-I-001' } })).auditLog.entries as any[];
    expect(events.map((e) => [e.type, e.actingAs, e.correlationId, (typeof e.data === 'string' ? JSON.parse(e.data) : e.data).assignees])).toEqual([
      ['ItemAssigneesChanged', 'DepartmentHead@general-affairs', commandId, [STAFF]],
    ]);
  });

  it('refuses staff, another 部’s 部長 and a person outside the 部, item by item, in Japanese', async () => {
    const byStaff = (await assign(staff, ['I-003'], [STAFF])).assignItems;
    expect(byStaff[0]).toMatchObject({ ok: false, errorCode: 'FORBIDDEN', errorMessage: expect.stringContaining('部長のみ') });
    const byOtherHead = (await assign(otherHead, ['I-003', 'I-044'], ['demo-staff-community'])).assignItems;
    expect(byOtherHead[0]).toMatchObject({ itemId: 'I-003', ok: false, errorCode: 'FORBIDDEN', errorMessage: expect.stringContaining('総務部の担当') });
    expect(byOtherHead[1]).toMatchObject({ itemId: 'I-044', ok: true, changed: true });
    const outsider = (await assign(head, ['I-003'], ['demo-staff-community'])).assignItems;
    expect(outsider[0]).toMatchObject({ ok: false, errorCode: 'VALIDATION', errorMessage: expect.stringContaining('担当職員ではない') });
    const unknown = (await assign(head, ['I-003'], ['demo-nobody'])).assignItems;
    expect(unknown[0]).toMatchObject({ ok: false, errorCode: 'NOT_FOUND' });
    expect((await head.errorOf(ASSIGN, { itemIds: [], assignees: [STAFF], commandId: newCommandId() })).extensions?.code).toBe('VALIDATION');
    expect((await head.errorOf(ASSIGN, { itemIds: ['I-003', 'I-003'], assignees: [STAFF], commandId: newCommandId() })).message).toContain('2回');
  });

  it('puts returned work first with its reason, then 自分の担当, then the rest of the 部; filters and counts', async () => {
    const e = await submitted(staff, 'I-005', FY).catch(() => submitted(staff, 'I-006', FY));
    await act(head, RETURN, e.itemId, FY, { expectedVersion: e.version, toStage: 'Draft', reason: '実績の根拠を添えてください' });

    const box = (await staff.run(INBOX, { fiscalYear: FY })) as any;
    expect(box.inboxCount).toBe(box.inbox.total);
    const items = box.inbox.items as any[];
    expect(items[0]).toMatchObject({ itemId: e.itemId, returnedReason: '実績の根拠を添えてください', mine: false });
    expect(items.slice(1, 3).map((i) => [i.itemId, i.mine])).toEqual([
      ['I-001', true],
      ['I-002', true],
    ]);
    expect(items.slice(3).every((i) => !i.mine && i.returnedReason === null)).toBe(true);

    const mine = (await staff.run(INBOX, { fiscalYear: FY, mine: true })) as any;
    expect(mine.inbox.items.map((i: any) => i.itemId)).toEqual(['I-001', 'I-002']);
    const byAssignee = (await staff.run(INBOX, { fiscalYear: FY, assignee: STAFF, stage: 'NotStarted', sort: 'DUE_DATE' })) as any;
    expect(byAssignee.inbox.groups).toEqual([{ stage: 'NotStarted', count: 2 }]);
    const drafts = (await staff.run(INBOX, { fiscalYear: FY, stage: 'Draft' })) as any;
    expect(drafts.inbox.items.map((i: any) => i.itemId)).toEqual([e.itemId]);
  });

  it('REMOVE takes a person off; the item leaves 自分の担当', async () => {
    const removed = (await assign(head, ['I-002'], [STAFF], 'REMOVE')).assignItems;
    expect(removed[0]).toMatchObject({ ok: true, changed: true, assignees: [] });
    const mine = (await staff.run(INBOX, { fiscalYear: FY, mine: true })) as any;
    expect(mine.inbox.items.map((i: any) => i.itemId)).toEqual(['I-001']);
  });
});
