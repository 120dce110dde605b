import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedPlanByApi, expectAccessible, findChromium, gql, signIn, visitor, startHyoka, type GraphQLAnswer, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
const YEAR = 2025;

/** The message a field's aria-describedby names, the field focused and marked invalid, the message right by it. */
async function expectProblemAt(page: Page, field: ReturnType<Page['getByLabel']>, text: string) {
  const alert = page.getByRole('alert').filter({ hasText: text });
  await alert.waitFor();
  const alertId = await alert.getAttribute('id');
  expect(await field.getAttribute('aria-describedby')).toBe(alertId);
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
  const [fieldBox, alertBox] = [await field.boundingBox(), await alert.boundingBox()];
  // next to the field, not at the top of the page
  expect(Math.abs(alertBox!.y - (fieldBox!.y + fieldBox!.height))).toBeLessThan(60);
  expect(await page.getByTestId('problem').count()).toBe(0);
}

// Environment-gated: without a Chromium there is no page to look at; support.ts prints how to install one.
describe.skipIf(!executablePath)('what a first look found: messages at their fields, and the small stumbles', () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];
  let staff: Person;
  let item: string;
  let version: number | null = null;
  const person = async (loginName: string) => {
    const p = await signIn(executablePath!, hyoka, loginName);
    people.push(p);
    return p;
  };

  async function act(p: Person, operation: string, input: Record<string, unknown>, version: number | null): Promise<number | null> {
    const answer: GraphQLAnswer<Record<string, { version: number }>> = await gql(p.page, operation, {
      i: { itemId: item, fiscalYear: YEAR, expectedVersion: version, commandId: crypto.randomUUID(), ...input },
    });
    expect(answer.errors, operation).toBeUndefined();
    return Object.values(answer.data ?? {})[0]?.version ?? null;
  }

  beforeAll(async () => {
    hyoka = await startHyoka();
    staff = await person('staff-general');
    const board = await gql<{ board: { entries: { itemId: string; owningDepartmentId: string }[] } }>(
      staff.page,
      'query($y: Int!) { board(fiscalYear: $y) { entries { itemId owningDepartmentId } } }',
      { y: YEAR },
    );
    item = board.data!.board.entries.find((e) => e.owningDepartmentId === 'general-affairs')!.itemId;
  });

  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  it('loads the first page without a 404 (the favicon is there)', async () => {
    const newcomer = await visitor(executablePath!, hyoka);
    people.push(newcomer);
    const missing: string[] = [];
    newcomer.page.on('response', (r) => {
      if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`);
    });
    await newcomer.page.goto('/');
    await newcomer.page.getByRole('button', { name: 'ログイン', exact: true }).waitFor();
    const icon = await newcomer.page.evaluate(async () => {
      const r = await fetch('/favicon.ico');
      return { status: r.status, type: r.headers.get('content-type') };
    });
    expect(icon.status).toBe(200);
    expect(icon.type).toMatch(/^image\//);
    expect(missing).toEqual([]);
  });

  it('submit without a self-evaluation: the message at 定性評価, focused; the history keeps the event and the move apart', async () => {
    version = await approvedPlanByApi(staff, await person('head-general'), item, YEAR);
    const { page } = staff;
    await page.goto(`/evaluations/${item}/${YEAR}`);
    await page.getByRole('button', { name: '提出', exact: true }).click();
    const firstGrade = page.getByRole('group', { name: '定性評価' });
    const alert = firstGrade.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('提出する前に次の項目を入力してください: 定性評価');
    expect(await firstGrade.getAttribute('aria-describedby')).toBe(await alert.getAttribute('id'));
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('qualitative-grade');
    await expectAccessible(page, 'submit without a self-evaluation');

    const moves = await page.getByTestId('history-move').allTextContents();
    expect(moves.map((m) => m.trim())).toContain('段階: 未着手 → 計画作成中');
    expect(moves.map((m) => m.trim())).toContain('段階: 計画承認待ち → 自己評価作成中');
    expect(await page.getByTestId('history').textContent()).not.toContain('設定未着手');
  });

  it('return without a reason and forward without a reason: each message at its own reason box', async () => {
    version = await act(
      staff,
      'mutation($i: SaveSelfEvaluationInput!) { saveSelfEvaluation(input: $i) { version } }',
      { qualitativeGrade: 'C', actualStage: '実施', plannedStageReached: true, narrative: { achievements: '計画に沿って進めた。' } },
      version,
    );
    version = await act(staff, 'mutation($i: EvaluationActionInput!) { submitEvaluation(input: $i) { version } }', {}, version);

    // the self grade says where it comes from
    await staff.page.goto(`/evaluations/${item}/${YEAR}`);
    expect(await staff.page.getByTestId('self-grade-rule').textContent()).toBe('数値目標のない項目のため、自己評価は定性評価（C）をとります。');

    const chair = await person('head-general');
    await chair.page.goto(`/evaluations/${item}/${YEAR}`);
    await chair.page.getByRole('button', { name: '差し戻し', exact: true }).click();
    await expectProblemAt(chair.page, chair.page.getByLabel('差し戻しの理由'), '理由');
    await expectAccessible(chair.page, 'return without a reason');
    await chair.page.getByRole('button', { name: '承認', exact: true }).click();
    await expect.poll(() => chair.page.getByTestId('stage').textContent()).toBe('管理職会議審査');

    const secretary = await person('secretary-general');
    await secretary.page.goto(`/evaluations/${item}/${YEAR}`);
    await secretary.page.getByRole('combobox', { name: '総合評価(案)', exact: true }).selectOption('B');
    await secretary.page.getByRole('button', { name: '総合評価(案)を付けて委員会へ送付' }).click();
    await expectProblemAt(secretary.page, secretary.page.getByLabel(/変更の理由/), '「理由」を入力してください');
  });

  for (const locale of ['ja', 'en'] as const) {
    it(`the board's chart legend stays clear of the axis numbers (${locale})`, async () => {
      const { page } = staff;
      await page.goto('/board');
      if (locale === 'en') await page.locator('header').getByRole('combobox', { name: '表示言語' }).selectOption('en');
      // the charts are drawn once scrolled to (below the matrix)
      await page.locator('#distribution-heading').scrollIntoViewIfNeeded();
      const legend = page.getByTestId('chart-legend').first();
      await legend.waitFor();
      const chart = page.locator('figure.chart').first();
      await expect.poll(() => chart.locator('svg text').count()).toBeGreaterThan(3);
      const legendBox = (await legend.boundingBox())!;
      const labels = await chart.locator('svg text').evaluateAll((texts) =>
        texts.filter((t) => /^\d+$/.test(t.textContent ?? '')).map((t) => t.getBoundingClientRect().toJSON() as DOMRect),
      );
      expect(labels.length).toBeGreaterThan(0);
      // both in the viewport's coordinates, taken without scrolling in between
      for (const label of labels) {
        const clear = label.y + label.height <= legendBox.y || label.y >= legendBox.y + legendBox.height;
        expect(clear, `axis number at y=${label.y} vs legend ${legendBox.y}..${legendBox.y + legendBox.height}`).toBe(true);
      }
      if (locale === 'en') await page.locator('header').getByRole('combobox', { name: 'Language' }).selectOption('ja');
    });
  }

  it('the auditor verifies the log from the audit page and is told it is sound', async () => {
    const auditor = await person('auditor');
    await auditor.page.goto('/audit');
    await auditor.page.getByRole('button', { name: 'ログの完全性を検証' }).click();
    const result = auditor.page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/^\s*問題ありません: \d+件のイベント/);
    await expectAccessible(auditor.page, 'log verified (auditor)');
  });
});
