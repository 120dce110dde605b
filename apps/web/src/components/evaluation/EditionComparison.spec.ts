import { cleanup, fireEvent, screen } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluationFieldsFragment } from '../../gql/generated.js';
import { renderComponent } from '../../testing/render-page.js';
import EditionComparison from './EditionComparison.vue';

const by = { userId: 'demo-staff-general', displayName: '総務部 担当職員' };
const editions: EvaluationFieldsFragment['editions'] = [
  { edition: 1, kind: 'submission', by, at: '2025-06-01T00:00:00.000Z' },
  { edition: 2, kind: 'submission', by, at: '2025-06-10T00:00:00.000Z' },
  { edition: 3, kind: 'proposal', by, at: '2025-07-01T00:00:00.000Z' },
];

afterEach(cleanup);

describe('EditionComparison', () => {
  it('compares the latest two editions unless others are chosen', async () => {
    const { emitted } = renderComponent(EditionComparison, { props: { editions, differences: null } });

    const from = screen.getByRole('combobox', { name: '比較元の版' }) as HTMLSelectElement;
    const to = screen.getByRole('combobox', { name: '比較先の版' }) as HTMLSelectElement;
    expect([from.value, to.value]).toEqual(['2', '3']);
    await fireEvent.click(screen.getByRole('button', { name: '比較' }));
    await fireEvent.update(from, '1');
    await fireEvent.click(screen.getByRole('button', { name: '比較' }));

    expect(emitted('compare')).toEqual([
      [2, 3],
      [1, 3],
    ]);
  });

  it('lists what changed, field by field, or says that nothing did', async () => {
    const view = renderComponent(EditionComparison, {
      props: { editions, differences: [{ field: 'narrative.issues', label: '課題', before: null, after: '会場の確保が難しかった。' }] },
    });
    expect(screen.getByRole('rowheader', { name: '課題' }).closest('tr')?.textContent).toContain('会場の確保が難しかった。');

    await view.rerender({ editions, differences: [] });
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByText('違いはありません。')).not.toBeNull();
  });
});
