import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Clock } from '../auth/clock.js';
import { approvedPlan } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const CALENDAR = `query($fiscalYear: Int!) { calendar(fiscalYear: $fiscalYear) { fiscalYear label dueDates { key label date } setBy { displayName } setAt } }`;
const SET_DUE_DATES = `mutation($input: SetDueDatesInput!) { setDueDates(input: $input) { fiscalYear dueDates { key label date } setBy { displayName } } }`;
const DUE_INBOX = `query($fiscalYear: Int) { inbox(fiscalYear: $fiscalYear) { groups { stage items { itemId stage dueDate overdueDays } } } }`;
const DUE_EVALUATION = `query($itemId: ID!, $fiscalYear: Int!) { evaluation(itemId: $itemId, fiscalYear: $fiscalYear) { stage dueDate overdueDays } }`;
const DUE_BOARD = `query($fiscalYear: Int!) { board(fiscalYear: $fiscalYear) { entries { itemId stage dueDate overdueDays } } }`;

const FY = 2025;
const ITEM = 'I-002'; // 総務部

describe('the year calendar (期限) over HTTP, through the real store', () => {
  let api: TestApi;
  let now = Date.parse('2025-04-10T00:00:00.000Z');

  beforeAll(async () => {
    api = await startTestApi();
    vi.spyOn(api.app.get(Clock), 'now').mockImplementation(() => now);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await api?.dispose();
  });

  it('an opened year has a calendar with its six due dates, none set yet', async () => {
    const staff = await api.signIn('staff-general');
    const { calendar } = await staff.run(CALENDAR, { fiscalYear: FY });
    expect(calendar).toMatchObject({ fiscalYear: FY, label: '令和7年度(2025年度)', setBy: null });
    expect(calendar.dueDates.map((d: { label: string }) => d.label)).toEqual([
      '単年度計画の提出',
      '単年度計画の承認',
      '自己評価の提出',
      '推進会議の審査',
      '管理職会議の審査',
      '評価検証委員会の審査',
    ]);
    expect(calendar.dueDates.every((d: { date: unknown }) => d.date === null)).toBe(true);
    expect((await staff.errorOf(CALENDAR, { fiscalYear: 2031 })).extensions?.code).toBe('NOT_FOUND');
  });

  it('only an administrator sets due dates; wrong dates are refused in Japanese', async () => {
    const [staff, admin] = await api.signInAll('staff-general', 'admin');
    const forbidden = await staff.errorOf(SET_DUE_DATES, { input: { fiscalYear: FY, planSubmission: '2025-05-31' } });
    expect(forbidden.extensions?.code).toBe('FORBIDDEN');
    expect(forbidden.message).toMatch(/「年度の期限の設定」は管理者のみ/);

    const outside = await admin.errorOf(SET_DUE_DATES, { input: { fiscalYear: FY, planSubmission: '2026-05-31' } });
    expect(outside.extensions?.code).toBe('VALIDATION');
    expect(outside.message).toMatch(/2025年4月1日〜2026年3月31日の間/);
    const unordered = await admin.errorOf(SET_DUE_DATES, { input: { fiscalYear: FY, planSubmission: '2025-06-30', planApproval: '2025-06-01' } });
    expect(unordered.message).toMatch(/「単年度計画の承認」の期限\(2025-06-01\)は「単年度計画の提出」の期限\(2025-06-30\)より前/);

    const { setDueDates } = await admin.run(SET_DUE_DATES, { input: { fiscalYear: FY, planSubmission: '2025-05-31', selfEvaluation: '2026-01-31' } });
    expect(setDueDates.setBy).toEqual({ displayName: '管理者' });
    expect(Object.fromEntries(setDueDates.dueDates.map((d: { key: string; date: string | null }) => [d.key, d.date]))).toEqual({
      planSubmission: '2025-05-31',
      planApproval: null,
      selfEvaluation: '2026-01-31',
      promotionMeeting: null,
      managersMeeting: null,
      committee: null,
    });
  });

  it('the inbox, the evaluation and the board show the due date of the stage, and overdue days once the clock passes it', async () => {
    const staff = await api.signIn('staff-general');
    await approvedPlan(staff, ITEM, FY);

    const inboxRow = async (itemId: string) => {
      const { inbox } = await (await api.signIn('staff-general')).run(DUE_INBOX, { fiscalYear: FY });
      return inbox.groups.flatMap((g: { items: unknown[] }) => g.items).find((i: { itemId: string }) => i.itemId === itemId);
    };
    const evaluation = async () => (await (await api.signIn('staff-general')).run(DUE_EVALUATION, { itemId: ITEM, fiscalYear: FY })).evaluation;
    const boardRow = async () =>
      (await (await api.signIn('staff-general')).run(DUE_BOARD, { fiscalYear: FY })).board.entries.find((e: { itemId: string }) => e.itemId === ITEM);

    now = Date.parse('2026-01-26T00:00:00.000Z'); // 1月26日 09:00 JST
    expect(await inboxRow(ITEM)).toMatchObject({ stage: 'Draft', dueDate: '2026-01-31', overdueDays: -5 });
    expect(await inboxRow('I-001')).toMatchObject({ stage: 'NotStarted', dueDate: '2025-05-31', overdueDays: 240 });

    now = Date.parse('2026-01-31T14:59:00.000Z'); // 23:59 JST on the due day: not yet overdue
    expect(await evaluation()).toEqual({ stage: 'Draft', dueDate: '2026-01-31', overdueDays: 0 });

    now = Date.parse('2026-02-03T03:00:00.000Z');
    expect(await inboxRow(ITEM)).toMatchObject({ dueDate: '2026-01-31', overdueDays: 3 });
    expect(await evaluation()).toEqual({ stage: 'Draft', dueDate: '2026-01-31', overdueDays: 3 });
    expect(await boardRow()).toEqual({ itemId: ITEM, stage: 'Draft', dueDate: '2026-01-31', overdueDays: 3 });
  });
});
