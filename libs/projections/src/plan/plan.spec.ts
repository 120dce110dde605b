import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlanCatalogue } from '@hyoka/catalogue';
import { DEFAULT_THRESHOLDS } from '@hyoka/domain';
import { planAsOfPosition } from '../as-of.js';
import { startHarness, type Harness } from '../test-support/harness.js';
import { realisticSequence } from '../test-support/sequence.js';
import { fiscalYears, plan, planItems, planRevisions } from './plan.queries.js';

describe('the plan catalogue view', () => {
  let h: Harness;
  let positions: Record<string, bigint>;
  beforeAll(async () => {
    h = startHarness();
    ({ positions } = await realisticSequence(h.scenario));
    await h.settle();
  });
  afterAll(() => h.close());

  it('is the imported catalogue with every revision applied', () => {
    const shipped = loadPlanCatalogue();
    const current = plan(h.readModels)!;
    expect(current.divisions.map((d) => d.id)).toEqual(shipped.divisions.map((d) => d.id));
    expect(current.items.map((i) => i.id)).toEqual(shipped.items.map((i) => i.id).filter((id) => id !== 'I-005'));
    expect(current.items.find((i) => i.id === 'I-004')!.name).toBe('評価結果の公表');
    expect(current.items.find((i) => i.id === 'I-006')!.schedule[2025]).toEqual({ stage: '準備', continued: false });
  });

  it('keeps retired items for the board, marked from the year they were retired', () => {
    const items = planItems(h.readModels);
    expect(items).toHaveLength(loadPlanCatalogue().items.length);
    expect(items.find((i) => i.itemId === 'I-005')).toMatchObject({ retiredFrom: 2025 });
    expect(items.find((i) => i.itemId === 'I-042')).toMatchObject({
      divisionId: 'facility-care',
      promotionMeetingId: 'general-affairs-meeting',
      owningDepartmentId: 'general-affairs',
    });
  });

  it('lists the revisions with reason and approver, and the open fiscal years with their thresholds', () => {
    expect(planRevisions(h.readModels).map((r) => [r.type, r.itemId, r.reason, r.approvedBy, r.by])).toEqual([
      ['PlanItemRenamed', 'I-004', '名称の整理', '理事会', 'u-admin'],
      ['PlanItemRetired', 'I-005', '他項目に統合', '理事会', 'u-admin'],
      ['PlanItemScheduleChanged', 'I-006', '前倒し', '理事会', 'u-admin'],
    ]);
    expect(fiscalYears(h.readModels).map((y) => [y.fiscalYear, y.thresholds])).toEqual([
      [2025, DEFAULT_THRESHOLDS],
      [2026, DEFAULT_THRESHOLDS],
    ]);
  });

  it('shows the plan as it stood before the revisions, replayed from the store', async () => {
    const before = (await planAsOfPosition(h.store, positions.beforeRevisions!))!;
    expect(before.items.find((i) => i.id === 'I-004')!.name).toBe(loadPlanCatalogue().items[3]!.name);
    expect(before.items.map((i) => i.id)).toContain('I-005');
    expect(await planAsOfPosition(h.store, positions.end!)).toEqual(plan(h.readModels));
    expect(await planAsOfPosition(h.store, 0n)).toBeNull();
  });
});

describe('the plan catalogue view: revisions of the levels', () => {
  let h: Harness;
  beforeAll(async () => {
    h = startHarness();
    await realisticSequence(h.scenario);
    const revision = { reason: '組織の見直し', approvedBy: '理事会' };
    await h.scenario.catalogue({ type: 'RenameTheme', data: { ...revision, themeId: 'corporate-management/1/2', name: '法令遵守とガバナンス' } });
    await h.scenario.catalogue({ type: 'MoveItem', data: { ...revision, itemId: 'I-013', themeId: 'community-welfare/1/1' } });
    await h.settle();
  });
  afterAll(() => h.close());

  it('a moved item keeps its id and is owned by the 部 of its new 部門', () => {
    expect(planItems(h.readModels).find((i) => i.itemId === 'I-013')).toMatchObject({
      divisionId: 'community-welfare',
      themeId: 'community-welfare/1/1',
      owningDepartmentId: 'community-welfare',
      promotionMeetingId: 'community-welfare-meeting',
    });
    expect(plan(h.readModels)!.divisions[0]!.topics[0]!.themes[1]!.name).toBe('法令遵守とガバナンス');
  });

  it('lists every kind of revision with its level and id', () => {
    expect(planRevisions(h.readModels).slice(-2).map((r) => [r.type, r.level, r.id, r.itemId])).toEqual([
      ['ThemeRenamed', 'theme', 'corporate-management/1/2', undefined],
      ['PlanItemMoved', 'item', 'I-013', 'I-013'],
    ]);
  });
});
