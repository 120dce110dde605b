import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlanCatalogue, type ImplementationItem, type PlanCatalogue } from '@hyoka/catalogue';
import { people } from '../test-support/scenario.js';
import { startHarness, type Harness } from '../test-support/harness.js';
import { board } from '../board/board.queries.js';
import { gradeSummary } from '../grade-summary/grade-summary.queries.js';
import { inbox } from '../inbox/inbox.queries.js';
import { progress } from '../progress/progress.queries.js';
import { plan, planFor, planItemsFor, planPeriods, planRevisions } from './plan.queries.js';

/** The shipped plan moved three years on, as the next 中期経営計画: I-001 renamed, I-002 left out. */
function nextPeriod(): PlanCatalogue {
  const shipped = loadPlanCatalogue();
  const shift = (schedule: ImplementationItem['schedule']) =>
    Object.fromEntries(Object.entries(schedule).map(([year, cell]) => [Number(year) + 3, cell])) as ImplementationItem['schedule'];
  return {
    ...shipped,
    title: '第2期中期経営計画',
    period: { from: 2028, to: 2030 },
    items: shipped.items
      .filter((i) => i.id !== 'I-002')
      .map((i) => ({ ...i, name: i.id === 'I-001' ? '第2期の周知' : i.name, schedule: shift(i.schedule) })),
    divisions: shipped.divisions.map((d) => ({
      ...d,
      topics: d.topics.map((t) => ({ ...t, themes: t.themes.map((th) => ({ ...th, listings: th.listings.filter((l) => l.itemId !== 'I-002') })) })),
    })),
  };
}

describe('plan periods in the read models', () => {
  let h: Harness;
  beforeAll(async () => {
    h = startHarness();
    await h.scenario.setUp();
    await h.scenario.approvedPlan('I-002', 2025);
    await h.scenario.catalogue({ type: 'OpenPlanPeriod', data: { catalogue: nextPeriod(), reason: '第2期計画の開始', approvedBy: '理事会' } });
    await h.scenario.openYear(2028);
    await h.scenario.approvedPlan('I-001', 2028);
    await h.settle();
  });
  afterAll(() => h.close());

  it('lists both periods, the later one in force, and the opening with the revisions', () => {
    expect(planPeriods(h.readModels)).toEqual([
      { from: 2025, to: 2027, title: loadPlanCatalogue().title, current: false },
      { from: 2028, to: 2030, title: '第2期中期経営計画', current: true },
    ]);
    expect(plan(h.readModels)!.period).toEqual({ from: 2028, to: 2030 });
    expect(planFor(h.readModels, 2026)!.period).toEqual({ from: 2025, to: 2027 });
    expect(planRevisions(h.readModels).map((r) => [r.type, r.reason, r.approvedBy])).toEqual([['PlanPeriodOpened', '第2期計画の開始', '理事会']]);
  });

  it('the board of each year shows the items of its own period', () => {
    const old = board(h.readModels, 2025);
    const next = board(h.readModels, 2028);
    expect(old.find((r) => r.itemId === 'I-001')!.itemName).toBe(loadPlanCatalogue().items[0]!.name);
    expect(old.find((r) => r.itemId === 'I-002')!.status).toBe('Draft');
    expect(next.find((r) => r.itemId === 'I-001')).toMatchObject({ itemName: '第2期の周知', status: 'Draft' });
    expect(next.some((r) => r.itemId === 'I-002')).toBe(false);
    expect(next).toHaveLength(planItemsFor(h.readModels, 2028).length);
  });

  it('the inbox offers the work of both periods under each year’s names', () => {
    const box = inbox(h.readModels, { userId: people.staff.userId, roles: people.staff.roles });
    const names = new Map(box.items.map((i) => [`${i.fiscalYear}/${i.itemId}`, i.itemName]));
    expect(names.get('2028/I-001')).toBe('第2期の周知');
    expect(names.get('2025/I-002')).toBe(loadPlanCatalogue().items[1]!.name);
    expect(names.has('2028/I-002')).toBe(false);
  });

  it('progress and the grade summary count each year against its period', () => {
    expect(progress(h.readModels, 2028, { readable: () => true }).total.itemCount).toBe(planItemsFor(h.readModels, 2028).length);
    const years = [...new Set(gradeSummary(h.readModels).map((r) => r.fiscalYear))];
    expect(years).toEqual([2025, 2026, 2027, 2028, 2029, 2030]);
  });
});
