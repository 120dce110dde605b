import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../testing/fake-api.js';
import { inbox, inboxItem, viewers } from '../testing/fixtures.js';
import { renderPage } from '../testing/render-page.js';
import InboxPage from './InboxPage.vue';

afterEach(cleanup);

describe('InboxPage (自分の作業)', () => {
  it('groups what waits for me by stage, with counts, links to each evaluation and the return reason', async () => {
    const fake = fakeApi((call) => {
      if (call.operationName === 'Viewer') return { data: { viewer: viewers.chair } };
      return {
        data: {
          inbox: inbox([
            inboxItem('I-001', { itemName: '研修会の開催' }),
            inboxItem('I-002'),
            inboxItem('I-003', { stage: 'ManagersMeetingReview', action: 'ReturnEvaluation', returnedReason: '根拠を追記してください' }),
          ]),
        },
      };
    });
    await renderPage(InboxPage, '/', fake);

    const review = await screen.findByRole('region', { name: /推進会議審査/ });
    expect(within(review).queryByText('2件')).not.toBeNull();
    const link = within(review).getByRole('link', { name: 'I-001 研修会の開催' });
    expect(link.getAttribute('href')).toBe('/evaluations/I-001/2025');
    expect(within(review).getAllByText('待っている操作: 承認')).toHaveLength(2);

    // returned work comes first, under its own heading, with the reason
    const returned = screen.getByRole('region', { name: /差し戻されたもの/ });
    expect(within(returned).queryByText('1件')).not.toBeNull();
    expect(within(returned).queryByText('差し戻しの理由: 根拠を追記してください')).not.toBeNull();
    expect(screen.getAllByRole('region').map((r) => r.getAttribute('aria-labelledby'))).toEqual(['inbox-returned', 'inbox-PromotionMeetingReview']);
    expect(fake.calls.find((c) => c.operationName === 'Inbox')?.variables).toEqual({ fiscalYear: 2025 });
  });

  it('lists 自分の担当 after returned work and before the rest of the 部, with each item’s 担当者', async () => {
    const me = { userId: viewers.staff.userId, displayName: viewers.staff.displayName };
    const fake = fakeApi((call) => {
      if (call.operationName === 'Viewer') return { data: { viewer: viewers.staff } };
      return {
        data: {
          inbox: inbox([
            inboxItem('I-001', { stage: 'Draft', action: 'SubmitEvaluation' }),
            inboxItem('I-002', { stage: 'Draft', action: 'SubmitEvaluation', mine: true, assignees: [me] }),
            inboxItem('I-003', { stage: 'Draft', action: 'SubmitEvaluation', returnedReason: '再確認してください' }),
          ]),
        },
      };
    });
    await renderPage(InboxPage, '/', fake);
    await screen.findByRole('region', { name: /自分の担当/ });
    expect(screen.getAllByRole('region').map((r) => r.getAttribute('aria-labelledby'))).toEqual(['inbox-returned', 'inbox-mine', 'inbox-Draft']);
    expect(within(screen.getByRole('region', { name: /自分の担当/ })).queryByText(`担当者: ${me.displayName}`)).not.toBeNull();
    expect(within(screen.getByRole('region', { name: /作成中/ })).queryByText('担当者なし')).not.toBeNull();
    // staff choose no one: no selection, no assignment form
    expect(screen.queryByRole('form', { name: '担当者を割り当てる' })).toBeNull();
    expect(screen.queryAllByRole('checkbox')).toHaveLength(0);
  });

  it('asks the API again with the chosen stage, 担当者 and order', async () => {
    const fake = fakeApi((call) => (call.operationName === 'Viewer' ? { data: { viewer: viewers.staff } } : { data: { inbox: inbox([]) } }));
    await renderPage(InboxPage, '/', fake);
    await screen.findByText('いまあなたの操作を待っている評価はありません。');
    await fireEvent.update(screen.getByTestId('filter-assignee'), 'mine');
    await fireEvent.update(screen.getByTestId('filter-stage'), 'Draft');
    await fireEvent.update(screen.getByTestId('filter-sort'), 'DUE_DATE');
    await waitFor(() =>
      expect(fake.calls.filter((c) => c.operationName === 'Inbox').at(-1)?.variables).toEqual({
        fiscalYear: 2025,
        mine: true,
        stage: 'Draft',
        sort: 'DUE_DATE',
      }),
    );
  });

  it('lets a 部長 choose items and assign staff of the 部 to them', async () => {
    let assigned = false;
    const fake = fakeApi((call) => {
      if (call.operationName === 'Viewer') return { data: { viewer: viewers.chair } };
      if (call.operationName === 'AssignableStaff') {
        return { data: { assignableStaff: [{ userId: 'demo-staff-general', displayName: '総務部 担当職員', departmentId: 'general-affairs' }] } };
      }
      if (call.operationName === 'AssignItems') {
        assigned = true;
        return {
          data: {
            assignItems: [
              { itemId: 'I-001', ok: true, changed: true, assignees: [{ userId: 'demo-staff-general', displayName: '総務部 担当職員' }], errorCode: null, errorMessage: null },
            ],
          },
        };
      }
      const assignees = assigned ? [{ userId: 'demo-staff-general', displayName: '総務部 担当職員' }] : [];
      return { data: { inbox: inbox([inboxItem('I-001', { assignees }), inboxItem('I-002')]) } };
    });
    await renderPage(InboxPage, '/', fake);
    await fireEvent.click(await screen.findByRole('checkbox', { name: 'I-001 実施項目 I-001 を選択' }));
    await fireEvent.click(await screen.findByRole('checkbox', { name: '総務部 担当職員' }));
    await fireEvent.click(screen.getByRole('button', { name: '選んだ1件に割り当てる' }));
    expect((await screen.findByTestId('assign-result')).textContent).toContain('1件の担当者を更新しました');
    expect(fake.calls.find((c) => c.operationName === 'AssignItems')?.variables).toMatchObject({
      itemIds: ['I-001'],
      assignees: ['demo-staff-general'],
      mode: 'ADD',
    });
    expect(await screen.findByText('担当者: 総務部 担当職員')).toBeTruthy();
  });

  it('shows the loading state first, then says plainly that nothing waits', async () => {
    let answer!: (value: { data: unknown }) => void;
    const pending = new Promise<{ data: unknown }>((resolve) => (answer = resolve));
    const fake = fakeApi((call) => (call.operationName === 'Viewer' ? { data: { viewer: viewers.staff } } : pending));
    await renderPage(InboxPage, '/', fake);

    expect((await screen.findByRole('status')).textContent).toContain('読み込み中…');
    answer({ data: { inbox: inbox([]) } });
    expect(await screen.findByText('いまあなたの操作を待っている評価はありません。')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.queryAllByRole('region')).toHaveLength(0);
  });

  it('updates without a reload when the API announces a change', async () => {
    let items = [inboxItem('I-001')];
    const fake = fakeApi((call) => (call.operationName === 'Viewer' ? { data: { viewer: viewers.chair } } : { data: { inbox: inbox(items) } }));
    await renderPage(InboxPage, '/', fake);
    await screen.findByRole('link', { name: /I-001/ });
    await waitFor(() => expect(fake.subscriptions()).toEqual([{ operationName: 'BoardChanged', variables: { fiscalYear: 2025 } }]));

    items = [inboxItem('I-001'), inboxItem('I-009')];
    fake.push('BoardChanged', { boardChanged: { fiscalYear: 2025, itemId: 'I-009', type: 'EvaluationSubmitted', version: 3, position: '90' } });
    expect(await screen.findByRole('link', { name: /I-009/ })).toBeTruthy();
    expect(within(screen.getByRole('region', { name: /推進会議審査/ })).queryByText('2件')).not.toBeNull();
  });

  it('shows the API error in Japanese when the inbox cannot be read', async () => {
    const fake = fakeApi((call) =>
      call.operationName === 'Viewer'
        ? { data: { viewer: viewers.staff } }
        : { errors: [{ message: 'x', extensions: { code: 'INTERNAL' } }] },
    );
    await renderPage(InboxPage, '/', fake);
    expect((await screen.findByRole('alert')).textContent).toContain('サーバーで予期しないエラーが発生しました');
  });
});

describe('InboxPage: due dates (期限)', () => {
  it('shows each item due date and flags overdue work by days', async () => {
    const fake = fakeApi((call) => {
      if (call.operationName === 'Viewer') return { data: { viewer: viewers.staff } };
      return {
        data: {
          inbox: inbox([
            inboxItem('I-001', { stage: 'Draft', action: 'SubmitEvaluation', dueDate: '2026-01-31', overdueDays: 3 }),
            inboxItem('I-002', { stage: 'Draft', action: 'SubmitEvaluation', dueDate: '2026-01-31', overdueDays: -5 }),
            inboxItem('I-003', { stage: 'Draft', action: 'SubmitEvaluation' }),
          ]),
        },
      };
    });
    await renderPage(InboxPage, '/', fake);

    const draft = await screen.findByRole('region', { name: /作成中/ });
    const rows = within(draft).getAllByRole('listitem');
    expect(within(rows[0]!).queryByText('期限を3日超過')).not.toBeNull();
    expect(within(rows[0]!).queryByText('期限 2026/01/31')).not.toBeNull();
    expect(within(rows[1]!).queryByText('期限まで5日')).not.toBeNull();
    expect(within(rows[2]!).queryByTestId('due')).toBeNull();
  });
});
