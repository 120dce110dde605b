import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedPlanByApi, expectAccessible, findChromium, gql, signIn, startHyoka, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
const YEAR = 2025;
const ITEM = 'I-001';
const ITEM_NAME = '共有フォルダや掲示板機能を活用した評価・進捗状況の周知';

const FIELDS = 'itemId version';
const SAVE = `mutation($input: SaveSelfEvaluationInput!) { saveSelfEvaluation(input: $input) { ${FIELDS} } }`;
const SUBMIT = `mutation($input: EvaluationActionInput!) { submitEvaluation(input: $input) { ${FIELDS} } }`;

/** Pages of a PDF as Chromium writes it: one `/Type /Page` object per page (the tree's root is `/Type /Pages`). */
const pdfPages = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

// Environment-gated: without a Chromium the report cannot be opened; support.ts prints how to install one.
describe.skipIf(!executablePath)('the print-ready 年度評価報告書 in the browser', () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];
  let staff: Person;
  let auditor: Person;
  let n = 0;
  const input = (extra: Record<string, unknown>) => ({ itemId: ITEM, fiscalYear: YEAR, commandId: `report-e2e-${++n}`, ...extra });

  beforeAll(async () => {
    hyoka = await startHyoka();
    staff = await signIn(executablePath!, hyoka, 'staff-general');
    auditor = await signIn(executablePath!, hyoka, 'auditor');
    people.push(staff, auditor);
    // 担当職員: a 定量 plan approved by the 部長, 4 of 4 (A), submitted to the 推進会議
    const head = await signIn(executablePath!, hyoka, 'head-general');
    people.push(head);
    const approved = await approvedPlanByApi(staff, head, ITEM, YEAR, {
      method: 'quantitative',
      target: '4',
      unit: '回',
      direction: 'higherIsBetter',
      actions: '掲示板で周知する',
    });
    const s = await gql<{ saveSelfEvaluation: { version: number } }>(staff.page, SAVE, {
      input: input({
        expectedVersion: approved,
        actual: '4',
        qualitativeGrade: 'A',
        actualStage: '検討',
        plannedStageReached: true,
        narrative: { achievements: '掲示板で周知した' },
      }),
    });
    const submitted = await gql(staff.page, SUBMIT, { input: input({ expectedVersion: s.data!.saveSelfEvaluation.version }) });
    expect(submitted.errors).toBeUndefined();
  });

  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  it('shows the whole plan with its stamp (the log head), the rows, and prints to an A4 PDF of several pages', async () => {
    const { page } = auditor;
    const log = await gql<{ auditLogJson: string }>(page, 'query { auditLogJson }');
    const head = (JSON.parse(log.data!.auditLogJson) as { position: string }[]).at(-1)!.position;

    await page.goto(`/reports/${YEAR}`);
    const report = page.getByTestId('annual-report');
    await report.waitFor();
    expect(await page.getByRole('heading', { level: 1, name: '令和7年度(2025年度) 中期経営計画 年度評価報告書' }).count()).toBe(1);
    expect(await page.getByTestId('stamp-position').textContent()).toBe(head);
    expect(await page.getByTestId('report-stamp').textContent()).toContain('令和7年度(2025年度)');
    // the creation time in Japan time, not UTC
    const generated = page.getByTestId('stamp-generated-at');
    const iso = (await generated.locator('time').getAttribute('datetime'))!;
    const jst = new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().replace(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2}).*$/, '$1/$2/$3 $4');
    expect(await generated.textContent()).toBe(jst);
    expect(await page.getByTestId('report-stamp').textContent()).toContain('作成日時 (日本時間)');
    // the printed digest is that of the log up to the printed position, and checks against the log
    const digest = (await page.getByTestId('stamp-digest').textContent())!;
    expect(digest).toMatch(new RegExp(`^hyoka-log:v1:${head}:\\d+:[0-9a-f]{64}$`));
    expect(await page.getByTestId('stamp-verify').textContent()).toBe(`npx hyoka check-digest ${digest}`);
    const check = await gql<{ checkLogDigest: { ok: boolean } }>(page, 'query($d: String!) { checkLogDigest(digest: $d) { ok } }', { d: digest });
    expect(check.data?.checkLogDigest.ok).toBe(true);
    expect(await page.locator('section.division h2').allTextContents()).toEqual([
      expect.stringContaining('法人経営部門'),
      expect.stringContaining('施設・介護サービス部門'),
      expect.stringContaining('地域福祉推進部門'),
      expect.stringContaining('生活支援推進部門'),
    ]);

    const row = page.locator(`tr[data-item-id="${ITEM}"]`);
    expect(await row.locator('td').first().textContent()).toContain(ITEM_NAME);
    expect(await row.locator('[data-column="self"]').textContent()).toBe('A');
    expect(await row.locator('[data-column="final"]').textContent()).toBe('—');
    expect(await row.locator('[data-column="stage"]').textContent()).toBe('推進会議審査');
    expect(await row.textContent()).toContain('4 回 / 4 / 100');
    // every division's table carries the stamp in its footer (repeated on each printed page)
    expect(await page.locator('section.division tfoot').first().textContent()).toContain(`ログ位置 ${head} ・ ダイジェスト ${digest}`);
    // and the page's margin boxes carry it too, on A4
    const pageCss = await page.locator('style[data-report="page"]').textContent();
    expect(pageCss).toContain('size: A4 landscape');
    expect(pageCss).toContain(`ログ位置 ${head} ・ ダイジェスト ${digest}`);

    // the print button prints (window.print replaced: headless Chromium has no dialog to wait for)
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await page.getByRole('button', { name: '印刷 / PDFとして保存' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

    await page.evaluate(() => document.fonts.ready);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // a cover page, then a new page for each of the 4 部門 (法人経営 runs over several)
    expect(pdfPages(pdf)).toBeGreaterThan(4);
    // the self-hosted Japanese font is embedded, not a fallback
    expect(pdf.toString('latin1')).toMatch(/NotoSansJP/);

    // the Excel link downloads the same report (same log position) with this session
    const href = await page.getByTestId('report-xlsx').getAttribute('href');
    expect(href).toBe(`/exports/annual-report/${YEAR}.xlsx?position=${head}`);
    const xlsx = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return { status: response.status, position: response.headers.get('x-hyoka-log-position'), size: (await response.arrayBuffer()).byteLength };
    }, href!);
    expect(xlsx).toMatchObject({ status: 200, position: head });
    expect(xlsx.size).toBeGreaterThan(5000);
    // clicking it is a page load (Accept: text/html) that must reach the download, not the web app
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx').click()]);
    expect(download.suggestedFilename()).toBe(`年度評価報告書_${YEAR}_全部門_p${head}.xlsx`);
    expect((await readFile((await download.path())!)).subarray(0, 2).toString('latin1')).toBe('PK');

    await expectAccessible(page, 'the annual report');
  });

  it('a staff member is refused the whole plan with the reason, and reads their own 部門', async () => {
    const { page } = staff;
    await page.goto(`/reports/${YEAR}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('全部門の報告書は');
    expect(await page.getByTestId('annual-report').count()).toBe(0);

    await page.getByLabel('対象').selectOption('corporate-management');
    await page.getByTestId('annual-report').waitFor();
    expect(page.url()).toContain(`/reports/${YEAR}?division=corporate-management`);
    expect(await page.locator('section.division').count()).toBe(1);
    expect(await page.locator(`tr[data-item-id="${ITEM}"] [data-column="self"]`).textContent()).toBe('A');
  });
});
