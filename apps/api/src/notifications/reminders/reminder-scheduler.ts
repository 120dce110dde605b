import { handleCommand, type StreamFold } from '@hyoka/command-handling';
import {
  decideReminders,
  dueReminders,
  evolveReminderLog,
  foldReminderLog,
  reminderStream,
  type Reminder,
  type ReminderLog,
} from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { findUserById, fiscalYears, planItemsFor, waitingWork, type ProjectionRunner, type ReadModels } from '@hyoka/projections';
import type { DueDateSource } from './due-dates.js';

const reminderLogFold: StreamFold<ReminderLog> = { fold: foldReminderLog, evolve: evolveReminderLog };

/**
 * Records the reminders that are due (ReminderSent on reminder-<itemId>-<fy>): each look computes, from the work
 * waiting now and the due dates, every reminder due today and records those its stream does not hold yet. A restart
 * therefore records nothing twice (the log holds it) and skips nothing (the next look finds what is due and missing).
 * The notifications read model turns each ReminderSent into its recipient's notification, which the mailer mails.
 */
export class ReminderScheduler {
  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModels,
    private readonly runner: ProjectionRunner,
    private readonly dueDates: DueDateSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** one look; returns how many reminders it recorded */
  async run(): Promise<number> {
    const now = this.now();
    const years = fiscalYears(this.readModels).map((y) => y.fiscalYear);
    // each year's items are its own plan period's
    const notStarted = years.flatMap((fiscalYear) =>
      planItemsFor(this.readModels, fiscalYear).map((i) => ({ itemId: i.itemId, fiscalYear, owningDepartmentId: i.owningDepartmentId })),
    );
    const byEvaluation = new Map<string, Reminder[]>();
    for (const work of waitingWork(this.readModels, notStarted)) {
      const dueDate = this.dueDates.dueDate(work.fiscalYear, work.stage);
      if (!dueDate || work.recipients.length === 0) continue;
      const recipients = work.recipients.flatMap((userId) => {
        const user = findUserById(this.readModels, userId);
        return user ? [{ userId, reminderDays: user.notifications.reminderDays }] : [];
      });
      const due = dueReminders({ ...work, dueDate, recipients }, now);
      if (due.length > 0) byEvaluation.set(reminderStream(work.itemId, work.fiscalYear), due);
    }
    let recorded = 0;
    let last: bigint | null = null;
    for (const [stream, due] of byEvaluation) {
      const at = now.toISOString();
      const result = await handleCommand(this.store, stream, (log) => decideReminders(due, log, at), {
        fold: reminderLogFold,
        provenance: { actor: 'system', commandId: `reminders:${stream}:${at}`, occurredAt: at },
      });
      recorded += result.newEvents.length;
      if (result.position !== null) last = result.position;
    }
    if (last !== null) await this.runner.waitForPosition(last);
    return recorded;
  }
}
