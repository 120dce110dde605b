import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlanCatalogue } from '@hyoka/catalogue';
import { startHarness, type Harness } from '../test-support/harness.js';
import { people, type Person } from '../test-support/scenario.js';
import { realisticSequence } from '../test-support/sequence.js';
import { inbox, type Inbox } from './inbox.queries.js';

const GENERAL_AFFAIRS_DIVISIONS = ['corporate-management', 'facility-care'];

describe("each person's inbox", () => {
  let h: Harness;
  beforeAll(async () => {
    h = startHarness();
    await realisticSequence(h.scenario);
    await h.settle();
  });
  afterAll(() => h.close());

  const of = (person: Person, options = {}) => inbox(h.readModels, people[person], options);
  const group = (box: Inbox, status: string) => box.groups.find((g) => g.status === status);

  it("gives staff their 部's drafts and the items of open years nobody started, grouped by stage", () => {
    const box = of('staff');
    expect(box.groups.map((g) => g.status)).toEqual(['NotStarted', 'Draft']);
    expect(group(box, 'Draft')!.items.map((i) => [i.itemId, i.fiscalYear, i.action])).toEqual([['I-003', 2025, 'SubmitEvaluation']]);

    const ownItems = loadPlanCatalogue()
      .items.filter((i) => GENERAL_AFFAIRS_DIVISIONS.includes(i.divisionId) && i.id !== 'I-005')
      .map((i) => i.id);
    const started2025 = ['I-001', 'I-002', 'I-003', 'I-004'];
    const notStarted = group(box, 'NotStarted')!;
    expect(notStarted.items.filter((i) => i.fiscalYear === 2025).map((i) => i.itemId)).toEqual(
      ownItems.filter((id) => !started2025.includes(id)),
    );
    expect(notStarted.items.filter((i) => i.fiscalYear === 2026).map((i) => i.itemId)).toEqual(ownItems);
    expect(notStarted.count).toBe(notStarted.items.length);
    expect(box.total).toBe(notStarted.count + 1);
    expect(notStarted.items[0]).toMatchObject({ action: 'SaveAnnualPlan', actionLabel: '単年度計画の保存', version: null, since: null });
  });

  it('gives the 推進会議 chair the submissions of their 部 waiting for approval, with the version to act on', () => {
    const box = of('head');
    expect(box.groups.map((g) => [g.status, g.count])).toEqual([['PromotionMeetingReview', 1]]);
    expect(box.groups[0]!.items[0]).toMatchObject({
      itemId: 'I-004',
      itemName: '評価結果の公表',
      action: 'ApproveEvaluation',
      actingAs: 'DepartmentHead@general-affairs',
      version: 4,
    });
  });

  it("keeps other 部's work out, and gives read-only roles nothing", () => {
    const box = of('cwStaff');
    expect(group(box, 'Draft')!.items.map((i) => i.itemId)).toEqual(['I-044']);
    expect(box.groups.flatMap((g) => g.items).every((i) => i.divisionId === 'community-welfare')).toBe(true);
    expect(of('auditor')).toEqual({ total: 0, groups: [], items: [] });
    expect(of('admin')).toEqual({ total: 0, groups: [], items: [] });
    expect(inbox(h.readModels, { ...people.staff, disabled: true })).toEqual({ total: 0, groups: [], items: [] });
  });

  it('follows the route: what one stage sends on appears in the next stage’s inbox, and can be limited to a year', async () => {
    expect(of('sg').total).toBe(0);
    await h.scenario.act('head', 'I-004', 2025, { type: 'ApproveEvaluation', data: {} });
    await h.settle();
    expect(of('head').total).toBe(0);
    expect(of('sg').groups.map((g) => [g.status, g.items.map((i) => i.itemId)])).toEqual([['ManagersMeetingReview', ['I-004']]]);
    expect(of('staff', { fiscalYear: 2026 }).groups.map((g) => g.status)).toEqual(['NotStarted']);
  });

  it('puts returned work back in the drafter’s inbox with the reason', async () => {
    await h.scenario.act('sg', 'I-004', 2025, { type: 'ReturnEvaluation', data: { toStage: 'Draft', reason: '目標値を見直してください' } });
    await h.settle();
    const drafts = group(of('staff'), 'Draft')!.items;
    expect(drafts.map((i) => i.itemId)).toEqual(['I-003', 'I-004']);
    expect(drafts[1]).toMatchObject({ returnedReason: '目標値を見直してください', action: 'SubmitEvaluation' });
  });
});
