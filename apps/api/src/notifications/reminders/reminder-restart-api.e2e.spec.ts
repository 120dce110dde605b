import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reminderStream } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { Clock } from '../../auth/clock.js';
import type { Browser } from '../../testing/graphql-client.js';
import { submitted } from '../../testing/route-helpers.js';
import { recipientsOf, startSmtpSink, type SmtpSink } from '../../testing/smtp-sink.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { EVENT_STORE } from '../../tokens.js';

const FY = 2025;
const DUE = '2025-05-31';
const SET_DUE_DATES = `mutation($input: SetDueDatesInput!) { setDueDates(input: $input) { fiscalYear } }`;
const CHAIR_MAIL = 'head-general@hyoka.example';

/**
 * The whole API, stopped and started again over one data folder: the calendar set by an administrator, the reminder
 * scheduler and the mailer as the app runs them (at start-up and on every new notification), a real SMTP server.
 * Every start reads the same server clock (`Clock`), set here from before the first start.
 */
describe('a due reminder across real restarts of the API', () => {
  let smtp: SmtpSink;
  let dataDir: string | undefined;
  let now = new Date('2025-05-01T00:30:00.000Z'); // 09:30 JST, a month before the due date
  const env = () => ({ HYOKA_SMTP_URL: smtp.url, HYOKA_MAIL_FROM: 'hyoka@hyoka.example' });
  const start = async (): Promise<TestApi> => {
    const api = await startTestApi(env(), dataDir);
    dataDir = api.dataDir;
    return api;
  };
  const reminders = () => smtp.mails.filter((m) => m.subject?.startsWith('【Hyoka】I-001「') && m.subject.includes(`期限(${DUE})まであと2日`));
  const recorded = (api: TestApi) => api.app.get<EventStore>(EVENT_STORE).readStream(reminderStream('I-001', FY));

  beforeAll(async () => {
    vi.spyOn(Clock.prototype, 'now').mockImplementation(() => now.getTime());
    smtp = await startSmtpSink();
    const api = await start();
    const [admin, staff] = await api.signInAll('admin', 'staff-general');
    await admin.run(SET_DUE_DATES, { input: { fiscalYear: FY, promotionMeeting: DUE } });
    await submitted(staff as Browser, 'I-001', FY);
    // the 部長's "work waiting" mail went out; no reminder is due a month ahead
    await smtp.next((m) => recipientsOf(m).includes(CHAIR_MAIL));
    expect(await recorded(api)).toEqual([]);
    await api.app.close();
  }, 90_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await smtp?.close();
  });

  it('the first start records the reminder but cannot mail it; the second mails it once; the third mails nothing', async () => {
    now = new Date('2025-05-29T00:30:00.000Z'); // two days before the due date

    // 1st start: the SMTP server refuses (451) — the reminder is recorded, no mail leaves
    smtp.refusing = true;
    const first = await start();
    await vi.waitFor(async () => expect(await recorded(first)).toHaveLength(1), { timeout: 20_000, interval: 100 });
    await vi.waitFor(() => expect(smtp.refused).toBeGreaterThan(0), { timeout: 20_000, interval: 100 });
    const [event] = await recorded(first);
    expect(event).toMatchObject({ type: 'ReminderSent', data: { itemId: 'I-001', fiscalYear: FY, dueDate: DUE, kind: 'dueSoon', days: 2 } });
    await first.app.close();
    expect(reminders()).toEqual([]);

    // 2nd start: the server accepts again; the start-up look finds the reminder in the log and mails it
    smtp.refusing = false;
    const second = await start();
    await smtp.next((m) => reminders().includes(m));
    expect(await recorded(second)).toHaveLength(1);
    await second.app.close();
    expect(reminders().map((m) => [recipientsOf(m), m.subject])).toEqual([
      [[CHAIR_MAIL], expect.stringMatching(/^【Hyoka】I-001「.+」\(令和7年度\)の期限\(2025-05-31\)まであと2日です\(推進会議審査\)$/)],
    ]);

    // 3rd start, the next day: the mail of a new submission comes after the start-up look (one queue of mail
    // work), so by the time it arrives that look has run — and sent no second reminder
    now = new Date('2025-05-30T00:30:00.000Z');
    const third = await start();
    const [staff] = await third.signInAll('staff-general');
    await submitted(staff as Browser, 'I-002', FY);
    await smtp.next((m) => recipientsOf(m).includes(CHAIR_MAIL) && (m.subject ?? '').includes('I-002'));
    expect(await recorded(third)).toHaveLength(1);
    await third.app.close();
    expect(reminders()).toHaveLength(1);
  }, 120_000);
});
