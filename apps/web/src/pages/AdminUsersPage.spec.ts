import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, type FakeAnswer } from '../testing/fake-api.js';
import { fiscalYears, plan, viewers } from '../testing/fixtures.js';
import { renderPage } from '../testing/render-page.js';
import AdminUsersPage from './AdminUsersPage.vue';

afterEach(cleanup);

const admin = { userId: 'demo-admin', loginName: 'admin', displayName: '管理者', roles: [{ role: 'Admin', departmentId: null, label: '管理者' }] };
const USERS = [
  { ...viewers.chair, email: 'head-general@hyoka.example', disabled: false },
  { ...viewers.staff, email: null, disabled: false },
  { userId: 'u-retired', loginName: 'retired', displayName: '退職者', roles: [], email: 'old@hyoka.example', disabled: true },
];

// the plan as the 組織 page left it: a 施設部 added, an old 部 retired
const PLAN = {
  ...plan,
  departments: [...plan.departments, { id: 'facility', name: '施設部', retired: false }, { id: 'closed', name: '旧事業部', retired: true }],
};

function api(setUserEmail: (variables: Record<string, unknown>) => FakeAnswer, grantRole?: (variables: Record<string, unknown>) => FakeAnswer) {
  return fakeApi((call) => {
    if (call.operationName === 'Viewer') return { data: { viewer: admin } };
    if (call.operationName === 'Users') return { data: { users: USERS } };
    if (call.operationName === 'Plan') return { data: { plan: PLAN } };
    if (call.operationName === 'FiscalYears') return { data: { fiscalYears } };
    if (call.operationName === 'SetUserEmail') return setUserEmail(call.variables);
    if (call.operationName === 'GrantRole' && grantRole) return grantRole(call.variables);
    throw new Error(`unexpected ${call.operationName}`);
  });
}

const rowOf = async (loginName: string) => within(await screen.findByTestId(`user-${loginName}`));

