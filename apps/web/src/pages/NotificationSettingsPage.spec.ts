import { cleanup, fireEvent, screen } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../testing/fake-api.js';
import { viewers } from '../testing/fixtures.js';
import { renderPage } from '../testing/render-page.js';
import NotificationSettingsPage from './NotificationSettingsPage.vue';

afterEach(cleanup);

function api(mailEnabled: boolean) {
  const settings = { email: 'staff-general@hyoka.example', delivery: 'immediate', reminderDays: 3, mailEnabled };
  return fakeApi((call) => {
    if (call.operationName === 'Viewer') return { data: { viewer: viewers.staff } };
    if (call.operationName === 'NotificationSettings') return { data: { notificationSettings: settings } };
    return { data: { changeNotificationSettings: { ...settings, ...(call.variables['input'] as object) } } };
  });
}

describe('NotificationSettingsPage (通知設定)', () => {
  it('says when e-mail is not configured', async () => {
    await renderPage(NotificationSettingsPage, '/notifications/settings', api(false));
    expect((await screen.findByTestId('mail-disabled')).textContent).toContain('メール送信は設定されていません');
  });

  it('saves the address, the daily digest and the reminder days', async () => {
    const fake = api(true);
    await renderPage(NotificationSettingsPage, '/notifications/settings', fake);
    expect(screen.queryByTestId('mail-disabled')).toBeNull();
    await fireEvent.update(await screen.findByLabelText('メールアドレス'), 'sato@hyoka.example');
    await fireEvent.click(screen.getByLabelText('1日1回のまとめ'));
    await fireEvent.update(screen.getByLabelText('期限の何日前に知らせるか'), '7');
    await fireEvent.click(screen.getByRole('button', { name: '保存する' }));
    expect(await screen.findByText('通知設定を保存しました。')).not.toBeNull();
    expect(fake.calls.find((c) => c.operationName === 'ChangeNotificationSettings')?.variables).toEqual({
      input: { email: 'sato@hyoka.example', delivery: 'daily', reminderDays: 7 },
    });
  });
});
