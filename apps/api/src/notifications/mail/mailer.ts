import { jstDate } from '@hyoka/domain';
import {
  findUserById,
  notificationsAfter,
  notificationsByIds,
  planItemsFor,
  type NotificationRow,
  type ReadModels,
} from '@hyoka/projections';
import type { Transporter } from 'nodemailer';
import { digestMail, immediateMail, type MailNotification } from './mail-content.js';
import type { MailOutbox, OutboxEntry } from './mail-outbox.js';

export interface MailerOptions {
  from: string;
  /** the web app's address, for the link to the item */
  baseUrl: string;
  /** the JST hour from which the day's digest goes out */
  digestHourJst?: number;
  now?: () => Date;
}

/**
 * Mails the notifications: queues each new notification whose recipient has an address (their choice: immediate or
 * the daily digest), then sends what is queued. The first look starts at the notifications as they stand (turning
 * mail on does not mail the past).
 */
export class Mailer {
  private readonly now: () => Date;

  constructor(
    private readonly readModels: ReadModels,
    private readonly outbox: MailOutbox,
    private readonly transport: Pick<Transporter, 'sendMail'>,
    private readonly options: MailerOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** queues the notifications recorded since the last look */
  collect(): void {
    const cursor = this.outbox.cursor();
    if (cursor === undefined) {
      this.outbox.enqueue([], this.readModels.checkpoint('notifications'));
      return;
    }
    let from = cursor;
    for (;;) {
      const rows = notificationsAfter(this.readModels, from);
      if (rows.length === 0) return;
      const entries = rows.flatMap((row): OutboxEntry[] => {
        const user = findUserById(this.readModels, row.recipient);
        if (!user?.email || user.disabled) return [];
        return [{ notificationId: row.id, recipient: row.recipient, email: user.email, delivery: user.notifications.delivery, queuedAt: this.now().toISOString() }];
      });
      from = rows.at(-1)!.position;
      this.outbox.enqueue(entries, from);
    }
  }

  /** sends every queued immediate mail, one per notification */
  async sendImmediate(): Promise<void> {
    for (const entry of this.outbox.unsent('immediate')) {
      const [row] = notificationsByIds(this.readModels, [entry.notificationId]);
      if (!row) continue;
      const mail = immediateMail(this.describe(row), this.nameOf(entry.recipient), this.options.baseUrl);
      const info = await this.transport.sendMail({ from: this.options.from, to: entry.email, ...mail });
      this.outbox.markSent([entry.notificationId], this.now().toISOString(), info.messageId ?? null);
    }
  }

  /** from the digest hour on, one mail a day per person with their queued notifications */
  async sendDigests(): Promise<void> {
    const now = this.now();
    const hour = new Date(now.getTime() + 9 * 3_600_000).getUTCHours();
    if (hour < (this.options.digestHourJst ?? 8)) return;
    const today = jstDate(now);
    const byRecipient = new Map<string, OutboxEntry[]>();
    for (const e of this.outbox.unsent('daily')) byRecipient.set(e.recipient, [...(byRecipient.get(e.recipient) ?? []), e]);
    for (const [recipient, entries] of byRecipient) {
      if (this.outbox.digestSent(recipient, today)) continue;
      const rows = notificationsByIds(this.readModels, entries.map((e) => e.notificationId));
      if (rows.length === 0) continue;
      const mail = digestMail(rows.map((r) => this.describe(r)), this.nameOf(recipient), this.options.baseUrl, today);
      const info = await this.transport.sendMail({ from: this.options.from, to: entries.at(-1)!.email, ...mail });
      this.outbox.markSent(entries.map((e) => e.notificationId), now.toISOString(), info.messageId ?? null, { recipient, jstDate: today });
    }
  }

  private nameOf(userId: string): string {
    return findUserById(this.readModels, userId)?.displayName ?? userId;
  }

  private describe(row: NotificationRow): MailNotification {
    const item = planItemsFor(this.readModels, row.fiscalYear).find((i) => i.itemId === row.itemId);
    return {
      kind: row.kind,
      itemId: row.itemId,
      itemName: item?.name ?? row.itemId,
      fiscalYear: row.fiscalYear,
      stage: row.stage,
      actorName: row.actorId ? this.nameOf(row.actorId) : null,
      reason: row.reason,
      dueDate: row.dueDate,
      days: row.days,
    };
  }
}
