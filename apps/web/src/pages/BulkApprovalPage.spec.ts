import { cleanup, fireEvent, screen, within } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
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

function api(viewer: ViewerFieldsFragment, items = forwardable, onMutation?: (call: FakeCall) => unknown) {
  return fakeApi((call) => {
    switch (call.operationName) {
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
