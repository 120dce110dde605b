import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, findChromium, screenshot, signIn, startHyoka, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
const ITEM = 'I-002';
const NEW_NAME = '職員研修体系の再構築（令和8年度見直し）';
const THEME = 'corporate-management/1/2';
const NEW_THEME_NAME = '法令遵守とガバナンスの強化';

/** The row of an item in the workbook's 実施項目 sheet. */
function rowOf(ws: ExcelJS.Worksheet, id: string): number {
  for (let r = 2; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === id) return r;
  throw new Error(`no row ${id}`);
}

// Environment-gated: without a Chromium there is no browser to test with; support.ts prints how to install one.
describe.skipIf(!executablePath)('計画の取り込み in the browser: download, edit, upload, preview, confirm', () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];

  beforeAll(async () => {
    hyoka = await startHyoka();
  });
  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  it('the administrator renames an item and a 取組テーマ in the downloaded workbook and imports them; the plan page shows the new names and the history', async () => {
    const admin = await signIn(executablePath!, hyoka, 'admin');
    people.push(admin);
    const { page } = admin;

    await page.getByRole('link', { name: '計画の取り込み' }).click();
    await page.getByRole('heading', { level: 1, name: '計画の取り込み' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '現在の計画 (.xlsx) をダウンロード' }).click()]);
    expect(download.suggestedFilename()).toBe('plan-2025-2027.xlsx');
    const exported = await readFile((await download.path())!);

    // edited as a person would in Excel
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported as unknown as ArrayBuffer);
    const items = wb.getWorksheet('実施項目')!;
    const oldName = String(items.getCell(rowOf(items, ITEM), 2).value);
    items.getCell(rowOf(items, ITEM), 2).value = NEW_NAME;
    const themes = wb.getWorksheet('取組テーマ')!;
    const oldThemeName = String(themes.getCell(rowOf(themes, THEME), 4).value);
    themes.getCell(rowOf(themes, THEME), 4).value = NEW_THEME_NAME;
    const edited = Buffer.from(await wb.xlsx.writeBuffer());

    await page.getByLabel('計画ブック (.xlsx)').setInputFiles({ name: '計画_見直し.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: edited });
    await page.getByRole('button', { name: 'プレビュー' }).click();
    const changes = page.getByTestId('plan-import-changes');
    await changes.waitFor();
    expect(await changes.locator('tr.group th').allTextContents()).toEqual(['取組テーマの名称変更（1件）', '実施項目の名称変更（1件）']);
    await changes.getByText(`取組テーマ ${THEME} の名称を変更: 「${oldThemeName}」 → 「${NEW_THEME_NAME}」`).waitFor();
    // a theme's rename is recorded like an item's: nothing is refused
    expect(await page.getByTestId('plan-import-unrecordable').count()).toBe(0);
    await changes.getByText(`実施項目 ${ITEM} の名称を変更: 「${oldName}」 → 「${NEW_NAME}」`).waitFor();
    await expectAccessible(page, '計画の取り込み-プレビュー');

    // the reason and approver are required before anything is sent
    await page.getByRole('button', { name: '取り込みを確定' }).click();
    await page.getByText('見直しの理由を入力してください。').waitFor();
    await page.getByLabel('見直しの理由').fill('研修体系の見直しに合わせて名称を改めた');
    await page.getByLabel('承認者').fill('理事会 2026-03-20');
    await page.getByRole('button', { name: '取り込みを確定' }).click();
    await page.getByRole('status').getByText('計画の見直しを記録しました（変更 2件・計画の版 2）。').waitFor();
    await screenshot(page, 'plan-import-recorded');

    await page.getByRole('link', { name: '計画', exact: true }).click();
    await page.getByText(`${ITEM} ${NEW_NAME}`).first().waitFor();
    await page.getByRole('heading', { level: 4, name: NEW_THEME_NAME }).waitFor();
    const history = page.getByRole('region', { name: '見直し履歴' });
    const rows = history.getByRole('row').filter({ hasText: '研修体系の見直しに合わせて名称を改めた' });
    await rows.first().waitFor();
    expect(await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1, 3).map((td) => td.textContent?.trim())))).toEqual([
      ['取組テーマの名称変更', THEME],
      ['実施項目の名称変更', ITEM],
    ]);
  });
});
