import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedPlanByApi, expectAccessible, findChromium, gql, screenshot, signIn, startHyoka, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
const YEAR = 2025;

const FIELDS = 'itemId version';
const SAVE = `mutation($input: SaveSelfEvaluationInput!) { saveSelfEvaluation(input: $input) { ${FIELDS} } }`;
const SUBMIT = `mutation($input: EvaluationActionInput!) { submitEvaluation(input: $input) { ${FIELDS} } }`;

// Environment-gated: without a Chromium the page cannot be opened; support.ts prints how to install one.
describe.skipIf(!executablePath)('進捗: progress at a glance in the browser', () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];
  let staff: Person;
  let secretaryGeneral: Person;
  let head: Person;
  let n = 0;
  const input = (itemId: string, extra: Record<string, unknown>) => ({ itemId, fiscalYear: YEAR, commandId: `progress-e2e-${++n}`, ...extra });

  /** 担当職員: a 定量 target of 4 回 and an actual; submitted to the 推進会議 when asked. */
  async function evaluate(itemId: string, actual: string, submit: boolean) {
    const planned = await approvedPlanByApi(staff, head, itemId, YEAR, {
      method: 'quantitative',
      target: '4',
      unit: '回',
      direction: 'higherIsBetter',
      actions: '研修会を年4回開催する',
    });
    const s = await gql<{ saveSelfEvaluation: { version: number } }>(staff.page, SAVE, {
      input: input(itemId, {
        expectedVersion: planned,
        actual,
        qualitativeGrade: 'A',
        actualStage: '検討',
        plannedStageReached: true,
        narrative: { achievements: '実施した' },
      }),
    });
    expect(s.errors).toBeUndefined();
    if (submit) {
      const done = await gql(staff.page, SUBMIT, { input: input(itemId, { expectedVersion: s.data!.saveSelfEvaluation.version }) });
      expect(done.errors).toBeUndefined();
    }
  }

  beforeAll(async () => {
    hyoka = await startHyoka();
    staff = await signIn(executablePath!, hyoka, 'staff-general');
    secretaryGeneral = await signIn(executablePath!, hyoka, 'secretary-general');
    head = await signIn(executablePath!, hyoka, 'head-general');
    people.push(staff, secretaryGeneral, head);
    await evaluate('I-001', '3', true);
    await evaluate('I-002', '4', false);
  });

  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  it('draws the stages per 部 as a chart, and a table row\'s count drills down to its items', async () => {
    const { page } = secretaryGeneral;
    await page.goto('/');
    await page.getByRole('link', { name: '進捗' }).click();
    await page.waitForURL('**/progress');
    await page.locator('[data-testid="progress-chart"] svg').first().waitFor();
    const table = page.getByRole('table', { name: '部 × 段階の件数' });
    await table.waitFor();
    expect(await table.getByRole('rowheader').allTextContents()).toEqual(['計画全体', '総務部', '地域福祉部', '生活支援部']);
    expect(await page.getByTestId('progress-summary').textContent()).toContain('審査: 1 / ');
    await expectAccessible(page, 'progress page');

    await page.getByRole('button', { name: '総務部・推進会議審査: 1件の実施項目を表示' }).click();
    const drilldown = page.getByTestId('progress-drilldown');
    await drilldown.waitFor();
    expect(await drilldown.getByRole('heading').textContent()).toContain('総務部・推進会議審査の実施項目 (1件)');
    const links = drilldown.getByRole('link');
    expect(await links.count()).toBe(1);
    expect(await links.first().textContent()).toMatch(/^I-001 /);
    await screenshot(page, 'progress-drilldown');

    await page.getByRole('button', { name: '総務部・自己評価作成中: 1件の実施項目を表示' }).click();
    await drilldown.getByRole('link', { name: /^I-002 / }).waitFor();
  });

  it('a click on a bar segment lists the items standing there', async () => {
    const { page } = secretaryGeneral;
    await page.goto('/progress');
    await page.locator('[data-testid="progress-chart"] svg').first().waitFor();
    // The 作成中 segments (one colour): the whole plan's bar first, then 総務部's.
    const drafts = page.locator('[data-testid="progress-chart"] svg path[fill="#d08a1c"]');
    await drafts.nth(1).waitFor();
    const drilldown = page.getByTestId('progress-drilldown');
    // a click while the chart still animates in, or just before a (re)load of the data clears the choice, selects nothing:
    // click again until the list is shown (choosing the same segment twice keeps it chosen)
    await expect
      .poll(
        async () => {
          await drafts.nth(1).click();
          return drilldown.isVisible();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe(true);
    expect(await drilldown.getByRole('heading').textContent()).toContain('総務部・自己評価作成中の実施項目 (1件)');
    expect(await drilldown.getByRole('link').allTextContents()).toEqual([expect.stringMatching(/^I-002 /)]);
  });

  it('shows a numeric item\'s target against its actual over the plan years on its evaluation page', async () => {
    const { page } = secretaryGeneral;
    await page.goto(`/evaluations/I-001/${YEAR}`);
    const trend = page.getByTestId('item-trend');
    await trend.waitFor();
    // the chart is drawn once scrolled to
    await trend.scrollIntoViewIfNeeded();
    await trend.locator('svg').first().waitFor();
    expect(await trend.getByRole('heading').textContent()).toBe('数値目標と実績の推移 (回)');
    const first = trend.locator('tbody tr').first();
    expect((await first.locator('th, td').allTextContents()).map((s) => s.trim())).toEqual(['令和7年度 (2025年度)', '4 回', '3 回', '75.00%', '推進会議審査']);
    expect(await trend.locator('tbody tr').count()).toBe(3);
    await screenshot(page, 'item-trend');
  });
});
