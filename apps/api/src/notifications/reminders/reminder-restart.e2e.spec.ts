import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationStatus } from '@hyoka/domain';
import { openReadModels, startProjections } from '@hyoka/projections';
import { createTransport } from 'nodemailer';
import { openEventStore } from '../../core/open-event-store.js';
import { submitted } from '../../testing/route-helpers.js';
import { recipientsOf, startSmtpSink, type SmtpSink } from '../../testing/smtp-sink.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { MailOutbox } from '../mail/mail-outbox.js';
import { Mailer } from '../mail/mailer.js';
import type { DueDateSource } from './due-dates.js';
import { ReminderScheduler } from './reminder-scheduler.js';

const FY = 2025;
// The year's calendar is another part of issue 12; here a source gives 推進会議審査 of FY2025 a due date.
const calendar: DueDateSource = {
  dueDate: (fiscalYear: number, stage: EvaluationStatus) => (fiscalYear === FY && stage === 'PromotionMeetingReview' ? '2025-05-31' : null),
};
const NOW = new Date('2025-05-29T00:30:00.000Z'); // 09:30 JST, two days before the due date

/** The notification machinery over the data folder the API left behind, as a restarted API opens it. */
async function start(api: TestApi, smtpUrl: string) {
  const store = await openEventStore(api.config.store);
  const readModels = openReadModels({ file: api.config.readModelFile, events: store });
  const runner = startProjections(store, readModels);
  await runner.waitForPosition(await store.headPosition());
  const outbox = new MailOutbox(api.config.mailOutboxFile);
  const transport = createTransport(smtpUrl);
  return {
    scheduler: new ReminderScheduler(store, readModels, runner, calendar, () => NOW),
    mailer: new Mailer(readModels, outbox, transport, { from: 'hyoka@hyoka.example', baseUrl: 'http://localhost', now: () => NOW }),
    outbox,
    async stop() {
      transport.close();
      outbox.close();
      await runner.stop();
      readModels.close();
      await store.close();
    },
  };
}

describe('a due reminder across restarts', () => {
  let smtp: SmtpSink;
  let api: TestApi;
  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startTestApi({ HYOKA_SMTP_URL: smtp.url, HYOKA_MAIL_FROM: 'hyoka@hyoka.example' });
    const [staff] = await api.signInAll('staff-general');
    await submitted(staff!, 'I-001', FY);
    await smtp.next((m) => recipientsOf(m).includes('head-general@hyoka.example'));
    await api.app.close();
  }, 60_000);
  afterAll(async () => {
    if (api) rmSync(api.dataDir, { recursive: true, force: true });
    await smtp?.close();
  });

  const reminders = () => smtp.mails.filter((m) => m.subject?.includes('期限(2025-05-31)まであと2日'));

  it('stopped after recording and before sending: the restart sends it, exactly once; later restarts send nothing', async () => {
    const first = await start(api, smtp.url);
    expect(await first.scheduler.run()).toBe(1);
    await first.stop(); // stopped before any mail went out

    const second = await start(api, smtp.url);
    expect(await second.scheduler.run()).toBe(0);
    second.mailer.collect();
    await second.mailer.sendImmediate();
    await second.stop();
    expect(reminders().map((m) => [recipientsOf(m), m.subject])).toEqual([
      [['head-general@hyoka.example'], expect.stringMatching(/^【Hyoka】I-001「.+」\(令和7年度\)の期限\(2025-05-31\)まであと2日です\(推進会議審査\)$/)],
    ]);

    const third = await start(api, smtp.url);
    expect(await third.scheduler.run()).toBe(0);
    third.mailer.collect();
    await third.mailer.sendImmediate();
    await third.stop();
    expect(reminders()).toHaveLength(1);
  }, 60_000);
});

describe('a reminder that fell due while Hyoka was stopped', () => {
  it('is recorded and mailed once at the next start', async () => {
    const smtp = await startSmtpSink();
    const api = await startTestApi({ HYOKA_SMTP_URL: smtp.url, HYOKA_MAIL_FROM: 'hyoka@hyoka.example' });
    try {
      const [staff] = await api.signInAll('staff-general');
      await submitted(staff!, 'I-002', FY);
      await smtp.next((m) => recipientsOf(m).includes('head-general@hyoka.example'));
      await api.app.close(); // stopped before the reminder was due: nothing recorded

      const restarted = await start(api, smtp.url);
      expect(await restarted.scheduler.run()).toBe(1);
      restarted.mailer.collect();
      await restarted.mailer.sendImmediate();
      expect(await restarted.scheduler.run()).toBe(0);
      restarted.mailer.collect();
      await restarted.mailer.sendImmediate();
      await restarted.stop();
      expect(smtp.mails.filter((m) => m.subject?.includes('期限(2025-05-31)まであと2日'))).toHaveLength(1);
    } finally {
      rmSync(api.dataDir, { recursive: true, force: true });
      await smtp.close();
    }
  }, 60_000);
});
