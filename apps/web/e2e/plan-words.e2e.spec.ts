import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, findChromium, screenshot, signIn, startHyoka, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
// I-001's 取組テーマ in the shipped plan (法人経営部門 (1) ①), with the first words of its 現状と課題 and 推進目標
const THEME = '使命、理念、基本方針の明文化と周知';
const SITUATION = /^「基盤強化計画\(中期経営計画\)」及び「地域福祉活動計画」の策定により/;
const GOAL = /^全職員が計画により本会の使命・基本理念、基本方針を意識して業務に取り組むことができるよう/;

// Environment-gated: without a Chromium there is no browser to test with; support.ts prints how to install one.
describe.skipIf(!executablePath)('the plan’s words: 取組テーマ with 現状と課題 and 推進目標', () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];

  beforeAll(async () => {
    hyoka = await startHyoka();
  });
  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  it('the plan page shows them under each theme; the evaluation page folds them under the item’s theme', async () => {
    const staff = await signIn(executablePath!, hyoka, 'staff-general');
    people.push(staff);
    const { page } = staff;

    await page.goto('/plan');
    const heading = page.getByRole('heading', { level: 4, name: THEME });
    await heading.waitFor();
    const words = page.getByTestId('theme-words-corporate-management/1/1');
    expect(await words.locator('dt').allTextContents()).toEqual(['現状と課題', '推進目標']);
    const [situation, goal] = await words.locator('dd').allTextContents();
    expect(situation).toMatch(SITUATION);
    expect(goal).toMatch(GOAL);
    await expectAccessible(page, '計画');

    await page.goto('/evaluations/I-001/2025');
    const summary = page.getByText(`取組テーマ: ${THEME}`);
    await summary.waitFor();
    const goalText = page.getByText(GOAL);
    expect(await goalText.isVisible()).toBe(false);
    await summary.click();
    await goalText.waitFor({ state: 'visible' });
    await page.getByText(SITUATION).waitFor({ state: 'visible' });
    await screenshot(page, 'evaluation-theme-words');
  });
});
