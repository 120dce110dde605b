import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedPlanByApi, expectAccessible, findChromium, gql, signIn, startHyoka, type GraphQLAnswer, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
const YEAR = 2025;
const ITEM = 'I-007'; // 法人経営部門: 総務推進会議, chaired by 総務部長
const PATH = `/evaluations/${ITEM}/${YEAR}`;

// Environment-gated: without a Chromium the walk cannot run; support.ts prints how to install one.
describe.skipIf(!executablePath)('a whole year through sessions (issue 13): 推進会議 → 管理職会議 → 評価検証委員会, the auditor, all staff', () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];
  const person = async (loginName: string) => {
    const p = await signIn(executablePath!, hyoka, loginName);
    people.push(p);
    return p;
  };
  let staff: Person;
  let chair: Person;

  beforeAll(async () => {
    hyoka = await startHyoka();
    staff = await person('staff-general');
    chair = await person('head-general');
    // what is not under test: the year's plan approved, the self-evaluation submitted (route.e2e.spec.ts walks those)
    let version: number | null = await approvedPlanByApi(staff, chair, ITEM, YEAR);
    for (const [operation, input] of [
      [
        'mutation($i: SaveSelfEvaluationInput!) { saveSelfEvaluation(input: $i) { version } }',
        { qualitativeGrade: 'A', actualStage: '実施', plannedStageReached: true, narrative: { achievements: '計画に沿って進めた。' } },
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
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  /** Schedules a session of `body` on the 会議 page and opens it; returns the session's path. */
  async function openSession(who: Person, body: 'promotionMeeting' | 'managersMeeting' | 'committee', date: string, place: string): Promise<string> {
    const { page } = who;
    await page.goto('/meetings');
    await page.getByLabel('会議体').selectOption(body);
    if (body === 'promotionMeeting') await page.getByLabel('部', { exact: true }).selectOption('general-affairs');
    await page.getByLabel('開催日').fill(date);
    await page.getByLabel('場所').fill(place);
    await page.getByRole('button', { name: '会議を登録' }).click();
    await expect.poll(() => page.getByTestId('meeting-status').textContent()).toBe('開催予定');
    const path = new URL(page.url()).pathname;
    expect(await page.getByRole('region', { name: '議題' }).textContent()).toContain(ITEM);
    await page.getByRole('button', { name: '開会' }).click();
    await expect.poll(() => page.getByTestId('meeting-status').textContent()).toBe('開催中');
    return path;
  }

  it('the year: 意見 and the 推進会議 decision, the 管理職会議 forwarding its 案, the committee with quorum and the hearing; the auditor and another 部 read the result', async () => {
    // the administrator records the committee members' offices (理事・評議員・監事)
    const admin = await person('admin');
    await admin.page.goto('/admin/users');
    await admin.page.locator('#office-committee-1').selectOption('auditor');
    await admin.page.getByText('評価検証委員 1 の委員の役職を「監事」にしました。').waitFor();
    await admin.page.locator('#office-committee-2').selectOption('director');
    await admin.page.getByText('評価検証委員 2 の委員の役職を「理事」にしました。').waitFor();

    // 推進会議: the 部長 opens the session; staff add their 意見; the chair records the session's decisions
    const promotion = await openSession(chair, 'promotionMeeting', '2026-04-28', '第1会議室');
    await staff.page.goto(PATH);
    await staff.page.getByRole('textbox', { name: '意見', exact: true }).fill('広報紙だけでなく地区の会合でも周知してはどうか。');
    await staff.page.getByRole('button', { name: '意見を述べる' }).click();
    await expect.poll(() => staff.page.getByTestId('opinion').allTextContents()).toEqual([expect.stringContaining('地区の会合でも周知')]);
    await chair.page.goto(promotion);
    await chair.page.getByRole('button', { name: 'この会議の決定として記録（議題の1件を承認）' }).click();
    await chair.page.getByText('1件をこの会議の決定として記録しました。').waitFor();
    await expect.poll(() => chair.page.getByTestId('meeting-decision').allTextContents()).toEqual([expect.stringMatching(/^I-007: 承認\(一括承認\) — 推進会議の会議/)]);

    // 管理職会議: the 事務局長 forwards the agenda with its 案 as the session's decision
    const secretary = await person('secretary-general');
    await openSession(secretary, 'managersMeeting', '2026-05-08', '大会議室');
    await secretary.page.getByRole('button', { name: 'この会議の決定として記録（議題の1件を自己評価の総合評価(案)で委員会へ送付）' }).click();
    await secretary.page.getByText('1件をこの会議の決定として記録しました。').waitFor();
    await expect.poll(() => secretary.page.getByTestId('meeting-decision').allTextContents()).toEqual([expect.stringMatching(/^I-007: 総合評価\(案\) A\(計画通り\) で評価検証委員会へ送付.*管理職会議の会議/)]);

    // 評価検証委員会: without quorum the final grade is refused in Japanese; the hearing; with quorum it is final
    const member = await person('committee-1');
    const { page } = member;
    const committee = await openSession(member, 'committee', '2026-05-20', '本会 会議室');
    await page.getByLabel('評価検証委員 1').check();
    await page.getByRole('button', { name: '出席を記録' }).click();
    await expect.poll(() => page.getByTestId('meeting-quorum').textContent()).toContain('出席1名／必要2名');
    await page.goto(PATH);
    await page.getByRole('combobox', { name: '総合評価', exact: true }).selectOption('A');
    await page.getByLabel('根拠', { exact: true }).fill('聞き取りの結果、計画どおり実施された。');
    await page.getByRole('button', { name: '総合評価を決定して確定' }).click();
    await page.getByText('定足数に達していません（出席1名／必要2名）').first().waitFor();
    await expect.poll(() => page.getByTestId('stage').textContent()).toBe('評価検証委員会審査');
    await page.getByLabel('聞き取りの相手(氏名、1行に1人)').fill('総務部 担当職員');
    await page.getByLabel('聞き取りの日').fill('2026-05-20');
    await page.getByLabel('要旨').fill('研修会の実施状況と参加者の反応を聞き取った。');
    await page.getByRole('button', { name: '聞き取りを記録' }).click();
    await expect.poll(() => page.getByTestId('hearing').first().textContent()).toContain('研修会の実施状況と参加者の反応を聞き取った。');
    await page.goto(committee);
    await page.getByLabel('評価検証委員 2').check();
    await page.getByRole('button', { name: '出席を記録' }).click();
    await expect.poll(() => page.getByTestId('meeting-quorum').textContent()).toBe('出席2名／必要2名');
    await page.goto(PATH);
    await page.getByRole('combobox', { name: '総合評価', exact: true }).selectOption('A');
    await page.getByLabel('根拠', { exact: true }).fill('聞き取りの結果、計画どおり実施された。');
    await page.getByRole('button', { name: '総合評価を決定して確定' }).click();
    await expect.poll(() => page.getByTestId('stage').textContent()).toBe('確定');
    await page.goto(committee);
    await page.getByRole('textbox', { name: '議事録', exact: true }).fill(`${ITEM} について聞き取りを行い、総合評価を A と決定した。`);
    await page.getByRole('button', { name: '議事録を記録' }).click();
    await page.getByText('議事録を記録しました。').waitFor();
    await page.getByRole('button', { name: '閉会' }).click();
    await expect.poll(() => page.getByTestId('meeting-status').textContent()).toBe('終了');

    // the auditor: which sessions decided each step, who attended (with offices), the hearing, the minutes
    const auditor = await person('auditor');
    await auditor.page.goto(PATH);
    await expect.poll(() => auditor.page.getByTestId('decision-session').allTextContents()).toEqual([
      expect.stringContaining('総務部の推進会議（2026-04-28・第1会議室）で決定'),
      expect.stringContaining('管理職会議（2026-05-08・大会議室）で決定'),
      expect.stringContaining('評価検証委員会（2026-05-20・本会 会議室）で決定'),
    ]);
    expect(await auditor.page.getByTestId('decision-attendees').last().textContent()).toBe('出席者 2名: 評価検証委員 1（監事）、評価検証委員 2（理事）');
    expect(await auditor.page.getByTestId('hearing').first().textContent()).toContain('研修会の実施状況と参加者の反応を聞き取った。');
    await expectAccessible(auditor.page, 'the auditor reads which sessions decided a finalised item');
    await auditor.page.getByRole('link', { name: '議事録', exact: true }).last().click();
    await auditor.page.getByTestId('meeting-minutes').waitFor();
    expect(await auditor.page.getByRole('heading', { level: 1 }).textContent()).toBe('評価検証委員会 議事録');
    expect(await auditor.page.getByTestId('document-present').textContent()).toBe('評価検証委員 1（監事）、評価検証委員 2（理事）');
    expect(await auditor.page.getByTestId('document-minutes').textContent()).toContain('総合評価を A と決定した。');
    expect(await auditor.page.getByTestId('document-hearings').textContent()).toContain('研修会の実施状況と参加者の反応を聞き取った。');
    expect(await auditor.page.getByTestId('document-decisions').textContent()).toContain('総合評価 A(計画通り) で確定');
    const position = await auditor.page.getByTestId('document-position').textContent();
    expect(await auditor.page.getByTestId('document-digest').textContent()).toMatch(new RegExp(`^hyoka-log:v1:${position}:`));
    expect(await auditor.page.getByTestId('document-docx').getAttribute('href')).toMatch(new RegExp(`/minutes\\.docx\\?position=${position}$`));
    await expectAccessible(auditor.page, 'the printable minutes of the committee session');

    // a staff member of another 部 reads the finalised result (全職員で共有)
    const other = await person('staff-community');
    await other.page.goto(PATH);
    await expect.poll(() => other.page.getByTestId('stage').textContent()).toBe('確定');
    expect(await other.page.getByTestId('final-grade').textContent()).toContain('A');
  });
});
