import { cleanup, fireEvent, screen, within } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ViewerFieldsFragment } from '../gql/generated.js';
import { fakeApi, type FakeCall } from '../testing/fake-api.js';
import { boardEntry, inbox, inboxItem, viewers } from '../testing/fixtures.js';
import { renderPage } from '../testing/render-page.js';
import BulkApprovalPage from './BulkApprovalPage.vue';

afterEach(cleanup);

const forwardable = [
  inboxItem('I-001', { stage: 'ManagersMeetingReview', action: 'ForwardToCommittee', version: 5 }),
  inboxItem('I-002', { stage: 'ManagersMeetingReview', action: 'ForwardToCommittee', version: 7 }),
];

/** An open 管理職会議 session, as the meetings query answers it. */
const openSession = (body: 'managersMeeting' | 'promotionMeeting', meetingId: string, departmentId: string | null = null) => ({
  meetingId,
  body,
  bodyLabel: body === 'managersMeeting' ? '管理職会議' : '推進会議',
  departmentId,
  fiscalYear: 2025,
  date: '2025-11-20',
  place: '第1会議室',
  chair: { userId: 'u-sg', displayName: '事務局長' },
  invited: [],
  present: [],
  quorum: 1,
  agenda: [],
  minutes: null,
  status: 'Open',
  statusLabel: '開催中',
  version: 3,
  decisions: [],
});

function api(viewer: ViewerFieldsFragment, items = forwardable, onMutation?: (call: FakeCall) => unknown, meetings: unknown[] = []) {
  return fakeApi((call) => {
    switch (call.operationName) {
      case 'Meetings':
        return { data: { meetings: meetings.filter((m) => (m as { body: string }).body === call.variables['body']) } };
      case 'Viewer':
        return { data: { viewer } };
      case 'Inbox':
        return { data: { inbox: inbox(items) } };
      case 'Board':
        return {
          data: {
            board: { fiscalYear: 2025, asOf: null, entries: [boardEntry('I-001', 2025, { selfGrade: 'A' }), boardEntry('I-002', 2025, { selfGrade: 'C' })] },
          },
        };
      default:
        return { data: onMutation?.(call) };
    }
  });
}