describe('AdminUsersPage (利用者管理)', () => {
  it('lists login name, name, roles with their 部, address and status; a disabled account offers no change', async () => {
    await renderPage(AdminUsersPage, '/admin/users', api(() => ({ data: { setUserEmail: null } })));
    const head = await rowOf('head-general');
    expect(head.getByText('総務部長')).not.toBeNull();
    expect(head.getByText('部長(総務部)')).not.toBeNull();
    // each role is listed with its own 取り消し
    expect(head.getByRole('button', { name: '総務部長 の「管理職」を取り消し' })).not.toBeNull();
    expect(head.getByTestId('email').textContent).toBe('head-general@hyoka.example');
    expect(head.getByText('有効')).not.toBeNull();
    expect((await rowOf('staff-general')).getByTestId('email').textContent).toBe('未設定');
    const retired = await rowOf('retired');
    expect(retired.getByText('無効')).not.toBeNull();
    expect(retired.queryByRole('button', { name: /メールアドレスを変更/ })).toBeNull();
  });

  it('grants a role in a 部 of the plan: a 部 just added is offered, a retired one is not', async () => {
    const fake = api(
      () => ({ data: { setUserEmail: null } }),
      (v) => ({ data: { grantRole: { userId: viewers.staff.userId, roles: [...viewers.staff.roles, { role: v['role'], departmentId: v['departmentId'], label: '担当職員(施設部)' }] } } }),
    );
    await renderPage(AdminUsersPage, '/admin/users', fake);
    const staff = await rowOf('staff-general');
    await fireEvent.update(staff.getByLabelText('役割'), 'Staff');
    const department = staff.getByLabelText('部') as HTMLSelectElement;
    await waitFor(() => expect([...department.options].map((o) => o.textContent)).toEqual(['部を選んでください', '総務部', '地域福祉部', '生活支援部', '施設部']));
    await fireEvent.update(department, 'facility');
    await fireEvent.click(staff.getByRole('button', { name: '付与' }));
    expect((await screen.findByRole('status')).textContent).toContain('総務部 担当職員 に役割を付与しました。');
    expect(staff.getByText(/担当職員\(施設部\)/)).not.toBeNull();
    expect(fake.calls.find((c) => c.operationName === 'GrantRole')?.variables).toEqual({ loginName: 'staff-general', role: 'Staff', departmentId: 'facility' });
  });

  it('a role without a 部 asks for none, and a refusal is shown in Japanese', async () => {
    const fake = api(
      () => ({ data: { setUserEmail: null } }),
      () => ({ errors: [{ message: '「評価検証委員」の役割は既に付与されています', extensions: { code: 'ILLEGAL_TRANSITION' } }] }),
    );
    await renderPage(AdminUsersPage, '/admin/users', fake);
    const staff = await rowOf('staff-general');
    await fireEvent.update(staff.getByLabelText('役割'), 'CommitteeMember');
    expect(staff.queryByLabelText('部')).toBeNull();
    await fireEvent.click(staff.getByRole('button', { name: '付与' }));
    expect((await screen.findByTestId('users-problem')).textContent).toBe('「評価検証委員」の役割は既に付与されています');
    expect(fake.calls.find((c) => c.operationName === 'GrantRole')?.variables).toEqual({ loginName: 'staff-general', role: 'CommitteeMember', departmentId: null });
  });

  it('changes an address in place and shows the address the API stored', async () => {
    const fake = api((v) => ({ data: { setUserEmail: String(v['email']).replace('EXAMPLE.JP', 'example.jp') } }));
    await renderPage(AdminUsersPage, '/admin/users', fake);
    await fireEvent.click(await screen.findByRole('button', { name: '総務部 担当職員 のメールアドレスを変更' }));
    await fireEvent.update(screen.getByLabelText('総務部 担当職員 のメールアドレス'), ' sato@EXAMPLE.JP ');
    await fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect((await screen.findByRole('status')).textContent).toContain('総務部 担当職員 のメールアドレスを変更しました。');
    expect((await rowOf('staff-general')).getByTestId('email').textContent).toBe('sato@example.jp');
    expect(fake.calls.find((c) => c.operationName === 'SetUserEmail')?.variables).toEqual({ loginName: 'staff-general', email: 'sato@EXAMPLE.JP' });
  });

  it('an emptied field removes the address', async () => {
    const fake = api(() => ({ data: { setUserEmail: null } }));
    await renderPage(AdminUsersPage, '/admin/users', fake);
    await fireEvent.click(await screen.findByRole('button', { name: '総務部長 のメールアドレスを変更' }));
    await fireEvent.update(screen.getByLabelText('総務部長 のメールアドレス'), '  ');
    await fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect((await screen.findByRole('status')).textContent).toContain('総務部長 のメールアドレスを削除しました。');
    expect(fake.calls.find((c) => c.operationName === 'SetUserEmail')?.variables).toEqual({ loginName: 'head-general', email: null });
    expect((await rowOf('head-general')).getByTestId('email').textContent).toBe('未設定');
  });

  it("shows the API's Japanese validation message next to the field, and keeps what was typed", async () => {
    const message = '「メールアドレス」の形式が正しくありません(例: tanaka@example.jp)';
    await renderPage(AdminUsersPage, '/admin/users', api(() => ({ errors: [{ message, extensions: { code: 'VALIDATION', details: { field: 'email' } } }] })));
    await fireEvent.click(await screen.findByRole('button', { name: '総務部長 のメールアドレスを変更' }));
    const input = screen.getByLabelText('総務部長 のメールアドレス') as HTMLInputElement;
    await fireEvent.update(input, 'not-an-address');
    await fireEvent.click(screen.getByRole('button', { name: '保存' }));
    const error = await screen.findByText(message);
    expect(error.id).toBe('email-head-general-error');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('email-head-general-error');
    expect(input.value).toBe('not-an-address');
    expect(screen.queryByTestId('users-problem')).toBeNull();
  });

  it('shows a refusal or a conflict above the table, not as a field problem', async () => {
    const refusal = 'ユーザー「総務部長」は無効化されています。先に有効化してください';
    let answer: FakeAnswer = { errors: [{ message: refusal, extensions: { code: 'ILLEGAL_TRANSITION' } }] };
    await renderPage(AdminUsersPage, '/admin/users', api(() => answer));
    await fireEvent.click(await screen.findByRole('button', { name: '総務部長 のメールアドレスを変更' }));
    await fireEvent.update(screen.getByLabelText('総務部長 のメールアドレス'), 'bucho@hyoka.example');
    await fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect((await screen.findByTestId('users-problem')).textContent).toContain(refusal);
    expect(screen.getByLabelText('総務部長 のメールアドレス').getAttribute('aria-invalid')).toBeNull();

    answer = { errors: [{ message: 'conflict', extensions: { code: 'CONFLICT' } }] };
    await fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText('他の人が先に更新しました。再読み込みしてください（入力内容は残っています）');
  });

  it('a person who may not read the list sees the refusal', async () => {
    const fake = fakeApi((call) => {
      if (call.operationName === 'Viewer') return { data: { viewer: viewers.staff } };
      return { errors: [{ message: '利用者の一覧は管理者のみ閲覧できます。', extensions: { code: 'FORBIDDEN' } }] };
    });
    await renderPage(AdminUsersPage, '/admin/users', fake);
    await screen.findByText('利用者の一覧は管理者のみ閲覧できます。');
    expect(screen.queryByTestId('users')).toBeNull();
  });
});
