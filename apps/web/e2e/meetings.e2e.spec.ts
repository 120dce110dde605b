import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedPlanByApi, expectAccessible, findChromium, gql, signIn, startHyoka, type GraphQLAnswer, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
const YEAR = 2025;
const ITEM = 'I-007';

// Environment-gated: without a Chromium the walk cannot run; support.ts prints how to install one.
describe.skipIf(!executablePath)('the committee decides in session: quorum, the hearing, the final grade', () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];
  let staff: Person;
  let chair: Person;
  const person = async (loginName: string) => {
    const p = await signIn(executablePath!, hyoka, loginName);
    people.push(p);
    return p;
  };

  beforeAll(async () => {
    hyoka = await startHyoka();
    staff = await person('staff-general');
    chair = await person('head-general');
    const secretary = await person('secretary-general');
    // the item reaches 評価検証委員会審査 through the API (the browser walk of those steps is route.e2e.spec.ts)
    let version: number | null = await approvedPlanByApi(staff, chair, ITEM, YEAR);
    for (const [who, operation, input] of [
      [
        staff,
        'mutation($i: SaveSelfEvaluationInput!) { saveSelfEvaluation(input: $i) { version } }',
        { qualitativeGrade: 'A', actualStage: '実施', plannedStageReached: true, narrative: { achievements: '計画に沿って進めた。' } },
      ],
      [staff, 'mutation($i: EvaluationActionInput!) { submitEvaluation(input: $i) { version } }', {}],
      [chair, 'mutation($i: EvaluationActionInput!) { approveEvaluation(input: $i) { version } }', {}],
      [secretary, 'mutation($i: ForwardToCommitteeInput!) { forwardToCommittee(input: $i) { version } }', { proposedGrade: 'A' }],
    ] as const) {
      const answer: GraphQLAnswer<Record<string, { version: number }>> = await gql(who.page, operation, {
        i: { itemId: ITEM, fiscalYear: YEAR, expectedVersion: version, commandId: crypto.randomUUID(), ...input },
      });
      expect(answer.errors, operation).toBeUndefined();
      version = Object.values(answer.data ?? {})[0]?.version ?? null;
    }
  });

  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  it('a session without quorum refuses the final grade in Japanese; with quorum, after the hearing, the grade is final and the session shows it', async () => {
    const member = await person('committee-1');
    const { page } = member;

    // schedule the committee's session: its agenda is what waits at 評価検証委員会審査
    await page.goto('/meetings');
    await page.getByRole('link', { name: '会議', exact: true }).waitFor();
    await page.getByLabel('会議体').selectOption('committee');
    await page.getByLabel('開催日').fill('2026-05-20');
    await page.getByLabel('場所').fill('本会 会議室');
    await page.getByRole('button', { name: '会議を登録' }).click();
    await expect.poll(() => page.getByTestId('meeting-status').textContent()).toBe('開催予定');
    const sessionPath = new URL(page.url()).pathname;
    expect(await page.getByRole('region', { name: '議題' }).textContent()).toContain(ITEM);
    await page.getByRole('button', { name: '開会' }).click();
    await expect.poll(() => page.getByTestId('meeting-status').textContent()).toBe('開催中');

    // only one of the two members present
    await page.getByLabel('評価検証委員 1').check();
    await page.getByRole('button', { name: '出席を記録' }).click();
    await expect.poll(() => page.getByTestId('meeting-quorum').textContent()).toContain('出席1名／必要2名');
    await expectAccessible(page, 'a committee session without quorum');

    // the finalise form offers the open session; without quorum the decision is refused with a clear message
    await page.goto(`/evaluations/${ITEM}/${YEAR}`);
    await page.getByRole('combobox', { name: '総合評価', exact: true }).selectOption('A');
    await page.getByLabel('根拠', { exact: true }).fill('聞き取りの結果、計画どおり実施された。');
    await page.getByRole('button', { name: '総合評価を決定して確定' }).click();
    await page.getByText('定足数に達していません（出席1名／必要2名）').first().waitFor();
    await expect.poll(() => page.getByTestId('stage').textContent()).toBe('評価検証委員会審査');

    // the hearing (聞き取り) of the 部, in the session
    await page.getByLabel('聞き取りの相手(氏名、1行に1人)').fill('総務部 担当職員');
    await page.getByLabel('聞き取りの日').fill('2026-05-20');
    await page.getByLabel('要旨').fill('研修会の実施状況と参加者の反応を聞き取った。');
    await page.getByRole('button', { name: '聞き取りを記録' }).click();
    await expect.poll(() => page.getByTestId('hearing').first().textContent()).toContain('研修会の実施状況と参加者の反応を聞き取った。');

    // both members present: quorum
    await page.goto(sessionPath);
    await page.getByLabel('評価検証委員 2').check();
    await page.getByRole('button', { name: '出席を記録' }).click();
    await expect.poll(() => page.getByTestId('meeting-quorum').textContent()).toBe('出席2名／必要2名');

    await page.goto(`/evaluations/${ITEM}/${YEAR}`);
    await page.getByRole('combobox', { name: '総合評価', exact: true }).selectOption('A');
    await page.getByLabel('根拠', { exact: true }).fill('聞き取りの結果、計画どおり実施された。');
    await page.getByRole('button', { name: '総合評価を決定して確定' }).click();
    await expect.poll(() => page.getByTestId('stage').textContent()).toBe('確定');
    expect(await page.getByTestId('final-grade').textContent()).toContain('A');

    // the session lists the decisions taken in it; the minutes are recorded and the session closed
    await page.goto(sessionPath);
    await expect.poll(() => page.getByTestId('meeting-decision').allTextContents()).toEqual([
      expect.stringContaining('聞き取り'),
      expect.stringMatching(/総合評価 A\(計画通り\) で確定.*出席2名/),
    ]);
    await page.getByRole('textbox', { name: '議事録', exact: true }).fill(`${ITEM} を総合評価 A で確定した。`);
    await page.getByRole('button', { name: '議事録を記録' }).click();
    await page.getByText('議事録を記録しました。').waitFor();
    await page.getByRole('button', { name: '閉会' }).click();
    await expect.poll(() => page.getByTestId('meeting-status').textContent()).toBe('終了');
    await expectAccessible(page, 'a closed committee session with its decisions');
  });

  it('a 推進会議 session: its 部長 records the agenda as the decisions of this session in one step', async () => {
    for (const itemId of ['I-008', 'I-009']) {
      let version: number | null = await approvedPlanByApi(staff, chair, itemId, YEAR);
      for (const [operation, input] of [
        [
          'mutation($i: SaveSelfEvaluationInput!) { saveSelfEvaluation(input: $i) { version } }',
          { qualitativeGrade: 'B', actualStage: '実施', plannedStageReached: true, narrative: { achievements: '計画に沿って進めた。' } },
        ],
        ['mutation($i: EvaluationActionInput!) { submitEvaluation(input: $i) { version } }', {}],
      ] as const) {
        const answer: GraphQLAnswer<Record<string, { version: number }>> = await gql(staff.page, operation, {
          i: { itemId, fiscalYear: YEAR, expectedVersion: version, commandId: crypto.randomUUID(), ...input },
        });
        expect(answer.errors, operation).toBeUndefined();
        version = Object.values(answer.data ?? {})[0]?.version ?? null;
      }
    }
    const { page } = chair;
    await page.goto('/meetings');
    await page.getByLabel('会議体').selectOption('promotionMeeting');
    await page.getByLabel('部', { exact: true }).selectOption('general-affairs');
    await page.getByLabel('開催日').fill('2026-04-28');
    await page.getByLabel('場所').fill('第1会議室');
    await page.getByRole('button', { name: '会議を登録' }).click();
    await expect.poll(() => page.getByTestId('meeting-status').textContent()).toBe('開催予定');
    await page.getByRole('button', { name: '開会' }).click();
    await expect.poll(() => page.getByTestId('meeting-status').textContent()).toBe('開催中');
    await page.getByRole('button', { name: 'この会議の決定として記録（議題の2件を承認）' }).click();
    await page.getByText('2件をこの会議の決定として記録しました。').waitFor();
    await expect.poll(() => page.getByTestId('meeting-decision').allTextContents()).toEqual([
      expect.stringMatching(/^I-008: 承認\(一括承認\) — 推進会議の会議/),
      expect.stringMatching(/^I-009: 承認\(一括承認\) — 推進会議の会議/),
    ]);
  });
});
