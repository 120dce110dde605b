import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlanCatalogue, type ImplementationItem, type PlanCatalogue } from '@hyoka/catalogue';
import { catalogueStream, foldCatalogue, planForYear, planPeriodsOf } from '@hyoka/domain';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import { writePlanWorkbook } from '@hyoka/plan-workbook';
import { hyoka, tempDir } from '../testing/cli.js';

/** The shipped plan moved `by` years on, titled `title`. */
function moved(by: number, title: string): PlanCatalogue {
  const shipped = loadPlanCatalogue();
  const shift = (schedule: ImplementationItem['schedule']) =>
    Object.fromEntries(Object.entries(schedule).map(([year, cell]) => [Number(year) + by, { stage: cell.stage ?? '実施', continued: cell.continued }]));
  return { ...shipped, title, period: { from: 2025 + by, to: 2027 + by }, items: shipped.items.map((i) => ({ ...i, schedule: shift(i.schedule) })) };
}

describe('hyoka plan import <workbook>: the next plan period, and a first plan into an empty store', () => {
  const tmp = tempDir('plan-periods');
  const file = (name: string) => join(tmp.dir, name);
  const catalogue = async (dir: string) => {
    const store = await openSqliteEventStore({ file: join(dir, 'events.sqlite') });
    try {
      return foldCatalogue(await store.readStream(catalogueStream()));
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    await writeFile(file('next.xlsx'), await writePlanWorkbook(moved(3, '第2期中期経営計画')));
    await writeFile(file('overlap.xlsx'), await writePlanWorkbook(moved(1, '重なる計画')));
  });
  afterAll(() => tmp.remove());

  it('a workbook after the period in force: --dry-run says it opens the next period; then it is recorded with reason and approver', async () => {
    const data = ['--data-dir', join(tmp.dir, 'council')];
    expect((await hyoka([...data, 'plan', 'import'])).code).toBe(0);
    expect((await hyoka([...data, 'users', 'create', 'admin1', '--name', '管理者', '--role', 'Admin'], { input: 'admin-password\n' })).code).toBe(0);

    const dry = await hyoka([...data, 'plan', 'import', file('next.xlsx'), '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('新しい計画期間を開始します / opens the next plan period: 「第2期中期経営計画」 2028〜2030年度');
    expect(dry.stdout).toMatch(/部 3・推進会議 3・部門 4・推進項目 \d+・取組テーマ \d+・実施項目 94/);
    expect(dry.stdout).toContain('--dry-run: 何も記録していません');
    expect(planPeriodsOf(await catalogue(join(tmp.dir, 'council')))).toHaveLength(1);

    const missing = await hyoka([...data, 'plan', 'import', file('next.xlsx'), '--as', 'admin1']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('新しい計画期間を開始するには --reason と --approved-by が必要です');

    const overlap = await hyoka([...data, 'plan', 'import', file('overlap.xlsx'), '--dry-run']);
    expect(overlap.code).toBe(1);
    expect(overlap.stderr).toContain('ブックの計画期間(2026〜2028年度)は現在の計画期間(2025〜2027年度)と同じでも、その後でもありません');

    const recorded = await hyoka([...data, 'plan', 'import', file('next.xlsx'), '--reason', '第2期計画', '--approved-by', '理事会 2028-03-20', '--as', 'admin1']);
    expect(recorded.stderr).toBe('');
    expect(recorded.stdout).toContain('計画期間 2028〜2030年度 を開始しました');
    const state = await catalogue(join(tmp.dir, 'council'));
    expect(planPeriodsOf(state).map((p) => p.catalogue.title)).toEqual([loadPlanCatalogue().title, '第2期中期経営計画']);
    expect(planForYear(state, 2029)?.title).toBe('第2期中期経営計画');
    // the current plan's items now list the new period's years
    const items = await hyoka([...data, 'plan', 'items']);
    expect(items.stdout).toContain('2028');
  });

  it('a workbook into a store without a plan is imported whole as its first plan', async () => {
    const data = ['--data-dir', join(tmp.dir, 'another-council')];
    const result = await hyoka([...data, 'plan', 'import', file('next.xlsx')]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('最初の計画として取り込みます');
    expect(result.stdout).toContain('計画を取り込みました / imported the plan (94 items)');
    const state = await catalogue(join(tmp.dir, 'another-council'));
    expect(planPeriodsOf(state).map((p) => p.catalogue.period)).toEqual([{ from: 2028, to: 2030 }]);
  });
});
