import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipientsOf, startSmtpSink, type SmtpSink } from './smtp-sink.js';
import { expectAccessible, findChromium, gotoListening, gql, screenshot, signIn, startHyoka, type GraphQLAnswer, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
const FY = 2025;
const HEAD_ADDRESS = 'head-general@hyoka.example';

/** Staff save and submit an item's 単年度計画 through the API: the 部長 then has work waiting (計画承認待ち). */
async function submittedPlanByApi(staff: Person, itemId: string): Promise<number> {
  let version: number | null = null;
  for (const [operation, input] of [
    ['mutation($i: SaveAnnualPlanInput!) { saveAnnualPlan(input: $i) { version } }', { method: 'qualitative', actions: '計画に沿って検討を進める' }],
    ['mutation($i: EvaluationActionInput!) { submitAnnualPlan(input: $i) { version } }', {}],
  ] as const) {
    const answer: GraphQLAnswer<Record<string, { version: number }>> = await gql(staff.page, operation, {
      i: { itemId, fiscalYear: FY, expectedVersion: version, commandId: crypto.randomUUID(), ...input },
    });
    if (answer.errors) throw new Error(`${itemId}: ${operation}: ${JSON.stringify(answer.errors)}`);
    version = Object.values(answer.data ?? {})[0]?.version ?? null;
  }
  return version!;
}

const about = (itemId: string) => (mail: { subject?: string }) => (mail.subject ?? '').includes(`】${itemId}「`);

// Environment-gated: without a Chromium there is no browser to test with; support.ts prints how to install one.
describe.skipIf(!executablePath)('お知らせ: the 部長 and an item\'s 担当者 are told live in the page and by e-mail at a real SMTP server', () => {
  let smtp: SmtpSink;
  let hyoka: RunningHyoka;
  const people: Person[] = [];
  let head: Person;
  let staff: Person;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    hyoka = await startHyoka({ env: { HYOKA_SMTP_URL: smtp.url, HYOKA_MAIL_FROM: 'Hyoka <hyoka@hyoka.example>' } });
    head = await signIn(executablePath!, hyoka, 'head-general');
    staff = await signIn(executablePath!, hyoka, 'staff-general');
    people.push(head, staff);
  });
  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
    await smtp?.close();
  });

  it("staff submit a 単年度計画: the 部長's bell count rises without a reload, the notification opens the item, and the Japanese mail with the item's link arrives", async () => {
    const bell = head.page.getByTestId('notification-bell');
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('お知らせ 未読 0 件');
    // listening before the work is submitted: wait until the page has sent the bell's subscription
    await gotoListening(head.page, null, 'notificationAdded');
    const pageUrl = head.page.url();

    await submittedPlanByApi(staff, 'I-001');

    await head.page.getByTestId('notification-count').getByText('1', { exact: true }).waitFor();
    expect(await bell.getAttribute('aria-label')).toBe('お知らせ 未読 1 件');
    expect(head.page.url()).toBe(pageUrl);
    await bell.click();
    const panel = head.page.getByRole('region', { name: 'お知らせ' });
    const title = panel.getByRole('button', { name: /^I-001「.+」\(令和7年度\)があなたの対応を待っています\(計画承認待ち\)$/ });
    await title.waitFor();
    await screenshot(head.page, 'notification-bell');
    await title.click();
    await head.page.waitForURL(/\/evaluations\/I-001\/2025$/);
    await head.page.getByTestId('stage').getByText('計画承認待ち').waitFor();
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('お知らせ 未読 0 件');

    const mail = await smtp.next(about('I-001'));
    expect(recipientsOf(mail)).toEqual([HEAD_ADDRESS]);
    expect(mail.subject).toMatch(/^【Hyoka】I-001「.+」\(令和7年度\)があなたの対応を待っています\(計画承認待ち\)$/);
    expect(mail.from?.text).toContain('hyoka@hyoka.example');
    expect(mail.text).toContain('総務部長 様');
    expect(mail.text).toContain('操作した人: 総務部 担当職員');
    const link = `${hyoka.url}/evaluations/I-001/2025`;
    expect(mail.text).toContain(link);
    // the mailed link opens the item for its recipient
    await head.page.goto(link);
    await head.page.getByTestId('stage').getByText('計画承認待ち').waitFor();
  });

  it("the administrator changes the 部長's address on 利用者管理 (a malformed one refused next to the field); the next mail goes to the new address", async () => {
    const admin = await signIn(executablePath!, hyoka, 'admin');
    people.push(admin);
    await admin.page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '利用者管理' }).click();
    await admin.page.getByRole('heading', { name: '利用者管理' }).waitFor();
    const row = admin.page.getByTestId('user-head-general');
    await row.getByTestId('email').getByText(HEAD_ADDRESS).waitFor();
    expect(await row.textContent()).toContain('部長(総務部)');
    await expectAccessible(admin.page, '利用者管理');

    await row.getByRole('button', { name: '総務部長 のメールアドレスを変更' }).click();
    const field = row.getByLabel('総務部長 のメールアドレス');
    await field.fill('bucho@');
    await row.getByRole('button', { name: '保存' }).click();
    await row.getByRole('alert').getByText('「メールアドレス」の形式が正しくありません(例: tanaka@example.jp)').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(admin.page, '利用者管理 (入力の誤り)');

    await field.fill('Bucho@Kumamoto.Example');
    await row.getByRole('button', { name: '保存' }).click();
    await admin.page.getByRole('status').getByText('総務部長 のメールアドレスを変更しました。').waitFor();
    await row.getByTestId('email').getByText('Bucho@kumamoto.example').waitFor();
    await admin.page.reload();
    await admin.page.getByTestId('user-head-general').getByTestId('email').getByText('Bucho@kumamoto.example').waitFor();

    await submittedPlanByApi(staff, 'I-002');
    const mail = await smtp.next(about('I-002'));
    expect(recipientsOf(mail)).toEqual(['Bucho@kumamoto.example']);
    expect(mail.text).toContain('総務部長 様');
    expect(mail.text).toContain(`${hyoka.url}/evaluations/I-002/2025`);
    expect(smtp.mails.filter(about('I-002')).flatMap(recipientsOf)).not.toContain(HEAD_ADDRESS);
  });

  it("an item's 担当者 is told live and by e-mail when the 部長 returns its plan", async () => {
    const assigned: GraphQLAnswer<{ assignItems: { ok: boolean }[] }> = await gql(
      head.page,
      'mutation($items: [ID!]!, $who: [ID!]!, $id: String!) { assignItems(itemIds: $items, assignees: $who, commandId: $id) { ok } }',
      { items: ['I-003'], who: ['demo-staff-general'], id: crypto.randomUUID() },
    );
    expect(assigned.data?.assignItems).toEqual([{ ok: true }]);
    const version = await submittedPlanByApi(staff, 'I-003');
    await gotoListening(staff.page, '/', 'notificationAdded');
    const bell = staff.page.getByTestId('notification-bell');
    const before = Number((await bell.getAttribute('aria-label'))!.match(/未読 (\d+) 件/)![1]);

    const returned: GraphQLAnswer<unknown> = await gql(
      head.page,
      'mutation($i: ReturnAnnualPlanInput!) { returnAnnualPlan(input: $i) { version } }',
      { i: { itemId: 'I-003', fiscalYear: FY, expectedVersion: version, commandId: crypto.randomUUID(), reason: '取組内容に回数を書いてください' } },
    );
    expect(returned.errors).toBeUndefined();

    await expect.poll(() => bell.getAttribute('aria-label')).toBe(`お知らせ 未読 ${before + 1} 件`);
    await bell.click();
    await staff.page
      .getByRole('region', { name: 'お知らせ' })
      .getByRole('button', { name: /^I-003「.+」\(令和7年度\)が差し戻されました\(計画作成中\)$/ })
      .waitFor();
    const mail = await smtp.next((m) => about('I-003')(m) && (m.subject ?? '').includes('差し戻されました'));
    expect(recipientsOf(mail)).toEqual(['staff-general@hyoka.example']);
    expect(mail.text).toContain('理由: 取組内容に回数を書いてください');
  });
});
