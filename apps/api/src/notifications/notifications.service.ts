import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@hyoka/event-store';
import { findUserById, notificationsAt, planItemsFor, type NotificationRow, type ProjectionRunner, type ReadModels } from '@hyoka/projections';
import type { PubSub } from 'graphql-subscriptions';
import { createTransport } from 'nodemailer';
import { Clock } from '../auth/clock.js';
import type { AppConfig } from '../config.js';
import { APP_CONFIG, EVENT_STORE, PROJECTION_RUNNER, PUB_SUB, READ_MODELS } from '../tokens.js';
import { headline } from './mail/mail-content.js';
import { MailOutbox } from './mail/mail-outbox.js';
import { Mailer } from './mail/mailer.js';
import type { NotificationModel } from './models/notification.model.js';
import type { DueDateSource } from './reminders/due-dates.js';
import { ReminderScheduler } from './reminders/reminder-scheduler.js';

export const NOTIFICATION_ADDED = 'notificationAdded';
export const DUE_DATE_SOURCE = Symbol('DUE_DATE_SOURCE');
export type NotificationEvents = PubSub<{ [NOTIFICATION_ADDED]: NotificationModel & { recipient: string } }>;

/** How often the reminders and the daily digests are looked at. */
const TICK_MS = 60_000;

/**
 * The notifications' moving parts: announces each new notification to its recipient (once the read models hold it),
 * records due reminders, and — when HYOKA_SMTP_URL and HYOKA_MAIL_FROM are set — mails them.
 */
@Injectable()
export class NotificationsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private outbox: MailOutbox | undefined;
  private mailer: Mailer | undefined;
  private transport: ReturnType<typeof createTransport> | undefined;
  private readonly reminders: ReminderScheduler;
  private work: Promise<unknown> = Promise.resolve();
  private stopped = false;
  // the server clock, as the calendar's overdue days use it (tests set it instead of waiting for a date)
  private readonly now = (): Date => new Date(this.clock.now());

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(PUB_SUB) private readonly pubSub: NotificationEvents,
    @Inject(DUE_DATE_SOURCE) dueDates: DueDateSource,
    private readonly clock: Clock,
  ) {
    this.reminders = new ReminderScheduler(store, readModels, runner, dueDates, this.now);
  }

  get mailEnabled(): boolean {
    return this.config.mail !== null;
  }

  onApplicationBootstrap(): void {
    if (this.config.mail) {
      this.outbox = new MailOutbox(this.config.mailOutboxFile);
      this.transport = createTransport(this.config.mail.smtpUrl);
      this.mailer = new Mailer(this.readModels, this.outbox, this.transport, {
        from: this.config.mail.from,
        baseUrl: this.config.mail.publicUrl,
        now: this.now,
      });
    }
    this.unsubscribe = this.runner.onApplied(({ event }) => {
      const rows = notificationsAt(this.readModels, event.position);
      if (rows.length === 0) return;
      for (const row of rows) {
        this.pubSub.publish(NOTIFICATION_ADDED, { ...this.toModel(row), recipient: row.recipient }).catch((error: unknown) => {
          this.logger.error('publishing notificationAdded failed', String(error));
        });
      }
      this.schedule(() => this.mail());
    });
    this.schedule(() => this.tick());
    this.timer = setInterval(() => this.schedule(() => this.tick()), TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await this.work;
    this.transport?.close();
    this.outbox?.close();
  }

  /** A notification as the API shows it, with its Japanese headline. */
  toModel(row: NotificationRow): NotificationModel {
    const itemName = planItemsFor(this.readModels, row.fiscalYear).find((i) => i.itemId === row.itemId)?.name ?? row.itemId;
    const actor = row.actorId ? { userId: row.actorId, displayName: findUserById(this.readModels, row.actorId)?.displayName ?? row.actorId } : null;
    return {
      id: row.id,
      kind: row.kind,
      title: headline({ ...row, itemName, actorName: actor?.displayName ?? null }),
      itemId: row.itemId,
      itemName,
      fiscalYear: row.fiscalYear,
      stage: row.stage,
      actor,
      reason: row.reason,
      dueDate: row.dueDate,
      days: row.days,
      at: row.at,
      read: row.read,
    };
  }

  // One thing at a time: a mail is never sent by two overlapping runs.
  private schedule(task: () => Promise<void>): void {
    this.work = this.work.then(async () => {
      if (this.stopped) return;
      try {
        await task();
      } catch (error) {
        this.logger.error('notification work failed (retried at the next tick)', error instanceof Error ? error.stack : String(error));
      }
    });
  }

  private async tick(): Promise<void> {
    await this.reminders.run();
    await this.mail();
    await this.mailer?.sendDigests();
  }

  private async mail(): Promise<void> {
    if (!this.mailer) return;
    this.mailer.collect();
    await this.mailer.sendImmediate();
  }
}
