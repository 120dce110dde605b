import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueStream, currentPlan, foldCatalogue } from '@hyoka/domain';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import { hyoka, tempDir } from '../testing/cli.js';

describe('hyoka plan export / import <workbook>', () => {
  const tmp = tempDir('plan-workbook');
  const data = ['--data-dir', tmp.dir];
  const file = (name: string) => join(tmp.dir, name);
  const revision = ['--reason', '理事会で決定', '--approved-by', '理事会 2026-03-20', '--as', 'admin1'];
  const events = async () => {
    const store = await openSqliteEventStore({ file: join(tmp.dir, 'events.sqlite') });
    try {
      return await store.readStream(catalogueStream());
    } finally {
      await store.close();
    }
  };
  /** A copy of the exported workbook, edited as a person would in Excel. */
  async function editedCopy(name: string, edit: (wb: ExcelJS.Workbook) => void): Promise<string> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(file('plan.xlsx'))) as unknown as ArrayBuffer);
    edit(wb);
    await writeFile(file(name), Buffer.from(await wb.xlsx.writeBuffer()));
    return file(name);
  }
  const itemRow = (ws: ExcelJS.Worksheet, id: string) => {
    for (let r = 2; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === id) return r;
    throw new Error(`no row ${id}`);
  };

  beforeAll(async () => {
    expect((await hyoka([...data, 'plan', 'import'])).code).toBe(0);
    expect((await hyoka([...data, 'users', 'create', 'admin1', '--name', '管理者', '--role', 'Admin'], { input: 'admin-password\n' })).code).toBe(0);
    const exported = await hyoka([...data, 'plan', 'export', '--format', 'xlsx', '--out', file('plan.xlsx')]);
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toContain('94 items');
  });
  afterAll(() => tmp.remove());

  it('re-importing the exported workbook unchanged reports no changes', async () => {
    const result = await hyoka([...data, 'plan', 'import', file('plan.xlsx'), '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('変更はありません / no changes');
  });

  it('a bad workbook: each problem with sheet, row and column in Japanese, and nothing recorded', async () => {
    const bad = await editedCopy('bad.xlsx', (wb) => {
      const items = wb.getWorksheet('実施項目')!;
      items.getCell(14, 1).value = 'I-012';
      items.getCell('E3').value = '研究';
    });
    const result = await hyoka([...data, 'plan', 'import', bad, ...revision]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('2件の誤りがあります（何も記録していません）');
    expect(result.stderr).toContain('シート「実施項目」 3行 E列: 計画段階「研究」は「計画段階」シートにありません');
    expect(result.stderr).toContain('シート「実施項目」 14行 A列: 実施項目コード I-012 が重複しています（13行と同じ）');
    expect((await events()).map((e) => e.type)).toEqual(['PlanCatalogueImported']);
  });

  it('a change a 計画の見直し does not record (the 評価基準) is shown by --dry-run and refused without it', async () => {
    const copy = await editedCopy('rules.xlsx', (wb) => (wb.getWorksheet('評価基準')!.getCell('B2').value = '計画どおり'));
    const dry = await hyoka([...data, 'plan', 'import', copy, '--dry-run']);
    expect(dry.stdout).toContain('評価基準（第3章）の記載を変更');
    const refused = await hyoka([...data, 'plan', 'import', copy, ...revision]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('まだ記録できない変更が含まれているため、何も記録していません: 評価基準の記載の変更');
    expect((await events()).map((e) => e.type)).toEqual(['PlanCatalogueImported']);
  });

  it('an edited copy (an item renamed, a schedule cell changed): --dry-run lists exactly those; then one approved revision records them', async () => {
    const copy = await editedCopy('edited.xlsx', (wb) => {
      const items = wb.getWorksheet('実施項目')!;
      items.getCell(itemRow(items, 'I-002'), 2).value = '広報紙と QR コードによる計画の周知';
      items.getCell(itemRow(items, 'I-001'), 4).value = '調査';
    });
    const dry = await hyoka([...data, 'plan', 'import', copy, '--dry-run']);
    expect(dry.code).toBe(0);
    const lines = dry.stdout.trim().split('\n');
    expect(lines).toEqual([
      '変更 2件 / 2 change(s):',
      '  実施項目 I-001 2025年度の計画段階を変更: 検討 → 調査',
      '  実施項目 I-002 の名称を変更: 「広報紙へのQRコード掲載による計画の周知」 → 「広報紙と QR コードによる計画の周知」',
      '--dry-run: 何も記録していません / nothing was recorded',
    ]);
    expect((await events()).map((e) => e.type)).toEqual(['PlanCatalogueImported']);

    const recorded = await hyoka([...data, 'plan', 'import', copy, ...revision]);
    expect(recorded.stderr).toBe('');
    expect(recorded.code).toBe(0);
    const all = await events();
    expect(all.map((e) => e.type)).toEqual(['PlanCatalogueImported', 'PlanItemScheduleChanged', 'PlanItemRenamed']);
    expect(all[1]!.metadata.commandId).toBe(all[2]!.metadata.commandId);
    expect(all.slice(1).every((e) => e.metadata.actingAs === 'Admin')).toBe(true);
    const state = foldCatalogue(all);
    if (state.status !== 'Imported') throw new Error('not imported');
    const plan = currentPlan(state);
    expect(plan.items.find((i) => i.id === 'I-001')!.schedule[2025]).toEqual({ stage: '調査', continued: false });
    expect(plan.items.find((i) => i.id === 'I-002')!.name).toBe('広報紙と QR コードによる計画の周知');
    expect(state.revisions.map((r) => [r.itemId, r.reason, r.approvedBy])).toEqual([
      ['I-001', '理事会で決定', '理事会 2026-03-20'],
      ['I-002', '理事会で決定', '理事会 2026-03-20'],
    ]);

    // the same workbook again: the plan in force already says so
    expect((await hyoka([...data, 'plan', 'import', copy, '--dry-run'])).stdout.trim()).toBe('変更はありません / no changes');
  });
});
