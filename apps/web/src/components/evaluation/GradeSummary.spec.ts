import { cleanup, screen } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluationFieldsFragment } from '../../gql/generated.js';
import { renderComponent } from '../../testing/render-page.js';
import GradeSummary from './GradeSummary.vue';

const base = {
  selfEvaluation: { quantitativeGrade: 'C', qualitativeGrade: 'B', achievementPercent: '75.00' },
  selfGrade: { grade: 'C', label: 'やや遅れている' },
  proposedGrade: null,
  proposedReason: null,
  finalGrade: null,
  finalRationale: null,
  finalReason: null,
};
const withTarget = (kind: 'quantitative' | 'qualitative', selfGrade = base.selfGrade) =>
  ({ ...base, selfGrade, target: { kind, target: kind === 'quantitative' ? '4' : null, unit: '回', direction: 'higherIsBetter' } }) as unknown as EvaluationFieldsFragment;

afterEach(cleanup);

describe('GradeSummary', () => {
  it('says why the self grade of a numeric item is its 定量評価 and not its 定性評価', () => {
    renderComponent(GradeSummary, { props: { evaluation: withTarget('quantitative') } });

    expect(screen.getByTestId('self-grade-rule').textContent).toBe(
      '数値目標のある項目のため、自己評価は定量評価（C）をとります。定性評価（B）も総合評価の拠り所です。総合評価(案)と総合評価は、定量評価・定性評価のどちらとも異なるときに理由が必要です。',
    );
  });

  it('shows a numeric item’s 定量 and 定性 grades side by side with the 総合評価(案) and the 総合評価', () => {
    const evaluation = { ...withTarget('quantitative'), proposedGrade: { grade: 'B', label: 'ほぼ計画通り' }, proposedReason: '定性評価を重く見た' } as EvaluationFieldsFragment;
    renderComponent(GradeSummary, { props: { evaluation } });

    const headers = screen.getAllByRole('columnheader').map((th) => th.textContent);
    expect(headers).toEqual(['定量評価', '定性評価', '総合評価(案)', '総合評価']);
    expect(screen.getByTestId('quantitative-grade').textContent).toContain('C');
    expect(screen.getByTestId('quantitative-grade').textContent).toContain('75.00%');
    expect(screen.getByTestId('qualitative-grade').textContent).toContain('B');
    expect(screen.getByTestId('proposed-grade').textContent).toContain('定性評価を重く見た');
  });

  it('shows no 定量 column for a 定性-only item', () => {
    renderComponent(GradeSummary, { props: { evaluation: withTarget('qualitative', { grade: 'B', label: 'ほぼ計画通り' }) } });
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['定性評価', '総合評価(案)', '総合評価']);
    expect(screen.queryByTestId('quantitative-grade')).toBeNull();
  });

  it('says a qualitative item’s self grade is its 定性評価, and says nothing before there is a self grade', () => {
    renderComponent(GradeSummary, { props: { evaluation: withTarget('qualitative', { grade: 'B', label: 'ほぼ計画通り' }) } });
    expect(screen.getByTestId('self-grade-rule').textContent).toBe('数値目標のない項目のため、自己評価は定性評価（B）をとります。');
    cleanup();

    renderComponent(GradeSummary, { props: { evaluation: withTarget('quantitative', null as never) } });
    expect(screen.queryByTestId('self-grade-rule')).toBeNull();
  });
});
