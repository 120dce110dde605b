import { cleanup, fireEvent, screen, within } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { reactive } from 'vue';
import type { PlanFormDraft } from '../../composables/useEvaluation.js';
import type { EvaluationAction, EvaluationFieldsFragment } from '../../gql/generated.js';
import { renderComponent } from '../../testing/render-page.js';
import AnnualPlanPanel from './AnnualPlanPanel.vue';

type Plan = NonNullable<EvaluationFieldsFragment['plan']>;
const newDraft = (): PlanFormDraft => reactive({ method: 'quantitative', target: '', unit: '', direction: 'higherIsBetter', actions: '', reason: '' });
const approved = (planEdition: number, target: string, reason: string | null = null): Plan => ({
  planEdition,
  target: { kind: 'quantitative', target, unit: '回', direction: 'higherIsBetter' },
  actions: '研修会を開催する',
  approvedBy: { userId: 'demo-head-general', displayName: '総務部長' },
  approvedAt: '2025-04-10T01:00:00.000Z',
  reason,
  legacy: false,
});
const head = { userId: 'demo-staff-general', displayName: '総務部 担当職員' };

function renderPanel(evaluation: Partial<EvaluationFieldsFragment>, allowedActions: EvaluationAction[], draft = newDraft()) {
  const e = { plan: null, planDraft: null, planHistory: [], ...evaluation } as EvaluationFieldsFragment;
  const view = renderComponent(AnnualPlanPanel, { props: { evaluation: e, allowedActions, busy: false, draft } });
  return { ...view, draft };
}

afterEach(cleanup);

describe('AnnualPlanPanel', () => {
  it('staff draft the plan (評価の方法, target, 取組内容), save it and submit it', async () => {
    const { draft, emitted } = renderPanel({}, ['SaveAnnualPlan', 'SubmitAnnualPlan']);

    await fireEvent.update(screen.getByRole('textbox', { name: '目標値' }), '4');
    await fireEvent.update(screen.getByRole('textbox', { name: '単位' }), '回');
    const direction = screen.getByRole('combobox', { name: '評価の向き' });
    expect(within(direction).getAllByRole('option').map((o) => o.textContent?.trim())).toEqual(['高いほど良い', '低いほど良い']);
    await fireEvent.update(screen.getByRole('textbox', { name: '取組内容' }), '研修会を年4回開催する');
    await fireEvent.click(screen.getByRole('button', { name: '単年度計画を保存' }));
    await fireEvent.click(screen.getByRole('button', { name: '単年度計画を提出' }));

    expect(draft).toMatchObject({ method: 'quantitative', target: '4', unit: '回', actions: '研修会を年4回開催する' });
    expect(emitted('save')).toHaveLength(1);
    expect(emitted('submit')).toHaveLength(1);
  });

  it('asks for no number when the item is evaluated qualitatively only', async () => {
    const { draft } = renderPanel({}, ['SaveAnnualPlan']);
    await fireEvent.click(screen.getByRole('radio', { name: '定性のみ' }));
    expect(draft.method).toBe('qualitative');
    expect(screen.queryByRole('textbox', { name: '目標値' })).toBeNull();
    expect(screen.queryByRole('textbox', { name: '取組内容' })).not.toBeNull();
  });

  it('the 部長 sees the submitted plan and approves it', async () => {
    const planDraft = { target: approved(1, '4').target, actions: '研修会を開催する', reason: null, by: head, at: '2025-04-09T01:00:00.000Z' };
    const { emitted } = renderPanel({ planDraft }, ['ApproveAnnualPlan', 'ReturnEvaluation']);
    expect(screen.getByTestId('plan-draft').textContent).toContain('4回');
    expect(screen.queryByRole('button', { name: '単年度計画を保存' })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: '単年度計画を承認' }));
    expect(emitted('approve')).toHaveLength(1);
  });

  it('an approved plan is shown locked, with its edition; a change needs the change form and its reason', async () => {
    const { draft, emitted } = renderPanel({ plan: approved(1, '4'), planHistory: [approved(1, '4')] }, ['SaveSelfEvaluation', 'ChangeAnnualPlan']);
    expect(screen.getByTestId('approved-plan').textContent).toContain('計画第1版');
    expect(screen.getByTestId('approved-plan').textContent).toContain('総務部長');
    expect(screen.queryByRole('textbox', { name: '目標値' })).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: '計画を変更する' }));
    await fireEvent.update(screen.getByRole('textbox', { name: '目標値' }), '5');
    await fireEvent.update(screen.getByRole('textbox', { name: '変更の理由' }), '会場が増えたため');
    await fireEvent.click(screen.getByRole('button', { name: '計画の変更を申請' }));
    expect(draft).toMatchObject({ target: '5', reason: '会場が増えたため' });
    expect(emitted('change')).toHaveLength(1);
  });

  it('compares every approved edition and a change awaiting approval, with their reasons', () => {
    const pending = { target: approved(3, '6').target, actions: '研修会を開催する', reason: '講師が確保できた', by: head, at: '2025-09-01T01:00:00.000Z' };
    renderPanel({ plan: approved(2, '5', '会場が増えたため'), planHistory: [approved(1, '4'), approved(2, '5', '会場が増えたため')], planDraft: pending }, []);
    const rows = within(screen.getByTestId('plan-editions')).getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('計画第1版');
    expect(rows[1]).toMatch(/計画第2版.*5回.*会場が増えたため/);
    expect(rows[2]).toMatch(/計画変更承認待ち.*6回.*講師が確保できた/);
    expect(screen.getByTestId('pending-change').textContent).toContain('総務部 担当職員');
  });
});
