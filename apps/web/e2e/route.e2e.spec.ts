import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, findChromium, gql, signIn, startHyoka, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
const YEAR = 2025;

// Environment-gated: without a Chromium the walk cannot run; support.ts prints how to install one.
describe.skipIf(!executablePath)('the whole route in the browser, as separate people', () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];
  let staff: Person;
  let chair: Person;
  let items: string[] = [];
  const person = async (loginName: string) => {
    const p = await signIn(executablePath!, hyoka, loginName);
    people.push(p);
    return p;
  };
  const stageOf = (p: Person) => p.page.getByTestId('stage');

  beforeAll(async () => {
    hyoka = await startHyoka();
    staff = await person('staff-general');
    chair = await person('head-general');
    const board = await gql<{ board: { entries: { itemId: string; owningDepartmentId: string }[] } }>(
      staff.page,
      'query($y: Int!) { board(fiscalYear: $y) { entries { itemId owningDepartmentId } } }',
      { y: YEAR },
    );
    items = (board.data?.board.entries ?? []).filter((e) => e.owningDepartmentId === 'general-affairs').map((e) => e.itemId);
    expect(items.length).toBeGreaterThanOrEqual(3);
  });

  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  it('shows who I am, my role and 部, and the fiscal year in the header', async () => {
    const header = staff.page.locator('header');
    await expect.poll(() => header.textContent()).toContain('総務部 担当職員');
    expect(await header.textContent()).toContain('担当職員（総務部）');
    expect(await staff.page.getByLabel('年度').locator('option:checked').textContent()).toBe('令和7年度 (2025年度)');
    await expectAccessible(staff.page, 'the inbox');
  });

  it('walks submit → return → resubmit → approve → forward → finalise, and the auditor sees the state before the return', async () => {
    const item = items[0]!;
    const path = `/evaluations/${item}/${YEAR}`;

    // 担当職員: target, actual (定量 computed as typed), narrative, submit
    await staff.page.goto(path);
    await staff.page.getByLabel('目標値').fill('4');
    await staff.page.getByLabel('単位').fill('回');
    await staff.page.getByRole('button', { name: '単年度計画を保存' }).click();
    await staff.page.getByText('単年度計画を保存しました。').waitFor();
    await staff.page.getByLabel(/実績値/).fill('3');
    await expect.poll(() => staff.page.getByTestId('grade-preview').textContent()).toBe('C（やや遅れている）');
    await staff.page.getByRole('radio', { name: /^C\s*やや遅れている/ }).check();
    await staff.page.getByLabel('実績・成果').fill('研修会を3回開催した。');
    await staff.page.getByRole('button', { name: '自己評価を保存' }).click();
    await staff.page.getByText('自己評価を保存しました。').waitFor();
    await expectAccessible(staff.page, 'the evaluation page (draft)');
    await staff.page.getByRole('button', { name: '提出', exact: true }).click();
    await expect.poll(() => stageOf(staff).textContent()).toBe('推進会議審査');
    expect(await staff.page.getByRole('button', { name: '承認', exact: true }).count()).toBe(0);

    // 部長 (chair of 総務推進会議): return with a reason
    await chair.page.goto(path);
    await chair.page.getByLabel('差し戻しの理由').fill('目標の根拠を追記してください。');
    await chair.page.getByRole('button', { name: '差し戻し', exact: true }).click();
    await expect.poll(() => stageOf(chair).textContent()).toBe('作成中');

    // 担当職員: sees the reason, adds the issue, resubmits
    await staff.page.goto(path);
    await expect.poll(() => staff.page.getByTestId('open-return').textContent()).toContain('目標の根拠を追記してください。');
    await staff.page.getByLabel('課題').fill('会場の確保が難しかった。');
    await staff.page.getByRole('button', { name: '自己評価を保存' }).click();
    await staff.page.getByText('自己評価を保存しました。').waitFor();
    await staff.page.getByRole('button', { name: '提出', exact: true }).click();
    await expect.poll(() => stageOf(staff).textContent()).toBe('推進会議審査');

    // 部長: approve
    await chair.page.goto(path);
    await chair.page.getByRole('button', { name: '承認', exact: true }).click();
    await expect.poll(() => stageOf(chair).textContent()).toBe('管理職会議審査');

    // 事務局長: propose 総合評価(案) B (differs from the self grade C, so with a reason) and forward
    const secretary = await person('secretary-general');
    await secretary.page.goto(path);
    await secretary.page.getByRole('combobox', { name: '総合評価(案)', exact: true }).selectOption('B');
    await secretary.page.getByLabel(/変更の理由/).fill('開催の質を考慮した。');
    await secretary.page.getByRole('button', { name: '総合評価(案)を付けて委員会へ送付' }).click();
    await expect.poll(() => stageOf(secretary).textContent()).toBe('評価検証委員会審査');

    // 評価検証委員: decide and finalise
    const committee = await person('committee-1');
    await committee.page.goto(path);
    await committee.page.getByRole('combobox', { name: '総合評価', exact: true }).selectOption('B');
    await committee.page.getByLabel('根拠', { exact: true }).fill('聞き取りの結果、計画はほぼ達成。');
    await committee.page.getByRole('button', { name: '総合評価を決定して確定' }).click();
    await expect.poll(() => stageOf(committee).textContent()).toBe('確定');
    expect(await committee.page.getByTestId('final-grade').textContent()).toContain('B');

    // 監査: the timeline, then the evaluation as it stood just before the return
    const auditor = await person('auditor');
    await auditor.page.goto(path);
    const rows = auditor.page.getByTestId('history').locator('tbody tr');
    await expect.poll(() => rows.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('差し戻し')]));
    const summaries = await rows.allTextContents();
    const returnedAt = summaries.findIndex((s) => s.includes('差し戻し'));
    expect(returnedAt).toBeGreaterThan(0);
    expect(summaries.some((s) => s.includes('確定'))).toBe(true);
    await expectAccessible(auditor.page, 'the evaluation page (finalised, auditor)');
    await rows.nth(returnedAt - 1).getByRole('button', { name: 'この時点を表示' }).click();
    await expect.poll(() => stageOf(auditor).textContent()).toBe('推進会議審査');
    await auditor.page.getByText('過去の状態の表示です（操作できません）').waitFor();
    expect(await auditor.page.getByRole('button', { name: '承認', exact: true }).count()).toBe(0);

    // versions before and after the return, compared
    await auditor.page.goto(path);
    await auditor.page.getByLabel('比較元の版').selectOption('1');
    await auditor.page.getByLabel('比較先の版').selectOption('2');
    await auditor.page.getByRole('button', { name: '比較', exact: true }).click();
    await expect.poll(() => auditor.page.getByTestId('differences').textContent()).toContain('会場の確保が難しかった。');

    for (const [page, what] of [
      ['/plan', 'the plan'],
      ['/board', 'the board'],
      ['/audit', 'the audit log'],
      ['/bulk-approval', 'bulk approval'],
    ] as const) {
      await auditor.page.goto(page);
      await auditor.page.locator('h1').waitFor();
      await auditor.page.getByText('読み込み中…').waitFor({ state: 'detached' });
      await expectAccessible(auditor.page, what);
    }
  });

  it('refuses a forged approve from staff with FORBIDDEN', async () => {
    const item = items[1]!;
    const answer = await gql(staff.page, 'mutation($i: EvaluationActionInput!) { approveEvaluation(input: $i) { stage } }', {
      i: { itemId: item, fiscalYear: YEAR, expectedVersion: null, commandId: crypto.randomUUID() },
    });
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('when two chairs act on the same item at once, the second sees the conflict message and keeps what was typed', async () => {
    const item = items[1]!;
    const path = `/evaluations/${item}/${YEAR}`;
    await staff.page.goto(path);
    await staff.page.getByLabel('定性のみ').check();
    await staff.page.getByRole('button', { name: '単年度計画を保存' }).click();
    await staff.page.getByText('単年度計画を保存しました。').waitFor();
    await staff.page.getByRole('radio', { name: /^A\s*計画通り/ }).check();
    await staff.page.getByLabel('実績・成果').fill('計画どおり検討を進めた。');
    await staff.page.getByRole('button', { name: '自己評価を保存' }).click();
    await staff.page.getByText('自己評価を保存しました。').waitFor();
    await staff.page.getByRole('button', { name: '提出', exact: true }).click();
    await expect.poll(() => stageOf(staff).textContent()).toBe('推進会議審査');

    const otherDesk = await person('head-general');
    await chair.page.goto(path);
    await otherDesk.page.goto(path);
    await chair.page.getByRole('button', { name: '承認', exact: true }).waitFor();
    await otherDesk.page.getByLabel('差し戻しの理由').fill('実績の根拠資料を添付してください。');

    await chair.page.getByRole('button', { name: '承認', exact: true }).click();
    await expect.poll(() => stageOf(chair).textContent()).toBe('管理職会議審査');
    await otherDesk.page.getByRole('button', { name: '差し戻し', exact: true }).click();
    await otherDesk.page.getByText('他の人が先に更新しました。再読み込みしてください（入力内容は残っています）').waitFor();
    expect(await otherDesk.page.getByLabel('差し戻しの理由').inputValue()).toBe('実績の根拠資料を添付してください。');
    await otherDesk.page.getByRole('button', { name: '最新の内容を再読み込み（入力内容は残ります）' }).click();
    await expect.poll(() => stageOf(otherDesk).textContent()).toBe('管理職会議審査');
  });

  it('shows a change made in one context live in another, without a reload', async () => {
    const item = items[2]!;
    await chair.page.goto('/board');
    const cell = chair.page.getByTestId(`board-stage-${item}`);
    await expect.poll(() => cell.textContent()).toBe('未着手');
    await staff.page.goto(`/evaluations/${item}/${YEAR}`);
    await staff.page.getByLabel('定性のみ').check();
    await staff.page.getByRole('button', { name: '単年度計画を保存' }).click();
    await staff.page.getByText('単年度計画を保存しました。').waitFor();
    await expect.poll(() => cell.textContent(), { timeout: 15_000 }).toBe('作成中');
  });
});
