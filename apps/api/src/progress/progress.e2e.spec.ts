import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { draft, finalized, submitted, type People } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const FY = 2025;
const PROGRESS = `query($fiscalYear: Int!, $departmentId: String) {
  progress(fiscalYear: $fiscalYear, departmentId: $departmentId) {
    fiscalYear
    total { departmentId departmentName itemCount overdueCount phases { phase label count stages { stage stageLabel count dueDate overdueCount itemIds } } }
    departments { departmentId departmentName itemCount phases { phase count stages { stage count itemIds } } }
    items { itemId itemName stage owningDepartmentId }
  }
}`;
const TREND = `query($itemId: ID!) { itemTrend(itemId: $itemId) { itemId itemName years { fiscalYear stage targetKind target actual unit direction achievementPercent } } }`;

type Group = { phases: { phase: string; count: number; stages: { stage: string; count: number; itemIds: string[] }[] }[] };
const cell = (group: Group, stage: string) => group.phases.flatMap((p) => p.stages).find((c) => c.stage === stage)!;

describe('progress and itemTrend, through the real store', () => {
  let api: TestApi;
  let people: People;
  let communityStaff: Browser;
  let auditor: Browser;

  beforeAll(async () => {
    api = await startTestApi();
    const [staff, chair, secretaryGeneral, committee] = await api.signInAll('staff-general', 'head-general', 'secretary-general', 'committee-1');
    people = { staff, chair, secretaryGeneral, committee };
    [communityStaff, auditor] = await api.signInAll('staff-community', 'auditor');
    await finalized(people, 'I-001', FY);
    await submitted(people.staff, 'I-002', FY);
    await draft(people.staff, 'I-003', FY);
    await draft(communityStaff, 'I-044', FY);
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('counts the seeded evaluations at their stages, the rest as 未着手, with the ids to drill down to', async () => {
    const { progress } = await auditor.run(PROGRESS, { fiscalYear: FY });
    const { total } = progress;
    expect(total).toMatchObject({ departmentId: null, departmentName: '全体', overdueCount: 0 });
    expect(cell(total, 'Finalized').itemIds).toEqual(['I-001']);
    expect(cell(total, 'PromotionMeetingReview').itemIds).toEqual(['I-002']);
    expect(cell(total, 'Draft').itemIds).toEqual(['I-003', 'I-044']);
    expect(cell(total, 'NotStarted')).toMatchObject({ stageLabel: '未着手', count: total.itemCount - 4, dueDate: null });
    expect(total.phases.map((p: { label: string; count: number }) => [p.label, p.count])).toEqual([
      ['計画', total.itemCount - 4],
      ['自己評価', 2],
      ['審査', 1],
      ['確定', 1],
    ]);
    expect(progress.items).toHaveLength(total.itemCount);
    expect(progress.items.find((i: { itemId: string }) => i.itemId === 'I-044')).toMatchObject({ stage: 'Draft', owningDepartmentId: 'community-welfare' });

    const ids = progress.departments.map((d: { departmentId: string }) => d.departmentId);
    expect(ids).toEqual(['general-affairs', 'community-welfare', 'livelihood-support']);
    expect(cell(progress.departments[0], 'Draft').itemIds).toEqual(['I-003']);
    expect(cell(progress.departments[1], 'Draft').itemIds).toEqual(['I-044']);
    expect(progress.departments.reduce((n: number, d: { itemCount: number }) => n + d.itemCount, 0)).toBe(total.itemCount);
  });

  it('shows staff their own 部 only, narrows to one 部 on request and refuses another 部', async () => {
    const { progress } = await communityStaff.run(PROGRESS, { fiscalYear: FY });
    expect(progress.departments.map((d: { departmentId: string }) => d.departmentId)).toEqual(['community-welfare']);
    expect(cell(progress.total, 'Draft').itemIds).toEqual(['I-044']);
    expect(cell(progress.total, 'Finalized').itemIds).toEqual([]);

    const { progress: one } = await auditor.run(PROGRESS, { fiscalYear: FY, departmentId: 'general-affairs' });
    expect(one.departments.map((d: { departmentId: string }) => d.departmentId)).toEqual(['general-affairs']);
    expect(cell(one.total, 'Draft').itemIds).toEqual(['I-003']);

    const refused = await communityStaff.errorOf(PROGRESS, { fiscalYear: FY, departmentId: 'general-affairs' });
    expect(refused.extensions?.code).toBe('FORBIDDEN');
    const unknown = await auditor.errorOf(PROGRESS, { fiscalYear: FY, departmentId: 'no-such-department' });
    expect(unknown.extensions?.code).toBe('VALIDATION');
    const outside = await auditor.errorOf(PROGRESS, { fiscalYear: 2030 });
    expect(outside.extensions?.code).toBe('VALIDATION');
  });

  it('itemTrend: target vs actual in each year of the plan, authorized like the evaluation', async () => {
    const { itemTrend } = await people.staff.run(TREND, { itemId: 'I-001' });
    expect(itemTrend.years).toEqual([
      { fiscalYear: 2025, stage: 'Finalized', targetKind: 'quantitative', target: '4', actual: '4', unit: '回', direction: 'higherIsBetter', achievementPercent: '100.00' },
      { fiscalYear: 2026, stage: 'NotStarted', targetKind: null, target: null, actual: null, unit: null, direction: null, achievementPercent: null },
      { fiscalYear: 2027, stage: 'NotStarted', targetKind: null, target: null, actual: null, unit: null, direction: null, achievementPercent: null },
    ]);
    // another 部's staff read its finalised years only (全職員で共有); an item with none final is not theirs to read
    const shared = (await communityStaff.run(TREND, { itemId: 'I-001' })).itemTrend;
    expect(shared.years.map((y: { fiscalYear: number; stage: string }) => [y.fiscalYear, y.stage])).toEqual([[2025, 'Finalized']]);
    expect((await communityStaff.errorOf(TREND, { itemId: 'I-003' })).extensions?.code).toBe('FORBIDDEN');
    expect((await auditor.errorOf(TREND, { itemId: 'I-999' })).extensions?.code).toBe('NOT_FOUND');
  });
});
