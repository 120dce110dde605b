import { cleanup, fireEvent, screen, waitFor } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../testing/fake-api.js';
import { viewers } from '../testing/fixtures.js';
import { renderPage } from '../testing/render-page.js';
import NotificationBell from './NotificationBell.vue';

afterEach(cleanup);

const returned = {
  id: 'n-1',
  kind: 'returned',
  title: 'I-001「理事会の運営」(令和7年度)が差し戻されました(作成中)',
  itemId: 'I-001',
  fiscalYear: 2025,
  reason: '根拠を追記してください',
  at: '2025-06-01T00:00:00.000Z',
  read: false,
};

function api() {
  return fakeApi((call) => {
    if (call.operationName === 'Viewer') return { data: { viewer: viewers.staff } };
    if (call.operationName === 'Notifications') return { data: { notifications: { unreadCount: 1, hasMore: false, endCursor: 'n-1', nodes: [returned] } } };
    if (call.operationName === 'MarkNotificationsRead') return { data: { markNotificationsRead: 0 } };
    return { errors: [{ message: 'unexpected', extensions: { code: 'INTERNAL' } }] };
  });
}

describe('NotificationBell (お知らせ)', () => {
  it('shows the unread count and raises it live when the subscription brings one', async () => {
    const fake = api();
    await renderPage(NotificationBell, '/', fake);
    expect((await screen.findByTestId('notification-count')).textContent).toBe('1');
    await waitFor(() => expect(fake.subscriptions().map((s) => s.operationName)).toContain('NotificationAdded'));
    fake.push('NotificationAdded', { notificationAdded: { ...returned, id: 'n-2', kind: 'waiting', title: 'I-002「…」があなたの対応を待っています' } });
    await waitFor(() => expect(screen.getByTestId('notification-count').textContent).toBe('2'));
    expect(screen.getByRole('button', { name: 'お知らせ 未読 2 件' })).not.toBeNull();
  });

  it('lists the notifications with the reason; opening one marks it read and goes to the item', async () => {
    const fake = api();
    await renderPage(NotificationBell, '/', fake);
    await fireEvent.click(await screen.findByRole('button', { name: 'お知らせ 未読 1 件' }));
    expect(await screen.findByText('根拠を追記してください')).not.toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: returned.title }));
    await waitFor(() => expect(fake.calls.find((c) => c.operationName === 'MarkNotificationsRead')?.variables).toEqual({ ids: ['n-1'] }));
    await waitFor(() => expect(screen.queryByTestId('notification-count')).toBeNull());
  });

  it('marks all as read', async () => {
    const fake = api();
    await renderPage(NotificationBell, '/', fake);
    await fireEvent.click(await screen.findByRole('button', { name: 'お知らせ 未読 1 件' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'すべて既読にする' }));
    await waitFor(() => expect(fake.calls.find((c) => c.operationName === 'MarkNotificationsRead')?.variables).toEqual({ all: true }));
  });
});
