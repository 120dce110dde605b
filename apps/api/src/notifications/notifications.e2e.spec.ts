import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { RETURN } from '../testing/operations.js';
import { act, submitted } from '../testing/route-helpers.js';
import { recipientsOf, startSmtpSink, type SmtpSink } from '../testing/smtp-sink.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { wsSession } from '../testing/ws-client.js';

const FY = 2025;
const NOTIFICATIONS = `query($first: Int, $after: ID, $unreadOnly: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    unreadCount hasMore endCursor nodes { id kind title itemId itemName fiscalYear stage reason read actor { displayName } }
  }
}`;
const MARK = `mutation($ids: [ID!], $all: Boolean) { markNotificationsRead(ids: $ids, all: $all) }`;
const SETTINGS = `query { notificationSettings { email delivery reminderDays mailEnabled } }`;
const CHANGE_SETTINGS = `mutation($input: NotificationSettingsInput!) { changeNotificationSettings(input: $input) { email delivery reminderDays mailEnabled } }`;

describe('notifications over GraphQL, mailed through a real SMTP server', () => {
  let smtp: SmtpSink;
  let api: TestApi;
  let staff: Browser;
  let head: Browser;
  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startTestApi({ HYOKA_SMTP_URL: smtp.url, HYOKA_MAIL_FROM: 'Hyoka <hyoka@hyoka.example>', HYOKA_PUBLIC_URL: 'https://hyoka.example.org' });
    [staff, head] = await api.signInAll('staff-general', 'head-general');
  }, 60_000);
  afterAll(async () => {
    await api?.dispose();
    await smtp?.close();
  });

  it("demo accounts have their hyoka.example address; the settings say mail is on", async () => {
    expect((await head.run(SETTINGS)).notificationSettings).toEqual({ email: 'head-general@hyoka.example', delivery: 'immediate', reminderDays: 3, mailEnabled: true });
  });

  it("a submission reaches the 部長 live over the subscription and by a Japanese mail with the item's link", async () => {
    const socket = wsSession(api.url, head.cookieHeader());
    const added = new Promise<Record<string, any>>((resolve, reject) => {
      socket.client.subscribe<{ notificationAdded: Record<string, any> }>(
        { query: `subscription { notificationAdded { id kind title itemId stage } }` },
        // the 単年度計画 comes first (計画承認待ち): this waits for the self-evaluation's submission
        {
          next: ({ data }) => data!.notificationAdded.stage === 'PromotionMeetingReview' && resolve(data!.notificationAdded),
          error: reject,
          complete: () => undefined,
        },
      );
    });
    await socket.connected;
    const staffSocket = wsSession(api.url, staff.cookieHeader());
    const staffHeard: unknown[] = [];
    staffSocket.client.subscribe<{ notificationAdded: { kind: string } }>(
      { query: `subscription { notificationAdded { id kind } }` },
      // the plan's approval is news to the staff (approved); their own submission is not
      { next: ({ data }) => void (data!.notificationAdded.kind !== 'approved' && staffHeard.push(data)), error: () => undefined, complete: () => undefined },
    );
    await staffSocket.connected;

    await submitted(staff, 'I-001', FY);
    const live = await added;
    expect(live).toMatchObject({ kind: 'waiting', itemId: 'I-001', stage: 'PromotionMeetingReview' });
    expect(live.title).toMatch(/^I-001「.+」\(令和7年度\)があなたの対応を待っています\(推進会議審査\)$/);

    const mail = await smtp.next((m) => recipientsOf(m).includes('head-general@hyoka.example') && (m.subject ?? '').includes('推進会議審査'));
    expect(mail.subject).toBe(`【Hyoka】${live.title}`);
    expect(mail.from?.text).toContain('hyoka@hyoka.example');
    expect(mail.text).toContain('総務部長 様');
    expect(mail.text).toContain('操作した人: 総務部 担当職員');
    expect(mail.text).toContain('https://hyoka.example.org/evaluations/I-001/2025');

    const page = (await head.run(NOTIFICATIONS, { first: 10 })).notifications;
    // the plan's submission (計画承認待ち) and the self-evaluation's
    expect(page.unreadCount).toBe(2);
    expect(page.nodes[0]).toMatchObject({ id: live.id, kind: 'waiting', read: false, actor: { displayName: '総務部 担当職員' } });
    expect(staffHeard).toEqual([]);
    await socket.dispose();
    await staffSocket.dispose();
  });

  it('a return reaches the staff with the reason; marking read lowers the count; nobody else’s ids are touched', async () => {
    const e = await submitted(staff, 'I-002', FY);
    await act(head, RETURN, 'I-002', FY, { expectedVersion: e.version, toStage: 'Draft', reason: '目標値の根拠を記入してください' });
    const mail = await smtp.next((m) => recipientsOf(m).includes('staff-general@hyoka.example') && (m.subject ?? '').includes('差し戻されました'));
    expect(mail.subject).toMatch(/I-002「.+」\(令和7年度\)が差し戻されました\(自己評価作成中\)/);
    expect(mail.text).toContain('理由: 目標値の根拠を記入してください');

    const mine = (await staff.run(NOTIFICATIONS, { first: 10 })).notifications;
    // besides the 部長's approvals of the two plans
    expect(mine.nodes.filter((n: any) => n.kind !== 'approved').map((n: any) => [n.kind, n.itemId, n.reason])).toEqual([['returned', 'I-002', '目標値の根拠を記入してください']]);
    const headPage = (await head.run(NOTIFICATIONS, { first: 10 })).notifications;
    expect(await staff.run(MARK, { ids: headPage.nodes.map((n: any) => n.id) })).toEqual({ markNotificationsRead: mine.unreadCount });
    expect(await staff.run(MARK, { ids: [mine.nodes[0].id] })).toEqual({ markNotificationsRead: mine.unreadCount - 1 });
    expect(await head.run(MARK, { all: true })).toEqual({ markNotificationsRead: 0 });
    expect((await head.run(NOTIFICATIONS, { unreadOnly: true })).notifications.nodes).toEqual([]);
    await expect(head.run(MARK, {})).rejects.toThrow(/ids.*all/);
  });

  it('self-service settings: a bad address is refused in Japanese; the daily digest holds mail back from the immediate path', async () => {
    await expect(head.run(CHANGE_SETTINGS, { input: { email: 'head@', delivery: 'daily', reminderDays: 5 } })).rejects.toThrow(/メールアドレス」の形式/);
    const changed = (await head.run(CHANGE_SETTINGS, { input: { email: 'bucho@hyoka.example', delivery: 'daily', reminderDays: 5 } })).changeNotificationSettings;
    expect(changed).toEqual({ email: 'bucho@hyoka.example', delivery: 'daily', reminderDays: 5, mailEnabled: true });
  });

  it('an administrator sets an address by login name; staff may not', async () => {
    const admin = await api.signIn('admin');
    expect(await admin.run(`mutation { setUserEmail(loginName: "manager", email: "Kanri@Example.JP") }`)).toEqual({ setUserEmail: 'Kanri@example.jp' });
    await expect(staff.run(`mutation { setUserEmail(loginName: "manager", email: "x@example.jp") }`)).rejects.toThrow(/管理者・本人・システムのみ/);
  });
});

describe('without HYOKA_SMTP_URL', () => {
  it('nothing is mailed and the settings say so; in-app notifications still work', async () => {
    const api = await startTestApi();
    try {
      const [staff, head] = await api.signInAll('staff-general', 'head-general');
      expect((await head.run(SETTINGS)).notificationSettings.mailEnabled).toBe(false);
      await submitted(staff, 'I-001', FY);
      const { notifications } = await head.run(NOTIFICATIONS, { first: 5 });
      expect(notifications.nodes.map((n: any) => n.stage)).toEqual(['PromotionMeetingReview', 'PlanReview']);
      expect(notifications.unreadCount).toBe(2);
    } finally {
      await api.dispose();
    }
  }, 60_000);
});
