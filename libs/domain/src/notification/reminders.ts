import type { DomainEvent } from '../shared/json.js';
import type { EvaluationStatus } from '../evaluation/route.js';
import { jstDate } from '../fiscal-year/calendar.js';

/** 期限のお知らせ: a due date in N days (the person's setting) or passed. */
export const REMINDER_KINDS = ['dueSoon', 'overdue'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** One reminder to one person about one evaluation waiting at one stage with one due date. */
export type Reminder = {
  itemId: string;
  fiscalYear: number;
  stage: EvaluationStatus;
  /** JST calendar date YYYY-MM-DD */
  dueDate: string;
  recipient: string;
  kind: ReminderKind;
  /** dueSoon: days left; overdue: days past */
  days: number;
};

/**
 * ReminderSent is the reminders' log (stream reminder-<itemId>-<fy>): a reminder is recorded once, before any mail
 * goes out, so a restart neither sends it again (it is in the log) nor skips it (what is due and not in the log is
 * recorded at the next look).
 */
export type ReminderSent = DomainEvent<'ReminderSent', Reminder & { key: string; at: string }>;

export const reminderStream = (itemId: string, fiscalYear: number): string => `reminder-${itemId}-${fiscalYear}`;

/** One reminder of a kind per person, stage and due date: a changed due date reminds again, a new day does not. */
export const reminderKey = (r: Pick<Reminder, 'stage' | 'dueDate' | 'kind' | 'recipient'>): string => `${r.stage}:${r.dueDate}:${r.kind}:${r.recipient}`;

/** The keys recorded on a reminder stream. */
export type ReminderLog = readonly string[];
export const foldReminderLog = (events: readonly { type: string; data: unknown }[]): ReminderLog =>
  events.filter((e) => e.type === 'ReminderSent').map((e) => (e.data as { key: string }).key);
export const evolveReminderLog = (log: ReminderLog, event: { type: string; data: unknown }): ReminderLog =>
  event.type === 'ReminderSent' ? [...log, (event.data as { key: string }).key] : log;

const DAY_MS = 86_400_000;

/** Whole days from JST date `from` to JST date `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** Work waiting for people, with the due date of the stage it waits at. */
export type DueWork = {
  itemId: string;
  fiscalYear: number;
  stage: EvaluationStatus;
  dueDate: string;
  /** who the work waits for, with how many days ahead each wants to be reminded */
  recipients: readonly { userId: string; reminderDays: number }[];
};

/**
 * The reminders due on `now`'s JST day: `dueSoon` from N days before the due date to the due date itself, `overdue`
 * from the day after it (docs/design.md: overdue from the JST day after the due date). A reminder whose window was
 * missed while Hyoka was down is still due as long as its window is open; once the date has passed, the overdue one is.
 */
export function dueReminders(work: DueWork, now: string | Date): Reminder[] {
  const today = jstDate(now);
  const left = daysBetween(today, work.dueDate);
  return work.recipients.flatMap(({ userId, reminderDays }): Reminder[] => {
    const base = { itemId: work.itemId, fiscalYear: work.fiscalYear, stage: work.stage, dueDate: work.dueDate, recipient: userId };
    if (left < 0) return [{ ...base, kind: 'overdue', days: -left }];
    if (left <= reminderDays) return [{ ...base, kind: 'dueSoon', days: left }];
    return [];
  });
}

/** The ReminderSent events to record: the due reminders whose key is not in the log yet. */
export function decideReminders(reminders: readonly Reminder[], log: ReminderLog, now: string): ReminderSent[] {
  const seen = new Set(log);
  const events: ReminderSent[] = [];
  for (const reminder of reminders) {
    const key = reminderKey(reminder);
    if (seen.has(key)) continue;
    seen.add(key);
    events.push({ type: 'ReminderSent', data: { ...reminder, key, at: now } });
  }
  return events;
}
