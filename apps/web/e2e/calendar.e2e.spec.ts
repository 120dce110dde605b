import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, findChromium, screenshot, signIn, startHyoka, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
// The days depend on today's date (the API counts against its own clock): the shape is what is asserted.
const OVERDUE = /期限を\d+日超過/;

// Environment-gated: without a Chromium there is no browser to test with; support.ts prints how to install one.
describe.skipIf(!executablePath)('年度の期限: an administrator sets a due date, and staff see their work overdue', () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];

  beforeAll(async () => {
    hyoka = await startHyoka();
  });
  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  it('the administrator sets 単年度計画の提出 in the past (a wrong order is refused in Japanese); staff see 期限超過 in the inbox and on the evaluation page', async () => {
    const admin = await signIn(executablePath!, hyoka, 'admin');
    people.push(admin);
    await admin.page.getByRole('link', { name: '年度の期限' }).click();
    await admin.page.getByRole('heading', { name: /年度の期限/ }).waitFor();
    await admin.page.getByLabel('単年度計画の提出', { exact: true }).waitFor();
    await expectAccessible(admin.page, '年度の期限');

    // approval before submission: refused with the domain's own words, nothing recorded
    await admin.page.getByLabel('単年度計画の提出', { exact: true }).fill('2025-05-31');
    await admin.page.getByLabel('単年度計画の承認', { exact: true }).fill('2025-05-20');
    await admin.page.getByRole('button', { name: '期限を保存' }).click();
    await admin.page.getByText('「単年度計画の承認」の期限(2025-05-20)は「単年度計画の提出」の期限(2025-05-31)より前にはできません').waitFor();

    await admin.page.getByRole('button', { name: '単年度計画の承認 解除' }).click();
    await admin.page.getByRole('button', { name: '期限を保存' }).click();
    await admin.page.getByText('期限を保存しました。').waitFor();
    await admin.page.getByText(/最終更新: 管理者/).waitFor();
    await screenshot(admin.page, 'calendar');

    // after a reload the page shows what the store holds
    await admin.page.reload();
    await expect.poll(() => admin.page.getByLabel('単年度計画の提出', { exact: true }).inputValue()).toBe('2025-05-31');
    expect(await admin.page.getByLabel('単年度計画の承認', { exact: true }).inputValue()).toBe('');

    const staff = await signIn(executablePath!, hyoka, 'staff-general');
    people.push(staff);
    // the page is for administrators: no menu entry for staff
    expect(await staff.page.getByRole('link', { name: '年度の期限' }).count()).toBe(0);

    const row = staff.page.getByRole('listitem').filter({ has: staff.page.getByRole('link', { name: /^I-001 / }) });
    await row.getByText(OVERDUE).waitFor();
    await row.getByText('期限 2025/05/31').waitFor();
    await screenshot(staff.page, 'inbox-overdue');

    await row.getByRole('link', { name: /^I-001 / }).click();
    await staff.page.getByTestId('stage').waitFor();
    const due = staff.page.getByTestId('due');
    await due.getByText(OVERDUE).waitFor();
    expect(await due.textContent()).toContain('期限 2025/05/31');
    await expectAccessible(staff.page, '評価 (期限超過)');
  });
});
