import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, findChromium, gql, signIn, startHyoka, visitor, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
const NEW_PASSWORD = '新しい合言葉 e2e-2026';

// Environment-gated: without a Chromium there is no browser to test with; support.ts prints how to install one.
describe.skipIf(!executablePath)('パスワード変更: a signed-in person changes their own password in the browser', () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];

  beforeAll(async () => {
    hyoka = await startHyoka();
  });
  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  it('reaches the page from the header, refuses a wrong current password in Japanese, changes it and ends the other sign-ins', async () => {
    const desk = await signIn(executablePath!, hyoka, 'staff-community');
    const laptop = await signIn(executablePath!, hyoka, 'staff-community');
    people.push(desk, laptop);
    const { page } = desk;

    await page.getByRole('link', { name: 'パスワード変更' }).click();
    await page.getByRole('heading', { name: 'パスワード変更' }).waitFor();
    await expectAccessible(page, 'パスワード変更');

    await page.getByLabel('現在のパスワード').fill('not-my-password');
    await page.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('新しいパスワード（確認）').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '変更する' }).click();
    await page.getByText('現在のパスワードが正しくありません。入力を確かめて、もう一度お試しください。').waitFor();

    await page.getByLabel('現在のパスワード').fill(hyoka.password);
    await page.getByRole('button', { name: '変更する' }).click();
    await page.getByText('パスワードを変更しました。ほかの端末やブラウザのログインは終了しました。').waitFor();
    await expectAccessible(page, 'パスワード変更 完了');

    // this browser stays signed in (with a new session); the other one is signed out
    expect((await gql<{ viewer: { loginName: string } | null }>(page, '{ viewer { loginName } }')).data?.viewer).toEqual({
      loginName: 'staff-community',
    });
    expect((await gql<{ viewer: unknown }>(laptop.page, '{ viewer { loginName } }')).data?.viewer).toBeNull();
    await page.getByTestId('viewer-name').waitFor();

    // the old password no longer opens the account; the new one does
    const someone = await visitor(executablePath!, hyoka);
    people.push(someone);
    await someone.page.goto('/login');
    await someone.page.getByLabel('ログイン名').fill('staff-community');
    await someone.page.getByLabel('パスワード', { exact: true }).fill(hyoka.password);
    await someone.page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await someone.page.getByText('ログイン名またはパスワードが正しくありません。入力を確かめて、もう一度お試しください。').waitFor();
    await someone.page.getByLabel('パスワード', { exact: true }).fill(NEW_PASSWORD);
    await someone.page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await expect.poll(() => someone.page.getByTestId('viewer-name').textContent()).toContain('地域福祉部 担当職員');
  });
});
