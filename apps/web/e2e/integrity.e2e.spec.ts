import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, findChromium, gql, signIn, startHyoka, type Person, type RunningHyoka } from './support.js';

const executablePath = findChromium();
const STATUS = '{ integrityStatus { state failure { position } } }';

// Environment-gated: without a Chromium there is no page to look at; support.ts prints how to install one.
describe.skipIf(!executablePath)('the integrity alarm, after the store was edited while Hyoka was stopped', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hyoka-web-integrity-'));
  let hyoka: RunningHyoka;
  const people: Person[] = [];
  let forged: number;

  beforeAll(async () => {
    hyoka = await startHyoka({ dataDir });
    await hyoka.stop();
    // someone with the file and a SQLite shell changes a recorded event (the seeded catalogue's first)
    const db = new Database(join(dataDir, 'events.sqlite'));
    db.exec('DROP TRIGGER events_no_update');
    forged = (db.prepare('SELECT position FROM events ORDER BY position LIMIT 1 OFFSET 2').pluck().get() as number);
    db.prepare(`UPDATE events SET data = json_set(data, '$.forged', 1) WHERE position = ?`).run(forged);
    db.close();
    hyoka = await startHyoka({ dataDir });
  });

  afterAll(async () => {
    for (const person of people) await person.close();
    await hyoka?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the auditor sees the alarm in Japanese, naming the position; staff do not', async () => {
    const auditor = await signIn(executablePath!, hyoka, 'auditor');
    people.push(auditor);
    // the start-up check runs in the background: wait for its verdict, then open a page
    await expect
      .poll(async () => (await gql<{ integrityStatus: { state: string } }>(auditor.page, STATUS)).data?.integrityStatus.state, { timeout: 30_000 })
      .toBe('BROKEN');
    await auditor.page.goto('/audit');
    const alarm = auditor.page.getByTestId('integrity-alarm');
    await alarm.waitFor();
    expect(await alarm.getAttribute('role')).toBe('alert');
    const text = (await alarm.textContent()) ?? '';
    expect(text).toContain('イベントログの改ざんまたは破損を検出しました');
    expect(text).toContain(`位置 ${forged} 以降のデータは信頼できません`);
    expect(text).toContain('内容が記録されたハッシュと一致しません');
    await expectAccessible(auditor.page, 'integrity alarm (auditor)');

    // 「ログの完全性を検証」: the auditor runs the check and is shown the place of the failure
    await auditor.page.getByRole('button', { name: 'ログの完全性を検証' }).click();
    const result = auditor.page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.textContent()).toContain(`位置 ${forged} で問題が見つかりました。`);
    expect(await auditor.page.getByTestId('verify-problem').textContent()).toBe('イベントの内容とハッシュが一致しません');
    await expectAccessible(auditor.page, 'log verification failed (auditor)');

    const staff = await signIn(executablePath!, hyoka, 'staff-general');
    people.push(staff);
    await staff.page.goto('/');
    await staff.page.getByTestId('viewer-name').waitFor();
    expect(await staff.page.getByTestId('integrity-alarm').count()).toBe(0);
  });
});