describe('BulkApprovalPage', () => {
  it('管理職会議: proposes each item at its self grade, asks for a reason when changed, and reports each item’s result', async () => {
    const fake = api(viewers.secretaryGeneral, forwardable, () => ({
      forwardEvaluations: [
        { itemId: 'I-001', fiscalYear: 2025, ok: true, version: 6, errorCode: null, errorMessage: null },
        { itemId: 'I-002', fiscalYear: 2025, ok: false, version: null, errorCode: 'CONFLICT', errorMessage: '他の人が更新しました。' },
      ],
    }));
    await renderPage(BulkApprovalPage, '/bulk-approval', fake);
    const section = await screen.findByRole('region', { name: '管理職会議審査 — 総合評価(案)を付けてまとめて送付' });
    expect(screen.queryByRole('region', { name: /推進会議審査/ })).toBeNull();

    const first = within(section).getByRole('combobox', { name: 'I-001 実施項目 I-001 の総合評価(案)' }) as HTMLSelectElement;
    const second = within(section).getByRole('combobox', { name: 'I-002 実施項目 I-002 の総合評価(案)' }) as HTMLSelectElement;
    expect([first.value, second.value]).toEqual(['A', 'C']);
    await fireEvent.update(second, 'B');
    expect(within(section).getByText('自己評価と異なるため理由が必要です')).toBeTruthy();
    await fireEvent.update(within(section).getByRole('textbox', { name: 'I-002 実施項目 I-002 の変更の理由' }), '聞き取りの結果');
    expect(within(section).queryByText('自己評価と異なるため理由が必要です')).toBeNull();

    await fireEvent.click(within(section).getByRole('checkbox', { name: 'すべて選択' }));
    await fireEvent.click(within(section).getByRole('button', { name: '選択した2件を評価検証委員会へ送付' }));
    expect(await within(section).findByText('1件を送付しました。1件は送付できませんでした。')).toBeTruthy();
    expect(within(section).getByText('I-002 実施項目 I-002: 他の人が更新しました。')).toBeTruthy();
    const sent = fake.calls.find((c) => c.operationName === 'ForwardEvaluations')!.variables['input'] as { items: unknown[] };
    expect(sent.items).toEqual([
      { itemId: 'I-001', fiscalYear: 2025, expectedVersion: 5, proposedGrade: 'A', reason: null },
      { itemId: 'I-002', fiscalYear: 2025, expectedVersion: 7, proposedGrade: 'B', reason: '聞き取りの結果' },
    ]);
  });

  it('管理職会議: the decisions are recorded in the open session (chosen when it is the only one), or in none when the chair says so', async () => {
    const outcome = (itemId: string) => ({ itemId, fiscalYear: 2025, ok: true, version: 6, errorCode: null, errorMessage: null });
    const fake = api(viewers.secretaryGeneral, forwardable, () => ({ forwardEvaluations: [outcome('I-001')] }), [
      openSession('managersMeeting', 'mtg-managers-1'),
      { ...openSession('managersMeeting', 'mtg-closed'), status: 'Closed' },
    ]);
    await renderPage(BulkApprovalPage, '/bulk-approval', fake);
    const section = await screen.findByRole('region', { name: '管理職会議審査 — 総合評価(案)を付けてまとめて送付' });
    const picker = within(section).getByRole('combobox', { name: 'この決定を記録する会議' }) as HTMLSelectElement;
    expect([...picker.options].map((o) => o.text)).toEqual(['会議を指定しない', '管理職会議 2025-11-20 第1会議室']);
    expect(picker.value).toBe('mtg-managers-1');
    await fireEvent.click(within(section).getByRole('checkbox', { name: 'I-001 実施項目 I-001 を選択' }));
    await fireEvent.click(within(section).getByRole('button', { name: '選択した1件を評価検証委員会へ送付' }));
    await within(section).findByText('1件を送付しました。0件は送付できませんでした。');
    const calls = fake.calls.filter((c) => c.operationName === 'ForwardEvaluations');
    expect((calls[0]!.variables['input'] as { meetingId?: string }).meetingId).toBe('mtg-managers-1');

    await fireEvent.update(picker, '');
    await fireEvent.click(within(section).getByRole('checkbox', { name: 'I-002 実施項目 I-002 を選択' }));
    await fireEvent.click(within(section).getByRole('button', { name: /評価検証委員会へ送付/ }));
    await vi.waitFor(() => expect(fake.calls.filter((c) => c.operationName === 'ForwardEvaluations')).toHaveLength(2));
    expect(fake.calls.filter((c) => c.operationName === 'ForwardEvaluations')[1]!.variables['input']).not.toHaveProperty('meetingId');
  });

  it('推進会議: only the open sessions of the chair’s own 部 are offered', async () => {
    const fake = api(viewers.chair, [inboxItem('I-003', { version: 4 })], undefined, [
      openSession('promotionMeeting', 'mtg-own', viewers.chair.roles.find((r) => r.role === 'DepartmentHead')!.departmentId),
      openSession('promotionMeeting', 'mtg-other', 'some-other-department'),
    ]);
    await renderPage(BulkApprovalPage, '/bulk-approval', fake);
    const section = await screen.findByRole('region', { name: '推進会議審査 — まとめて承認' });
    const picker = within(section).getByRole('combobox', { name: 'この決定を記録する会議' }) as HTMLSelectElement;
    expect([...picker.options].map((o) => o.value)).toEqual(['', 'mtg-own']);
  });

  it('推進会議: the chair approves the chosen items, each with the version shown', async () => {
    const waiting = [inboxItem('I-003', { version: 4 }), inboxItem('I-004', { version: 8 })];
    const fake = api(viewers.chair, waiting, () => ({
      approveEvaluations: [{ itemId: 'I-004', fiscalYear: 2025, ok: true, version: 9, errorCode: null, errorMessage: null }],
    }));
    await renderPage(BulkApprovalPage, '/bulk-approval', fake);
    const section = await screen.findByRole('region', { name: '推進会議審査 — まとめて承認' });
    const submit = within(section).getByRole('button', { name: '選択した0件を承認' });
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(within(section).getByRole('checkbox', { name: 'I-004 実施項目 I-004 を選択' }));
    await fireEvent.click(within(section).getByRole('button', { name: '選択した1件を承認' }));
    expect(await within(section).findByText('1件を承認しました。0件は承認できませんでした。')).toBeTruthy();
    expect(fake.calls.find((c) => c.operationName === 'ApproveEvaluations')?.variables['input']).toMatchObject({
      items: [{ itemId: 'I-004', fiscalYear: 2025, expectedVersion: 8 }],
    });
  });

  it('tells staff that bulk approval is for the chairs', async () => {
    await renderPage(BulkApprovalPage, '/bulk-approval', api(viewers.staff, []));
    expect(await screen.findByTestId('bulk-not-for-you')).toBeTruthy();
    expect(screen.queryAllByRole('region')).toHaveLength(0);
  });
});
