import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrganisationFieldsFragment } from '../gql/generated.js';
import { fakeApi, SHIPPED_PERIOD, type FakeAnswer, type FakeCall } from '../testing/fake-api.js';
import { renderPage } from '../testing/render-page.js';
import OrganisationPage from './OrganisationPage.vue';

const admin = { userId: 'demo-admin', loginName: 'admin', displayName: '管理者', roles: [{ role: 'Admin', departmentId: null, label: '管理者' }] };
const body = (id: string, name: string, departmentId: string | null) => ({
  id,
  kind: departmentId ? 'PromotionMeeting' : 'ManagersMeeting',
  name,
  chair: null,
  members: '',
  roles: [],
  departmentId,
  retired: false,
});
const ORGANISATION: OrganisationFieldsFragment = {
  asOf: null,
  planRevision: 4,
  departments: [
    { id: 'general-affairs', name: '総務部', retired: false },
    { id: 'community-welfare', name: '地域福祉部', retired: false },
  ],
  reviewBodies: [body('general-affairs-meeting', '総務推進会議', 'general-affairs'), body('community-welfare-meeting', '地域福祉推進会議', 'community-welfare'), body('managers-meeting', '管理職会議', null)],
  divisions: [
    {
      divisionId: 'facility-care',
      divisionName: '施設・介護サービス部門',
      promotionMeetingId: 'general-affairs-meeting',
      promotionMeetingName: '総務推進会議',
      departmentId: 'general-affairs',
      departmentName: '総務部',
      promotionMeetingConfigurable: true,
    },
  ],
};

afterEach(cleanup);

function api(answer: (call: FakeCall) => FakeAnswer) {
  return fakeApi((call) => {
    if (call.operationName === 'Viewer') return { data: { viewer: admin } };
    if (call.operationName === 'Organisation') return { data: { organisation: ORGANISATION } };
    if (call.operationName === 'PlanPeriods') return { data: { planPeriods: [SHIPPED_PERIOD] } };
    return answer(call);
  });
}

const type = (label: string, value: string) => fireEvent.update(screen.getByLabelText(label), value);
const addForm = () => screen.getByRole('form', { name: '部を追加' });

describe('OrganisationPage (組織)', () => {
  it('lists the 部, the 会議体 and which 推進会議 reviews each 部門', async () => {
    await renderPage(OrganisationPage, '/admin/organisation', api(() => ({})));
    expect(await screen.findByRole('heading', { name: '組織' })).not.toBeNull();
    const departments = await screen.findByTestId('departments');
    expect(within(departments).getAllByRole('row').map((r) => r.textContent)).toEqual(['general-affairs総務部', 'community-welfare地域福祉部']);
    expect(within(screen.getByTestId('divisions')).getByRole('row').textContent).toBe('施設・介護サービス部門総務推進会議総務部計画書に定めがなく、選んだ推進会議です');
    expect(within(screen.getByTestId('review-bodies')).getAllByRole('row')[0]!.textContent).toContain('推進会議(総務部)');
  });

  it('asks for the reason and the approver before sending anything', async () => {
    const fake = api(() => ({}));
    await renderPage(OrganisationPage, '/admin/organisation', fake);
    await screen.findByTestId('departments');
    await type('部の名称', '施設部');
    await fireEvent.submit(addForm());
    expect(screen.getByRole('alert').textContent).toBe('見直しの理由を入力してください / 承認者を入力してください / 入力してください');
    expect(screen.getByLabelText('理由').getAttribute('aria-invalid')).toBe('true');
    expect(fake.calls.map((c) => c.operationName)).not.toContain('AddDepartment');
  });

  it('adds a 部 at the revision shown, with the reason and approver; the table shows the answer', async () => {
    const sent: Record<string, unknown>[] = [];
    await renderPage(
      OrganisationPage,
      '/admin/organisation',
      api((call) => {
        sent.push(call.variables);
        return { data: { addDepartment: { ...ORGANISATION, planRevision: 5, departments: [...ORGANISATION.departments, { id: 'facility', name: '施設部', retired: false }] } } };
      }),
    );
    await screen.findByTestId('departments');
    await type('理由', '施設部の新設');
    await type('承認者', '理事会 2026-03-20');
    await fireEvent.update(within(addForm()).getByLabelText('ID (英数字)'), 'facility');
    await type('部の名称', '施設部');
    await fireEvent.submit(addForm());
    await screen.findByText('部を追加しました。');
    expect(sent).toEqual([
      { input: { id: 'facility', name: '施設部', reason: '施設部の新設', approvedBy: '理事会 2026-03-20', expectedPlanRevision: 4, commandId: expect.any(String) } },
    ]);
    expect(within(screen.getByTestId('departments')).getAllByRole('row').at(-1)!.textContent).toBe('facility施設部');
    expect((screen.getByLabelText('部の名称') as HTMLInputElement).value).toBe('');
  });

  it('a refusal is shown in Japanese and nothing typed is lost', async () => {
    await renderPage(
      OrganisationPage,
      '/admin/organisation',
      api(() => ({ errors: [{ message: '「総務部」という部は既にあります', extensions: { code: 'ILLEGAL_TRANSITION' } }] })),
    );
    await screen.findByTestId('departments');
    await type('理由', '新設');
    await type('承認者', '理事会');
    await fireEvent.update(within(addForm()).getByLabelText('ID (英数字)'), 'ga2');
    await type('部の名称', '総務部');
    await fireEvent.submit(addForm());
    await waitFor(() => expect(screen.getByTestId('organisation-problem').textContent).toBe('「総務部」という部は既にあります'));
    expect((screen.getByLabelText('部の名称') as HTMLInputElement).value).toBe('総務部');
    expect((screen.getByLabelText('理由') as HTMLInputElement).value).toBe('新設');
  });

  it('remaps a 部門 to a 推進会議 of the plan, offering only 推進会議 in force', async () => {
    const sent: FakeCall[] = [];
    await renderPage(
      OrganisationPage,
      '/admin/organisation',
      api((call) => {
        sent.push(call);
        return { data: { remapDivision: ORGANISATION } };
      }),
    );
    await screen.findByTestId('divisions');
    const meeting = screen.getByLabelText('推進会議') as HTMLSelectElement;
    expect([...meeting.options].map((o) => o.textContent)).toEqual(['選んでください', '総務推進会議(総務部)', '地域福祉推進会議(地域福祉部)']);
    await type('理由', '施設部門の審査を地域福祉推進会議へ');
    await type('承認者', '理事会');
    await fireEvent.update(screen.getByLabelText('部門'), 'facility-care');
    await fireEvent.update(meeting, 'community-welfare-meeting');
    await fireEvent.click(screen.getByRole('button', { name: '審査する推進会議を変更' }));
    await screen.findByText(/部門を審査する推進会議を変更しました/);
    expect(sent.map((c) => [c.operationName, (c.variables['input'] as Record<string, unknown>)['promotionMeetingId']])).toEqual([['RemapDivision', 'community-welfare-meeting']]);
  });
});
