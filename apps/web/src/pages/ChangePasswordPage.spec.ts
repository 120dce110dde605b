import { cleanup, fireEvent, screen } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, type FakeAnswer } from '../testing/fake-api.js';
import { viewers } from '../testing/fixtures.js';
import { renderPage } from '../testing/render-page.js';
import ChangePasswordPage from './ChangePasswordPage.vue';

afterEach(cleanup);

function setup(answer: () => FakeAnswer) {
  const fake = fakeApi((call) => (call.operationName === 'Viewer' ? { data: { viewer: viewers.chair } } : answer()));
  return fake;
}

async function fill(current: string, next: string, confirm = next) {
  await fireEvent.update(await screen.findByLabelText('現在のパスワード'), current);
  await fireEvent.update(screen.getByLabelText('新しいパスワード'), next);
  await fireEvent.update(screen.getByLabelText('新しいパスワード（確認）'), confirm);
  await fireEvent.click(screen.getByRole('button', { name: '変更する' }));
}

describe('ChangePasswordPage (パスワード変更)', () => {
  it('sends the current and the new password, then says the other sign-ins ended', async () => {
    const fake = setup(() => ({ data: { changeOwnPassword: viewers.chair } }));
    await renderPage(ChangePasswordPage, '/password', fake);
    await fill('old-password', 'a new long passphrase');
    expect(await screen.findByText(/パスワードを変更しました/)).toBeTruthy();
    expect(fake.calls.find((c) => c.operationName === 'ChangeOwnPassword')?.variables).toEqual({
      input: { currentPassword: 'old-password', newPassword: 'a new long passphrase' },
    });
  });

  it('checks the confirmation before sending anything', async () => {
    const fake = setup(() => ({ data: { changeOwnPassword: viewers.chair } }));
    await renderPage(ChangePasswordPage, '/password', fake);
    await fill('old-password', 'a new long passphrase', 'a new long passphrase!');
    expect(await screen.findByText('新しいパスワードと確認用の入力が一致しません。')).toBeTruthy();
    expect(fake.calls.some((c) => c.operationName === 'ChangeOwnPassword')).toBe(false);
  });

  it('shows the API\'s Japanese reasons: a wrong current password, a new one against the policy', async () => {
    let answer: FakeAnswer = {
      errors: [{ message: '現在のパスワードが正しくありません。', extensions: { code: 'VALIDATION', details: { field: 'currentPassword' } } as never }],
    };
    const fake = setup(() => answer);
    await renderPage(ChangePasswordPage, '/password', fake);
    await fill('wrong', 'a new long passphrase');
    expect(await screen.findByText('現在のパスワードが正しくありません。入力を確かめて、もう一度お試しください。')).toBeTruthy();
    answer = {
      errors: [
        { message: '新しいパスワード: パスワードは8文字以上にしてください。', extensions: { code: 'VALIDATION', details: { field: 'newPassword' } } as never },
      ],
    };
    await fill('old-password', 'short');
    expect(await screen.findByText('新しいパスワード: パスワードは8文字以上にしてください。')).toBeTruthy();
  });
});
