import { cleanup, fireEvent, screen, within } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { reactive } from 'vue';
import type { TargetDraft } from '../../composables/useEvaluation.js';
import type { EvaluationFieldsFragment } from '../../gql/generated.js';
import { renderComponent } from '../../testing/render-page.js';
import TargetForm from './TargetForm.vue';

type Target = EvaluationFieldsFragment['target'];
const newDraft = (): TargetDraft => reactive({ kind: 'quantitative', target: '', unit: '', direction: 'higherIsBetter' });

function renderForm(target: Target, editable: boolean, draft = newDraft()) {
  const view = renderComponent(TargetForm, { props: { target, editable, busy: false, draft } });
  return { ...view, draft };
}

afterEach(cleanup);

describe('TargetForm', () => {
  it('takes a numeric target with its unit and direction, and asks to save it', async () => {
    const { draft, emitted } = renderForm(null, true);

    await fireEvent.update(screen.getByRole('textbox', { name: '目標値' }), '4');
    await fireEvent.update(screen.getByRole('textbox', { name: '単位' }), '回');
    const direction = screen.getByRole('combobox', { name: '評価の向き' });
    expect(within(direction).getAllByRole('option').map((o) => o.textContent?.trim())).toEqual(['高いほど良い', '低いほど良い']);
    await fireEvent.update(direction, 'lowerIsBetter');
    await fireEvent.click(screen.getByRole('button', { name: '単年度計画を保存' }));

    expect(draft).toEqual({ kind: 'quantitative', target: '4', unit: '回', direction: 'lowerIsBetter' });
    expect(emitted('save')).toHaveLength(1);
  });

  it('asks for no number when the item is evaluated qualitatively only', async () => {
    const { draft } = renderForm(null, true);

    await fireEvent.click(screen.getByRole('radio', { name: '定性のみ' }));

    expect(draft.kind).toBe('qualitative');
    expect(screen.queryByRole('textbox', { name: '目標値' })).toBeNull();
    expect(screen.queryByRole('combobox', { name: '評価の向き' })).toBeNull();
    expect(screen.queryByRole('button', { name: '単年度計画を保存' })).not.toBeNull();
  });

  it('shows the target as set to a person who may not change it', () => {
    renderForm({ kind: 'quantitative', target: '4', unit: '回', direction: 'lowerIsBetter' }, false);

    expect(screen.queryByRole('button', { name: '単年度計画を保存' })).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByText(/目標値: 4回/).textContent).toContain('（低いほど良い）');
  });

  it('says when no target is set yet', () => {
    renderForm(null, false);

    expect(screen.queryByText('単年度計画がまだ設定されていません。')).not.toBeNull();
  });
});
