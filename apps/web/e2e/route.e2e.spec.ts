import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedPlanByApi, committeeSessionByApi, expectAccessible, gotoListening, findChromium, gql, screenshot, signIn, startHyoka, visitor, type GraphQLAnswer, type Person, type RunningHyoka } from './support.js';

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
  /** The 単年度計画 in the browser: staff draft and submit it, the 部長 approves it; staff see 自己評価作成中. */
  async function planApprovedInBrowser(path: string, fill: (p: Person) => Promise<void>) {
    await staff.page.goto(path);
    await fill(staff);
    await staff.page.getByLabel('取組内容').fill('年度内に計画どおり実施する。');
    await staff.page.getByRole('button', { name: '単年度計画を保存' }).click();
    await staff.page.getByText('単年度計画を保存しました。').waitFor();
    await staff.page.getByRole('button', { name: '単年度計画を提出' }).click();
    await expect.poll(() => stageOf(staff).textContent()).toBe('計画承認待ち');
    await chair.page.goto(path);
    await chair.page.getByRole('button', { name: '単年度計画を承認' }).click();
    await expect.poll(() => stageOf(chair).textContent()).toBe('自己評価作成中');
    await staff.page.goto(path);
  }

  /** 担当職員 has a 定性 plan approved, self-evaluates at `grade` and submits, through the API (the UI path is walked above). */
  async function submitByApi(itemId: string, grade: 'A' | 'B' | 'C' | 'D') {
    let version: number | null = await approvedPlanByApi(staff, chair, itemId, YEAR);
    for (const [operation, input] of [
      [
        'mutation($i: SaveSelfEvaluationInput!) { saveSelfEvaluation(input: $i) { version } }',
        { qualitativeGrade: grade, actualStage: '実施', plannedStageReached: true, narrative: { achievements: '計画に沿って進めた。' } },
      ],
      ['mutation($i: EvaluationActionInput!) { submitEvaluation(input: $i) { version } }', {}],
    ] as const) {
      const answer: GraphQLAnswer<Record<string, { version: number }>> = await gql(staff.page, operation, {
        i: { itemId, fiscalYear: YEAR, expectedVersion: version, commandId: crypto.randomUUID(), ...input },
      });
      expect(answer.errors, `${itemId}: ${operation}`).toBeUndefined();
      version = Object.values(answer.data ?? {})[0]?.version ?? null;
    }
  }

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
    expect(items.length).toBeGreaterThanOrEqual(7);
  });

  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  it('serves the app at / to any client, and the sign-in page passes the accessibility check', async () => {
    const plain = await fetch(`${hyoka.url}/`, { headers: { accept: '*/*' } });
    expect(plain.status).toBe(200);
    expect(await plain.text()).toContain('<div id="app"></div>');
    const anonymous = await visitor(executablePath!, hyoka);
    people.push(anonymous);
    await anonymous.page.goto('/');
    await anonymous.page.getByRole('button', { name: 'ログイン', exact: true }).waitFor();
    expect(new URL(anonymous.page.url()).pathname).toBe('/login');
    await anonymous.page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await anonymous.page.getByText('ログイン名とパスワードを入力してください。').waitFor();
    await expectAccessible(anonymous.page, 'sign-in');
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
    await planApprovedInBrowser(path, async ({ page }) => {
      await page.getByLabel('目標値').fill('4');
      await page.getByLabel('単位').fill('回');
    });
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
    await expect.poll(() => stageOf(chair).textContent()).toBe('自己評価作成中');

    // 担当職員: sees the reason, adds the issue, resubmits
    await staff.page.goto(path);
    await expect.poll(() => staff.page.getByTestId('open-return').textContent()).toContain('目標の根拠を追記してください。');
    expect(await staff.page.getByTestId('returned-here').textContent()).toContain('総務部長（部長（総務部））が推進会議審査から差し戻し');
    const returns = await staff.page.getByTestId('route-returns').textContent();
    expect(returns).toContain('推進会議審査 → 自己評価作成中');
    expect(returns).toContain('理由: 目標の根拠を追記してください。');
    await expectAccessible(staff.page, 'evaluation returned to draft');
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

    // 評価検証委員: decide and finalise, in the committee's open session (quorum present) that the form offers
    const committee = await person('committee-1');
    await committeeSessionByApi(committee, [item], YEAR);
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
    // the history lists the newest first: the change just before the return is the row below it
    await rows.nth(returnedAt + 1).getByRole('button', { name: 'この時点を表示' }).click();
    await expect.poll(() => stageOf(auditor).textContent()).toBe('推進会議審査');
    await auditor.page.getByText('過去の状態の表示です（操作できません）').waitFor();
    expect(await auditor.page.getByRole('button', { name: '承認', exact: true }).count()).toBe(0);
    await expectAccessible(auditor.page, 'evaluation as of before the return (auditor)');

    // editions (第1版, 第2版) before and after the return, compared
    await auditor.page.goto(path);
    await auditor.page.getByLabel('比較元の版').selectOption('1');
    await auditor.page.getByLabel('比較先の版').selectOption('2');
    await auditor.page.getByRole('button', { name: '比較', exact: true }).click();
    await expect.poll(() => auditor.page.getByTestId('differences').textContent()).toContain('会場の確保が難しかった。');

    for (const [page, what] of [
      ['/', 'inbox (auditor)'],
      ['/plan', 'plan'],
      ['/bulk-approval', 'bulk approval (auditor)'],
    ] as const) {
      await auditor.page.goto(page);
      await auditor.page.locator('h1').waitFor();
      await auditor.page.getByText('読み込み中…').first().waitFor({ state: 'detached' });
      await expectAccessible(auditor.page, what);
    }
  });

  it('一括承認 at the 推進会議 and 一括送付 with proposed grades at the 管理職会議, each item recorded on its own', async () => {
    const [a, b] = [items[3]!, items[4]!];
    for (const [itemId, grade] of [[a, 'A'], [b, 'C']] as const) await submitByApi(itemId, grade);

    await chair.page.goto('/bulk-approval');
    const approveSection = chair.page.getByRole('region', { name: '推進会議審査 — まとめて承認' });
    await approveSection.getByRole('checkbox', { name: new RegExp(`^${a} `) }).check();
    await approveSection.getByRole('checkbox', { name: new RegExp(`^${b} `) }).check();
    await expectAccessible(chair.page, 'bulk approval (推進会議 chair)');
    await approveSection.getByRole('button', { name: '選択した2件を承認' }).click();
    await approveSection.getByText('2件を承認しました。0件は承認できませんでした。').waitFor();

    const secretary = await person('secretary-general');
    await secretary.page.goto('/bulk-approval');
    const forwardSection = secretary.page.getByRole('region', { name: '管理職会議審査 — 総合評価(案)を付けてまとめて送付' });
    const gradeOf = (itemId: string) => forwardSection.getByRole('combobox', { name: new RegExp(`^${itemId} .*の総合評価\\(案\\)$`) });
    await expect.poll(() => gradeOf(b).inputValue()).toBe('C');
    expect(await gradeOf(a).inputValue()).toBe('A');
    await gradeOf(b).selectOption('B');
    await forwardSection.getByText('自己評価と異なるため理由が必要です').waitFor();
    await forwardSection.getByRole('textbox', { name: new RegExp(`^${b} .*の変更の理由$`) }).fill('聞き取りで改善を確認した。');
    await forwardSection.getByRole('checkbox', { name: 'すべて選択' }).check();
    await expectAccessible(secretary.page, 'bulk forward (事務局長)');
    await forwardSection.getByRole('button', { name: /件を評価検証委員会へ送付$/ }).click();
    await forwardSection.getByText(/^\d+件を送付しました。0件は送付できませんでした。$/).waitFor();

    const proposals = await gql<{ board: { entries: { itemId: string; stage: string; proposedGrade: string | null }[] } }>(
      secretary.page,
      'query($y: Int!) { board(fiscalYear: $y) { entries { itemId stage proposedGrade } } }',
      { y: YEAR },
    );
    const entry = (itemId: string) => proposals.data?.board.entries.find((e) => e.itemId === itemId);
    expect(entry(a)).toMatchObject({ stage: 'CommitteeReview', proposedGrade: 'A' });
    expect(entry(b)).toMatchObject({ stage: 'CommitteeReview', proposedGrade: 'B' });
    const log = await gql<{ auditLog: { entries: { stream: string; correlationId: string }[] } }>(
      secretary.page,
      'query($f: AuditLogFilterInput) { auditLog(filter: $f) { entries { stream correlationId } } }',
      { f: { types: ['EvaluationForwardedToCommittee'] } },
    );
    const forwarded = (log.data?.auditLog.entries ?? []).filter((e) => [a, b].some((i) => e.stream === `evaluation-${i}-${YEAR}`));
    expect(forwarded).toHaveLength(2);
    expect(new Set(forwarded.map((e) => e.correlationId)).size).toBe(1);
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
    await planApprovedInBrowser(path, async ({ page }) => page.getByLabel('定性のみ').check());
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

  it('updates the inbox and the evaluation page live when somebody else acts', async () => {
    const item = items[5]!;
    await gotoListening(chair.page, '/', 'BoardChanged');
    await chair.page.getByText('読み込み中…').first().waitFor({ state: 'detached' });
    const waiting = chair.page.getByRole('link', { name: new RegExp(`^${item} `) });
    expect(await waiting.count()).toBe(0);
    await submitByApi(item, 'B');
    await waiting.waitFor();
    await expectAccessible(chair.page, 'inbox with work waiting (chair)');

    await gotoListening(staff.page, `/evaluations/${item}/${YEAR}`, 'BoardChanged');
    await expect.poll(() => stageOf(staff).textContent()).toBe('推進会議審査');
    const seen = await gql<{ evaluation: { version: number } }>(staff.page, 'query($i: ID!, $y: Int!) { evaluation(itemId: $i, fiscalYear: $y) { version } }', { i: item, y: YEAR });
    const approved = await gql(chair.page, 'mutation($i: EvaluationActionInput!) { approveEvaluation(input: $i) { stage } }', {
      i: { itemId: item, fiscalYear: YEAR, expectedVersion: seen.data!.evaluation.version, commandId: crypto.randomUUID() },
    });
    expect(approved.errors).toBeUndefined();
    await expect.poll(() => stageOf(staff).textContent(), { timeout: 15_000 }).toBe('管理職会議審査');
    await waiting.waitFor({ state: 'detached' });
  });

  it('shows a change made in one context live in another, without a reload', async () => {
    const item = items[2]!;
    await gotoListening(chair.page, '/board', 'BoardChanged');
    const cell = chair.page.getByTestId(`board-stage-${item}-${YEAR}`);
    await expect.poll(() => cell.textContent()).toBe('未着手');
    await staff.page.goto(`/evaluations/${item}/${YEAR}`);
    await staff.page.getByLabel('定性のみ').check();
    await staff.page.getByRole('button', { name: '単年度計画を保存' }).click();
    await staff.page.getByText('単年度計画を保存しました。').waitFor();
    await expect.poll(() => cell.textContent(), { timeout: 15_000 }).toBe('計画作成中');
  });
  it('the board shows every item × year with colours and per-部門 charts, and as it stood at a moment', async () => {
    const auditor = await person('auditor');
    await auditor.page.goto('/board');
    const matrix = auditor.page.getByRole('table', { name: '実施項目 × 年度' });
    await matrix.waitFor();
    expect(await matrix.locator('thead th').allTextContents()).toEqual([
      '実施項目',
      '令和7年度 (2025年度)',
      '令和8年度 (2026年度)',
      '令和9年度 (2027年度)',
    ]);
    // items[0] was finalised with B above; the 2026 column of the same item is untouched
    await expect.poll(() => auditor.page.getByTestId(`board-cell-${items[0]}-2025`).getAttribute('class')).toContain('cell-B');
    expect(await auditor.page.getByTestId(`board-stage-${items[0]}-2025`).textContent()).toBe('確定');
    expect(await auditor.page.getByTestId(`board-stage-${items[0]}-2026`).textContent()).toBe('未着手');
    // each 部門's chart is drawn once scrolled to (below the matrix), one box per 部門 meanwhile
    const boxes = await auditor.page.locator('.charts > div').all();
    expect(boxes).toHaveLength(4);
    for (const box of boxes) await box.scrollIntoViewIfNeeded();
    await expect.poll(() => auditor.page.locator('figure.chart').count()).toBe(4);
    await auditor.page.locator('figure.chart svg').first().waitFor();
    // the same page is checked by axe below, as of a moment (a second run over ~450 cells would only cost time)
    await screenshot(auditor.page, 'board');

    // the whole board at the moment of the return: items[0] stood in 自己評価作成中 then
    const log = await gql<{ auditLog: { entries: { recordedAt: string }[] } }>(
      auditor.page,
      'query($f: AuditLogFilterInput) { auditLog(filter: $f) { entries { recordedAt } } }',
      { f: { stream: `evaluation-${items[0]}-${YEAR}`, types: ['EvaluationReturned'] } },
    );
    const returnedAt = log.data!.auditLog.entries[0]!.recordedAt;
    await auditor.page.goto(`/board?asOf=${encodeURIComponent(returnedAt)}`);
    await expect.poll(() => auditor.page.getByTestId(`board-stage-${items[0]}-2025`).textContent()).toBe('自己評価作成中');
    expect(await auditor.page.getByTestId('board-as-of').textContent()).toContain('時点の状態');
    // a datetime-local input leaves out seconds that are :00 (one return in sixty lands on such a second)
    expect(await auditor.page.getByLabel('表示する時点').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/);
    await expectAccessible(auditor.page, 'board as of the return');
    await auditor.page.getByRole('button', { name: '現在の状態に戻る' }).click();
    await expect.poll(() => auditor.page.getByTestId(`board-stage-${items[0]}-2025`).textContent()).toBe('確定');
  });

  it('the audit log filters by person, role and event type from pick-lists', async () => {
    const auditor = await person('auditor');
    await auditor.page.goto('/audit');
    const person_ = auditor.page.getByRole('combobox', { name: '操作した人' });
    await expect.poll(() => person_.locator('option').count()).toBeGreaterThan(12);
    await person_.selectOption({ label: '総務部長（部長（総務部）、管理職）' });
    await auditor.page.getByRole('combobox', { name: '立場' }).selectOption({ label: '部長（総務部）' });
    await auditor.page.getByRole('combobox', { name: '種類' }).selectOption({ label: '差し戻し' });
    await auditor.page.getByRole('button', { name: '絞り込む' }).click();
    const rows = auditor.page.getByTestId('audit-log').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const cells = await rows.first().locator('td').allTextContents();
    expect(cells.slice(1, 4)).toEqual(['総務部長', '部長（総務部）', '差し戻し']);
    // the item and the year by name, not the stream id
    expect(cells[4]).toMatch(new RegExp(`^${items[0]} .+（令和7年度 \\(2025年度\\)）の評価 第5イベント$`));
    await expectAccessible(auditor.page, 'audit log filtered');

    await auditor.page.getByRole('combobox', { name: '種類' }).selectOption({ label: '承認' });
    await auditor.page.getByRole('button', { name: '絞り込む' }).click();
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(4);
    expect(new Set(await rows.locator('td:nth-child(4)').allTextContents())).toEqual(new Set(['承認']));
  });

  it('speaks English when chosen, remembers it, and keeps the pages accessible', async () => {
    const manager = await person('manager');
    await manager.page.locator('header').getByRole('combobox', { name: '表示言語' }).selectOption('en');
    await manager.page.getByRole('link', { name: 'My work' }).waitFor();
    expect(await manager.page.locator('html').getAttribute('lang')).toBe('en');
    await manager.page.goto(`/evaluations/${items[0]}/${YEAR}`);
    await expect.poll(() => stageOf(manager).textContent()).toBe('Finalized');
    const history = await manager.page.getByTestId('history').locator('tbody tr strong').allTextContents();
    expect(history).toEqual(expect.arrayContaining(['Returned', 'Finalized', 'Forwarded to committee']));
    expect(await manager.page.locator('header').textContent()).toContain('Manager');
    await expectAccessible(manager.page, 'evaluation in English');
    await manager.page.goto('/board');
    await manager.page.getByRole('table', { name: 'Items × years' }).waitFor();
    expect(await manager.page.getByTestId(`board-stage-${items[0]}-2026`).textContent()).toBe('Not started');
  });
});
