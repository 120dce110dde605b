import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../test-support/harness.js';
import { people } from '../test-support/scenario.js';
import { realisticSequence } from '../test-support/sequence.js';
import { compareDue, inbox } from '../inbox/inbox.queries.js';
import { assigneesOf, assignments } from './assignments.queries.js';

describe('the 担当者 view and the inbox that works from it', () => {
  let h: Harness;
  beforeAll(async () => {
    h = startHarness();
    await realisticSequence(h.scenario);
    await h.scenario.assign('head', 'I-007', ['u-staff']);
    await h.scenario.assign('head', 'I-008', ['u-staff']);
    await h.scenario.assign('head', 'I-008', ['u-staff'], 'REMOVE');
    await h.settle();
  });
  afterAll(() => h.close());

  it('holds each item’s 担当者 after the last change', () => {
    expect(assignments(h.readModels)).toEqual(new Map([['I-007', ['u-staff']], ['I-008', []]]));
    expect(assigneesOf(h.readModels, 'I-007')).toEqual(['u-staff']);
    expect(assigneesOf(h.readModels, 'I-009')).toEqual([]);
  });

  it('orders the staff inbox: returned first, then 自分の担当, then the rest of the 部', async () => {
    await h.scenario.act('head', 'I-004', 2025, { type: 'ReturnEvaluation', data: { toStage: 'Draft', reason: '根拠資料を添付してください' } });
    await h.settle();
    const items = inbox(h.readModels, people.staff, { fiscalYear: 2025 }).items;
    expect(items[0]).toMatchObject({ itemId: 'I-004', returnedReason: '根拠資料を添付してください', mine: false });
    expect(items[1]).toMatchObject({ itemId: 'I-007', mine: true, assignees: ['u-staff'] });
    expect(items.slice(2).every((i) => !i.mine && i.returnedReason === null)).toBe(true);
    expect(items.find((i) => i.itemId === 'I-008')).toMatchObject({ assignees: [], mine: false });
    // the rest keeps route order: the items nobody started, then the draft I-003
    const rest = items.slice(2);
    expect(rest.findIndex((i) => i.itemId === 'I-003')).toBe(rest.length - 1);
  });

  it('filters by 担当者, by "mine" and by stage', () => {
    expect(inbox(h.readModels, people.staff, { mine: true }).items.map((i) => [i.itemId, i.fiscalYear])).toEqual([
      ['I-007', 2025],
      ['I-007', 2026],
    ]);
    expect(inbox(h.readModels, people.head, { assignee: 'u-staff' }).total).toBe(0);
    const drafts = inbox(h.readModels, people.staff, { stage: 'Draft' });
    expect(drafts.groups.map((g) => g.status)).toEqual(['Draft']);
    expect(drafts.items.map((i) => i.itemId).sort()).toEqual(['I-003', 'I-004']);
    expect(inbox(h.readModels, people.staff, { assignee: 'u-staff', fiscalYear: 2026 }).items.map((i) => i.itemId)).toEqual(['I-007']);
  });

  it('sorts by due date when the items carry one, undated last', () => {
    const dated = [{ dueDate: null }, { dueDate: '2026-05-31' }, { dueDate: '2026-04-30' }];
    expect([...dated].sort(compareDue).map((d) => d.dueDate)).toEqual(['2026-04-30', '2026-05-31', null]);
    // without a calendar nothing is dated: the same order as by stage
    const byDue = inbox(h.readModels, people.staff, { sort: 'DUE_DATE' }).items.map((i) => `${i.itemId}/${i.fiscalYear}`);
    expect(byDue).toEqual(inbox(h.readModels, people.staff).items.map((i) => `${i.itemId}/${i.fiscalYear}`));
  });
});
