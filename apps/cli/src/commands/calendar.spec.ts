import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fiscalYearStream } from '@hyoka/domain';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import { hyoka, tempDir } from '../testing/cli.js';
import { seedStore } from '../testing/seed.js';

describe('hyoka calendar', () => {
  const tmp = tempDir('calendar');
  const data = ['--data-dir', tmp.dir];
  const yearEvents = async (fiscalYear: number) => {
    const store = await openSqliteEventStore({ file: join(tmp.dir, 'events.sqlite') });
    try {
      return await store.readStream(fiscalYearStream(fiscalYear));
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    const store = await openSqliteEventStore({ file: join(tmp.dir, 'events.sqlite') });
    await seedStore(store, 0);
    await store.close();
  });
  afterAll(() => tmp.remove());

  it('sets the dates given as the administrator named by --as, through the fiscal year stream, and shows them', async () => {
    const set = await hyoka([
      ...data, 'calendar', 'set', '--year', '2026', '--as', 'u-admin',
      '--plan-submission', '2026-05-31', '--plan-approval', '2026-06-15', '--self-evaluation', '2027-01-31',
    ]);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/令和8年度\(2026年度\)の期限を設定しました/);

    const cleared = await hyoka([...data, 'calendar', 'set', '--year', '2026', '--as', 'u-admin', '--plan-approval', 'none', '--committee', '2027-03-20']);
    expect(cleared.code).toBe(0);

    const events = await yearEvents(2026);
    expect(events.map((e) => e.type)).toEqual(['FiscalYearOpened', 'DueDatesSet', 'DueDatesSet']);
    expect(events[2]!.data).toMatchObject({
      fiscalYear: 2026,
      dueDates: { planSubmission: '2026-05-31', planApproval: null, selfEvaluation: '2027-01-31', committee: '2027-03-20' },
      by: 'u-admin',
      actingAs: 'Admin',
    });
    expect(events[2]!.metadata).toMatchObject({ actor: 'u-admin', tool: 'hyoka-cli' });

    const shown = await hyoka([...data, 'calendar', 'show', '--year', '2026']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/planSubmission\s+単年度計画の提出\s+2026-05-31/);
    expect(shown.stdout).toMatch(/planApproval\s+単年度計画の承認\s+-/);
    expect(shown.stdout).toMatch(/committee\s+評価検証委員会の審査\s+2027-03-20/);
  });

  it('refuses without an administrator, a date outside the year, dates out of order, and no date at all', async () => {
    const asSystem = await hyoka([...data, 'calendar', 'set', '--year', '2025', '--plan-submission', '2025-05-31']);
    expect(asSystem.code).toBe(1);
    expect(asSystem.stderr).toMatch(/FORBIDDEN.*管理者のみ.*--as/s);

    const outside = await hyoka([...data, 'calendar', 'set', '--year', '2025', '--as', 'u-admin', '--plan-submission', '2026-05-31']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/VALIDATION.*2025年4月1日〜2026年3月31日の間/s);

    const unordered = await hyoka([...data, 'calendar', 'set', '--year', '2025', '--as', 'u-admin', '--managers-meeting', '2026-02-10', '--promotion-meeting', '2026-02-20']);
    expect(unordered.stderr).toMatch(/「管理職会議の審査」の期限\(2026-02-10\)は「推進会議の審査」の期限\(2026-02-20\)より前/);

    expect((await hyoka([...data, 'calendar', 'set', '--year', '2025', '--as', 'u-admin'])).code).toBe(2);
    expect((await yearEvents(2025)).map((e) => e.type)).toEqual(['FiscalYearOpened']);

    const notOpened = await hyoka([...data, 'calendar', 'show', '--year', '2030']);
    expect(notOpened.code).toBe(1);
    expect(notOpened.stderr).toMatch(/令和12年度\(2030年度\)はまだ開始されていません/);
  });
});
