import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, startHyoka, visitor, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();

// Environment-gated: without a Chromium there is no browser to test with; support.ts prints how to install one.
describe.skipIf(!executablePath)("the built app under the API's Content-Security-Policy", () => {
  let hyoka: RunningHyoka;
  const people: Person[] = [];

  beforeAll(async () => {
    hyoka = await startHyoka();
  });
  afterAll(async () => {
    for (const p of people) await p.close();
    await hyoka?.stop();
  });

  it('signs in, opens the inbox, an evaluation and the board (ECharts, live updates over graphql-ws) with no CSP violation', async () => {
    const person = await visitor(executablePath!, hyoka);
    people.push(person);
    const { page } = person;
    const violations: string[] = [];
    // Chromium reports a blocked resource both as a console error and as a securitypolicyviolation event
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));

    const response = await page.goto('/login');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('ログイン名').fill('secretary-general');
    await page.getByLabel('パスワード', { exact: true }).fill(hyoka.password);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByTestId('viewer-name').waitFor();

    await page.goto('/evaluations/I-001/2025');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.goto('/board');
    await page.getByTestId('board').waitFor();
    // the charts are drawn once scrolled to (below the matrix)
    await page.locator('#distribution-heading').scrollIntoViewIfNeeded();
    await page.getByRole('img').first().waitFor();
    await expect.poll(() => sockets.some((url) => url.endsWith('/graphql'))).toBe(true);
    expect(violations).toEqual([]);

    // the watch itself works: an inline script is refused and reported
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
    });
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
  });
});
