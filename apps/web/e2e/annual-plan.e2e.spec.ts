import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, findChromium, gql, screenshot, signIn, startHyoka, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
const YEAR = 2025;

// Environment-gated: without a Chromium the walk cannot run; support.ts prints how to install one.
describe.skipIf(!executablePath)('the 単年度計画 in the browser: staff draft it, the 部長 approves it, a change is approved again', () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];
  let staff: Person;
  let head: Person;
  let path: string;
  const stageOf = (p: Person) => p.page.getByTestId('stage');

  beforeAll(async () => {
    hyoka = await startHyoka();
    staff = await signIn(executablePath!, hyoka, 'staff-general');
    head = await signIn(executablePath!, hyoka, 'head-general');
    people.push(staff, head);
    const board = await gql<{ board: { entries: { itemId: string; owningDepartmentId: string; stage: string }[] } }>(
      staff.page,
      'query($y: Int!) { board(fiscalYear: $y) { entries { itemId owningDepartmentId stage } } }',
      { y: YEAR },
    );
    const item = board.data!.board.entries.find((e) => e.owningDepartmentId === 'general-affairs' && e.stage === 'NotStarted')!.itemId;
    path = `/evaluations/${item}/${YEAR}`;
  });

  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  it('plan drafted → returned → approved (locked) → a plan change approved → the self-evaluation judged against it', async () => {
    // 担当職員 drafts the plan: 評価の方法 定量, 4回 (higher is better), 取組内容; then submits it
    await staff.page.goto(path);
    await staff.page.getByLabel('目標値').fill('4');
    await staff.page.getByLabel('単位').fill('回');
    await staff.page.getByLabel('取組内容').fill('研修会を年4回開催する。');
    await staff.page.getByRole('button', { name: '単年度計画を保存' }).click();
    await staff.page.getByText('単年度計画を保存しました。').waitFor();
    await expect.poll(() => stageOf(staff).textContent()).toBe('計画作成中');
    await expectAccessible(staff.page, 'the annual plan being drafted');
    await staff.page.getByRole('button', { name: '単年度計画を提出' }).click();
    await expect.poll(() => stageOf(staff).textContent()).toBe('計画承認待ち');
    expect(await staff.page.getByRole('button', { name: '単年度計画を承認' }).count()).toBe(0);

    // 部長 returns it with a reason
    await head.page.goto(path);
    await head.page.getByTestId('plan-draft').waitFor();
    expect(await head.page.getByTestId('plan-draft').textContent()).toContain('4回');
    await head.page.getByLabel('差し戻しの理由').fill('取組内容に目標値の根拠を書いてください。');
    await head.page.getByRole('button', { name: '差し戻し', exact: true }).click();
    await expect.poll(() => stageOf(head).textContent()).toBe('計画作成中');

    // 担当職員 sees the reason, corrects the plan and submits again; the 部長 approves: 計画第1版, locked
    await staff.page.goto(path);
    await expect.poll(() => staff.page.getByTestId('open-return').textContent()).toContain('取組内容に目標値の根拠を書いてください。');
    await staff.page.getByLabel('取組内容').fill('前年度の参加状況から年4回とし、研修会を開催する。');
    await staff.page.getByRole('button', { name: '単年度計画を保存' }).click();
    await staff.page.getByText('単年度計画を保存しました。').waitFor();
    await staff.page.getByRole('button', { name: '単年度計画を提出' }).click();
    await expect.poll(() => stageOf(staff).textContent()).toBe('計画承認待ち');
    await head.page.goto(path);
    await head.page.getByRole('button', { name: '単年度計画を承認' }).click();
    await expect.poll(() => stageOf(head).textContent()).toBe('自己評価作成中');

    await staff.page.goto(path);
    await staff.page.getByTestId('approved-plan').waitFor();
    const approved = await staff.page.getByTestId('approved-plan').textContent();
    expect(approved).toContain('計画第1版');
    expect(approved).toContain('総務部長');
    expect(approved).toContain('4回');
    // locked: no plan inputs until a change is asked for
    expect(await staff.page.getByRole('button', { name: '単年度計画を保存' }).count()).toBe(0);
    expect(await staff.page.getByLabel('取組内容').count()).toBe(0);

    // the year's actual: 4 of 4 → A against 計画第1版
    await staff.page.getByLabel(/実績値/).fill('4');
    await staff.page.getByRole('radio', { name: /^A\s*計画通り/ }).check();
    await staff.page.getByLabel('実績・成果').fill('研修会を4回開催した。');
    await staff.page.getByRole('button', { name: '自己評価を保存' }).click();
    await staff.page.getByText('自己評価を保存しました。').waitFor();
    await expect.poll(() => staff.page.getByTestId('graded-against').textContent()).toBe('計画第1版の目標で判定');

    // a plan change: 5回, with its reason; the 部長 approves it
    await staff.page.getByRole('button', { name: '計画を変更する' }).click();
    await staff.page.getByLabel('目標値').fill('5');
    await staff.page.getByRole('button', { name: '計画の変更を申請' }).click();
    const reasonMissing = staff.page.getByRole('alert').filter({ hasText: '理由' });
    await reasonMissing.waitFor();
    await staff.page.getByLabel('変更の理由').fill('会場が1つ増えたため。');
    await staff.page.getByRole('button', { name: '計画の変更を申請' }).click();
    await expect.poll(() => stageOf(staff).textContent()).toBe('計画変更承認待ち');
    // a side stage: the stepper still shows 自己評価作成中 as the current step
    expect(await staff.page.locator('[aria-current="step"] .name').textContent()).toBe('自己評価作成中');

    await head.page.goto(path);
    await head.page.getByTestId('pending-change').waitFor();
    const compared = await head.page.getByTestId('plan-editions').textContent();
    expect(compared).toContain('計画第1版');
    expect(compared).toContain('会場が1つ増えたため。');
    await expectAccessible(head.page, 'a plan change awaiting approval');
    await screenshot(head.page, 'plan-change-review');
    await head.page.getByRole('button', { name: '単年度計画を承認' }).click();
    await expect.poll(() => stageOf(head).textContent()).toBe('自己評価作成中');

    // the grade is judged against the approved change: 4 of 5 → B, and says which edition it used
    await staff.page.goto(path);
    await staff.page.getByTestId('approved-plan').waitFor();
    expect(await staff.page.getByTestId('approved-plan').textContent()).toContain('計画第2版');
    await expect.poll(() => staff.page.getByTestId('graded-against').textContent()).toBe('計画第2版の目標で判定');
    expect(await staff.page.getByTestId('self-grade').textContent()).toContain('B');
    const editions = await staff.page.getByTestId('plan-editions').getByRole('row').allTextContents();
    expect(editions.slice(1).map((r) => r.replace(/\s+/g, ' '))).toEqual([
      expect.stringMatching(/計画第1版.*4回/),
      expect.stringMatching(/計画第2版.*5回.*会場が1つ増えたため。/),
    ]);
    await screenshot(staff.page, 'plan-approved-edition-2');
  });
});
