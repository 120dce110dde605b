import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, findChromium, signIn, startHyoka, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();

/** What each demo role finds in the header menu: only pages they can use. */
const MENUS: Record<string, string[]> = {
  'staff-general': ['自分の作業', '計画', '会議', '評価ボード', '進捗', '年度評価報告書'],
  'head-general': ['自分の作業', '計画', '一括承認', '会議', '評価ボード', '進捗', '監査ログ', '年度評価報告書'],
  manager: ['自分の作業', '計画', '会議', '評価ボード', '進捗', '監査ログ', '年度評価報告書'],
  'secretary-general': ['自分の作業', '計画', '一括承認', '会議', '評価ボード', '進捗', '監査ログ', '年度評価報告書'],
  'committee-1': ['自分の作業', '計画', '会議', '評価ボード', '進捗', '監査ログ', '年度評価報告書'],
  auditor: ['自分の作業', '計画', '会議', '評価ボード', '進捗', '監査ログ', '年度評価報告書'],
  admin: ['自分の作業', '計画', '会議', '年度の期限', '利用者管理', '計画の取り込み', '組織'],
};

// Environment-gated: without a Chromium there is no browser to test with; support.ts prints how to install one.
describe.skipIf(!executablePath)('担当者: a 部長 assigns an item, and it is first in the staff member’s inbox', () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];

  beforeAll(async () => {
    hyoka = await startHyoka();
  });
  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  const menuOf = async (person: Person) => {
    const nav = person.page.getByRole('navigation', { name: 'メインメニュー' });
    await nav.getByRole('link').first().waitFor();
    return (await nav.getByRole('link').allTextContents()).map((text) => text.replace(/\d+$/, '').trim());
  };

  it('the 部長 assigns I-002 to the staff member on the plan page; the staff member finds it under 自分の担当, first', async () => {
    const head = await signIn(executablePath!, hyoka, 'head-general');
    people.push(head);
    await head.page.getByRole('link', { name: '計画', exact: true }).click();
    await head.page.getByRole('checkbox', { name: /^I-002 .+ を選択$/ }).first().check();
    await head.page.getByRole('checkbox', { name: '総務部 担当職員' }).check();
    await head.page.getByRole('button', { name: '選んだ1件に割り当てる' }).click();
    await head.page.getByTestId('assign-result').getByText('1件の担当者を更新しました。').waitFor();
    // another 部's items offer no choice to this 部長
    expect(await head.page.getByRole('checkbox', { name: /^I-044 / }).count()).toBe(0);

    const staff = await signIn(executablePath!, hyoka, 'staff-general');
    people.push(staff);
    const mine = staff.page.getByRole('region', { name: /自分の担当/ });
    await mine.getByRole('link', { name: /^I-002 / }).waitFor();
    await expect.poll(() => mine.getByRole('link').count()).toBe(1);
    await mine.getByText('担当者: 総務部 担当職員').waitFor();
    // nothing was returned: 自分の担当 is the first section, the rest of the 部 follows
    const sections = await staff.page.getByRole('region').evaluateAll((els) => els.map((e) => e.getAttribute('aria-labelledby')));
    expect(sections[0]).toBe('inbox-mine');
    expect(sections.length).toBeGreaterThan(1);
    await expectAccessible(staff.page, 'inbox with 自分の担当 (staff)');

    // filtering by 自分の担当 leaves only the assigned item
    await staff.page.getByTestId('filter-assignee').selectOption('mine');
    await expect.poll(() => staff.page.getByRole('region').count()).toBe(1);
    // the menu shows the count of waiting work beside 自分の作業
    expect(Number(await staff.page.getByTestId('nav-inbox-count').textContent())).toBeGreaterThan(0);
  });

  it.each(Object.entries(MENUS))('%s sees only the menu entries they can use', async (loginName, expected) => {
    const person = await signIn(executablePath!, hyoka, loginName);
    people.push(person);
    expect(await menuOf(person)).toEqual(expected);
  });
});
