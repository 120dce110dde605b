import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedPlanByApi, expectAccessible, findChromium, gql, screenshot, signIn, startHyoka, type GraphQLAnswer, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
const YEAR = 2025;
const ITEM = 'I-007'; // 法人経営部門: 総務推進会議, chaired by 総務部長

// Environment-gated: without a Chromium the walk cannot run; support.ts prints how to install one.
describe.skipIf(!executablePath)('the 推進会議 members speak (issue 13, point 5): 意見 and a reply to the 部長', () => {
  let hyoka: RunningHyoka;
  let staff: Person;
  let chair: Person;

  beforeAll(async () => {
    hyoka = await startHyoka();
    staff = await signIn(executablePath!, hyoka, 'staff-general');
    chair = await signIn(executablePath!, hyoka, 'head-general');
    // 定性 plan approved, self-evaluated and submitted through the API: the item waits at 推進会議審査
    let version: number | null = await approvedPlanByApi(staff, chair, ITEM, YEAR);
    for (const [operation, input] of [
      [
        'mutation($i: SaveSelfEvaluationInput!) { saveSelfEvaluation(input: $i) { version } }',
        { qualitativeGrade: 'B', actualStage: '実施', plannedStageReached: true, narrative: { achievements: '計画に沿って進めた。' } },
      ],
      ['mutation($i: EvaluationActionInput!) { submitEvaluation(input: $i) { version } }', {}],
    ] as const) {
      const answer: GraphQLAnswer<Record<string, { version: number }>> = await gql(staff.page, operation, {
        i: { itemId: ITEM, fiscalYear: YEAR, expectedVersion: version, commandId: crypto.randomUUID(), ...input },
      });
      expect(answer.errors, operation).toBeUndefined();
      version = Object.values(answer.data ?? {})[0]?.version ?? null;
    }
  });

  afterAll(async () => {
    await staff?.close();
    await chair?.close();
    await hyoka?.stop();
  });

  it('staff add an 意見 at 推進会議審査, answer the 部長’s comment, and the 部長 sees the thread', async () => {
    const path = `/evaluations/${ITEM}/${YEAR}`;
    await staff.page.goto(path);
    await staff.page.getByRole('heading', { name: '推進会議の意見（課題整理・意見出し）' }).waitFor();
    await staff.page.getByRole('textbox', { name: '意見', exact: true }).fill('広報紙だけでなく地区の会合でも周知してはどうか。');
    await staff.page.getByRole('button', { name: '意見を述べる' }).click();
    await expect.poll(() => staff.page.getByTestId('opinion').allTextContents()).toEqual([expect.stringContaining('地区の会合でも周知')]);

    // the 部長 chairing the meeting comments (and is told of the 意見 first)
    await chair.page.goto(path);
    await expect.poll(() => chair.page.getByTestId('opinion').allTextContents()).toEqual([expect.stringContaining('地区の会合でも周知')]);
    await chair.page.getByRole('textbox', { name: 'コメント', exact: true }).fill('周知の実績を数字で示してください。');
    await chair.page.getByRole('button', { name: 'コメントを追加' }).click();
    await chair.page.getByTestId('comment-1').waitFor();

    // staff answer under the comment
    await staff.page.reload();
    await staff.page.getByTestId('comment-1').waitFor();
    await staff.page.getByRole('textbox', { name: '返信', exact: true }).fill('配布部数と参加者数を根拠資料に追記しました。');
    await staff.page.getByRole('button', { name: '返信する' }).click();
    await expect.poll(() => staff.page.getByRole('list', { name: 'コメント1への返信' }).textContent()).toContain('配布部数と参加者数');

    // the 部長 sees the thread: the comment with the staff's reply beneath it, and both in the history
    await chair.page.reload();
    const thread = chair.page.getByTestId('comment-1');
    await expect.poll(() => thread.textContent()).toContain('周知の実績を数字で示してください。');
    await expect.poll(() => thread.getByRole('list', { name: 'コメント1への返信' }).textContent()).toContain('配布部数と参加者数を根拠資料に追記しました。');
    expect(await chair.page.getByRole('textbox', { name: '返信', exact: true }).count()).toBe(0);
    const history = chair.page.getByTestId('history');
    await expect.poll(() => history.textContent()).toContain('コメントへの返信');
    expect(await history.textContent()).toContain('意見');
    await screenshot(chair.page, 'opinions-thread');
    await expectAccessible(chair.page, 'evaluation page with opinions and a comment thread');
  });
});
