import { describe, expect, it } from 'vitest';
import { jstDate } from '../fiscal-year/calendar.js';
import { decideReminders, dueReminders, foldReminderLog, reminderKey, type DueWork } from './reminders.js';

const work: DueWork = {
  itemId: 'I-001',
  fiscalYear: 2026,
  stage: 'Draft',
  dueDate: '2026-05-31',
  recipients: [
    { userId: 'u-a', reminderDays: 3 },
    { userId: 'u-b', reminderDays: 7 },
  ],
};

describe('reminders: which are due', () => {
  it('the JST day decides: 2026-05-27T15:00Z is already the 28th in Japan', () => {
    expect(jstDate('2026-05-27T14:59:59Z')).toBe('2026-05-27');
    expect(jstDate('2026-05-27T15:00:00Z')).toBe('2026-05-28');
  });

  it('dueSoon from each person’s N days before the due date, through the due date itself', () => {
    expect(dueReminders(work, '2026-05-23T00:00:00Z')).toEqual([]);
    expect(dueReminders(work, '2026-05-24T00:00:00Z').map((r) => [r.recipient, r.kind, r.days])).toEqual([['u-b', 'dueSoon', 7]]);
    expect(dueReminders(work, '2026-05-28T00:00:00Z').map((r) => [r.recipient, r.kind, r.days])).toEqual([
      ['u-a', 'dueSoon', 3],
      ['u-b', 'dueSoon', 3],
    ]);
    expect(dueReminders(work, '2026-05-31T14:59:00Z').map((r) => r.kind)).toEqual(['dueSoon', 'dueSoon']);
  });

  it('overdue from the JST day after the due date, counting the days', () => {
    expect(dueReminders(work, '2026-05-31T15:00:00Z').map((r) => [r.recipient, r.kind, r.days])).toEqual([
      ['u-a', 'overdue', 1],
      ['u-b', 'overdue', 1],
    ]);
  });
});

describe('reminders: the log', () => {
  const now = '2026-05-28T00:00:00.000Z';

  it('records each due reminder once: what the log holds is not recorded again', () => {
    const first = decideReminders(dueReminders(work, now), [], now);
    expect(first.map((e) => e.data.key)).toEqual(['Draft:2026-05-31:dueSoon:u-a', 'Draft:2026-05-31:dueSoon:u-b']);
    const log = foldReminderLog(first);
    expect(decideReminders(dueReminders(work, '2026-05-29T00:00:00Z'), log, now)).toEqual([]);
  });

  it('a reminder missed while nothing ran is still recorded at the next look; after the date, the overdue one is', () => {
    expect(decideReminders(dueReminders(work, '2026-05-30T00:00:00Z'), [], now)).toHaveLength(2);
    const overdue = decideReminders(dueReminders(work, '2026-06-03T00:00:00Z'), foldReminderLog(decideReminders(dueReminders(work, now), [], now)), now);
    expect(overdue.map((e) => [e.data.kind, e.data.days])).toEqual([
      ['overdue', 3],
      ['overdue', 3],
    ]);
  });

  it('a new due date reminds again', () => {
    const log = foldReminderLog(decideReminders(dueReminders(work, now), [], now));
    const moved = { ...work, dueDate: '2026-06-01' };
    expect(decideReminders(dueReminders(moved, now), log, now).map((e) => e.data.key)).toContain(reminderKey({ stage: 'Draft', dueDate: '2026-06-01', kind: 'dueSoon', recipient: 'u-b' }));
  });
});
