import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, findChromium, screenshot, signIn, startHyoka, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
const TITLE = '熊本市社会福祉協議会 第2期中期経営計画';
const NEW_NAME = '評価結果の共有と活用（第2期）';

/** The 計画 sheet's row of a key (開始年度, 終了年度, 計画名). */
function keyRow(ws: ExcelJS.Worksheet, key: string): number {
  for (let r = 2; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === key) return r;
  throw new Error(`no ${key}`);
}

/** The downloaded plan made into the next period's, as the office would in Excel: title, years, an item renamed. */
async function nextPeriodOf(exported: Buffer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(exported as unknown as ArrayBuffer);
  const plan = wb.getWorksheet('計画')!;
  plan.getCell(keyRow(plan, '計画名'), 2).value = TITLE;
  plan.getCell(keyRow(plan, '開始年度'), 2).value = 2028;
  plan.getCell(keyRow(plan, '終了年度'), 2).value = 2030;
  const items = wb.getWorksheet('実施項目')!;
  items.getRow(1).eachCell((cell) => {
    const year = /^(\d{4})年度$/.exec(String(cell.value))?.[1];
    if (year) cell.value = `${Number(year) + 3}年度`;
  });
  for (let r = 2; r <= items.rowCount; r++) if (items.getCell(r, 1).value === 'I-001') items.getCell(r, 2).value = NEW_NAME;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// Environment-gated: without a Chromium there is no browser to test with; support.ts prints how to install one.
describe.skipIf(!executablePath)('a new plan period in the browser: the next 中期経営計画 imported, its year opened, both periods readable', () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];

  beforeAll(async () => {
    hyoka = await startHyoka();
  });
  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  it('the administrator opens FY2028–2030 from the edited workbook and opens FY2028; staff see each period’s plan by the year they choose', async () => {
    const admin = await signIn(executablePath!, hyoka, 'admin');
    people.push(admin);
    const { page } = admin;
    await page.getByRole('link', { name: '計画の取り込み' }).click();
    await page.getByRole('heading', { level: 1, name: '計画の取り込み' }).waitFor();
    await page.getByTestId('open-years-none').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '現在の計画 (.xlsx) をダウンロード' }).click()]);
    const next = await nextPeriodOf(await readFile((await download.path())!));

    await page.getByLabel('計画ブック (.xlsx)').setInputFiles({ name: '第2期計画.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: next });
    await page.getByRole('button', { name: 'プレビュー' }).click();
    const whole = page.getByTestId('plan-import-whole');
    await whole.getByText('このブックは次の計画期間 2028〜2030年度 の計画です。', { exact: false }).waitFor();
    expect(await whole.textContent()).toMatch(/部 3・推進会議 3・部門 4・推進項目 \d+・取組テーマ \d+・実施項目 94/);
    await expectAccessible(page, '計画の取り込み-新しい計画期間');
    await page.getByLabel('見直しの理由').fill('第2期中期経営計画（令和10〜12年度）の開始');
    await page.getByLabel('承認者').fill('理事会 2028-03-20');
    await page.getByRole('button', { name: '新しい計画期間として開始' }).click();
    await page.getByRole('status').getByText('新しい計画期間を開始しました。').waitFor();

    // its years wait to be opened; FY2028 is opened with its thresholds
    const waiting = page.getByTestId('open-years');
    await waiting.getByRole('button', { name: '2028年度を開始' }).waitFor();
    expect(await waiting.getByRole('rowheader').allTextContents()).toEqual([expect.stringContaining('2028'), expect.stringContaining('2029'), expect.stringContaining('2030')]);
    await waiting.getByRole('button', { name: '2028年度を開始' }).click();
    await page.getByRole('status').getByText(/2028.*を開始しました。/).waitFor();
    await waiting.getByRole('button', { name: '2029年度を開始' }).waitFor();
    expect(await waiting.getByRole('button', { name: '2028年度を開始' }).count()).toBe(0);
    await screenshot(page, 'plan-period-opened');

    // a staff member chooses the years: FY2028 shows the new plan, FY2026 the finished one
    const staff = await signIn(executablePath!, hyoka, 'staff-general');
    people.push(staff);
    const picker = staff.page.getByTestId('fiscal-year');
    await picker.locator('option[value="2030"]').waitFor({ state: 'attached' });
    await picker.selectOption('2028');
    await staff.page.getByRole('link', { name: '計画', exact: true }).click();
    await staff.page.getByTestId('plan-period').getByText(`${TITLE}（2028〜2030年度）`, { exact: false }).waitFor();
    await staff.page.getByText(`I-001 ${NEW_NAME}`).first().waitFor();
    await staff.page.getByText(`I-001 ${NEW_NAME}`).first().click();
    await staff.page.getByRole('heading', { level: 1 }).getByText(NEW_NAME, { exact: false }).waitFor();
    expect(staff.page.url()).toMatch(/\/evaluations\/I-001\/2028$/);

    await staff.page.getByRole('link', { name: '計画', exact: true }).click();
    await picker.selectOption('2026');
    await staff.page.getByTestId('plan-period').getByText('終了した計画期間').waitFor();
    await staff.page.getByText('I-001 共有フォルダや掲示板機能を活用した評価・進捗状況の周知').first().waitFor();
    expect(await staff.page.getByText(`I-001 ${NEW_NAME}`).count()).toBe(0);
    await screenshot(staff.page, 'plan-period-finished');
  });
});
