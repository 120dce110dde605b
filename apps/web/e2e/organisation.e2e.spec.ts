import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, findChromium, signIn, startHyoka, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();

// Environment-gated: without a Chromium there is no browser to test with; support.ts prints how to install one.
describe.skipIf(!executablePath)('組織 in the browser: a 部 added on the page, and a role granted in it', () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];

  beforeAll(async () => {
    hyoka = await startHyoka();
  });
  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  it('the administrator adds 施設部 with its reason and approver, then grants a person 担当職員 of it on the users page', async () => {
    const admin = await signIn(executablePath!, hyoka, 'admin');
    people.push(admin);
    const { page } = admin;

    await page.getByRole('link', { name: '組織' }).click();
    await page.getByRole('heading', { level: 1, name: '組織' }).waitFor();
    await page.getByTestId('departments').getByText('総務部').waitFor();
    await expectAccessible(page, '組織');

    const add = page.getByRole('form', { name: '部を追加' });
    await add.getByLabel('ID (英数字)').fill('facility');
    await add.getByLabel('部の名称').fill('施設部');
    // the reason and approver are asked for before anything is sent; nothing typed is lost
    await add.getByRole('button', { name: '部を追加' }).click();
    await page.getByText('見直しの理由を入力してください / 承認者を入力してください').waitFor();
    expect(await add.getByLabel('部の名称').inputValue()).toBe('施設部');
    await page.getByLabel('理由').fill('施設部の新設(組織規程の改正)');
    await page.getByLabel('承認者').fill('理事会 2026-03-20');
    await add.getByRole('button', { name: '部を追加' }).click();
    await page.getByText('部を追加しました。').waitFor();
    await page.getByTestId('departments').getByText('施設部').waitFor();

    // a 部 the plan has at once: offered on the users page, and granted
    await page.getByRole('link', { name: '利用者管理' }).click();
    const row = page.getByTestId('user-staff-livelihood');
    await row.waitFor();
    await row.getByLabel('役割', { exact: true }).selectOption('Staff');
    await row.getByLabel('部', { exact: true }).selectOption({ label: '施設部' });
    await row.getByRole('button', { name: '付与' }).click();
    await page.getByRole('status').getByText(/に役割を付与しました。/).waitFor();
    await row.getByText('担当職員(施設部)').waitFor();
  });
});
