import { cleanup, fireEvent, screen, within } from '@testing-library/vue';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryPageFieldsFragment } from '../../gql/generated.js';
import { usePlanStore, type PlanData } from '../../stores/plan.js';
import { plan } from '../../testing/fixtures.js';
import { renderComponent } from '../../testing/render-page.js';
import HistoryTimeline from './HistoryTimeline.vue';

const entries: HistoryPageFieldsFragment['nodes'] = [
  {
    revision: 1,
    type: 'EvaluationSubmitted',
    summary: '提出(第1版)',
    by: { userId: 'demo-staff-general', displayName: '総務部 担当職員' },
    actingAs: 'Staff@general-affairs',
    at: '2025-06-01T00:00:00.000Z',
    recordedAt: '2025-06-01T00:00:01.000Z',
    stageBefore: 'Draft',
    stageAfter: 'PromotionMeetingReview',
    reason: null,
    comment: null,
  },
  {
    revision: 2,
    type: 'EvaluationReturned',
    summary: '差し戻し',
    by: { userId: 'demo-head-general', displayName: '総務部長' },
    actingAs: 'DepartmentHead@general-affairs',
    at: '2025-06-02T00:00:00.000Z',
    recordedAt: '2025-06-02T00:00:01.000Z',
    stageBefore: 'PromotionMeetingReview',
    stageAfter: 'Draft',
    reason: '目標の根拠を追記してください。',
    comment: null,
  },
];

const page = (nodes: HistoryPageFieldsFragment['nodes'], more = { totalCount: nodes.length, hasNextPage: false }): HistoryPageFieldsFragment => ({
  totalCount: more.totalCount,
  pageInfo: { hasNextPage: more.hasNextPage, endCursor: nodes.length ? 'cursor' : null },
  nodes,
});
const history = page(entries);

afterEach(cleanup);
// the 部's name is the plan's (data), as the evaluation page has loaded it
beforeEach(() => {
  setActivePinia(createPinia());
  usePlanStore().plan = plan as unknown as PlanData;
});

describe('HistoryTimeline', () => {
  it('lists each change with who, the move and the reason, and opens the evaluation as it stood then', async () => {
    const { emitted } = renderComponent(HistoryTimeline, { props: { history } });

    const rows = within(screen.getByTestId('history')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.textContent).toContain('総務部長（部長（総務部））');
    expect(rows[1]!.textContent).toContain('推進会議審査 → 自己評価作成中');
    expect(rows[1]!.textContent).toContain('目標の根拠を追記してください。');

    await fireEvent.click(within(rows[1]!).getByRole('button', { name: 'この時点を表示' }));
    expect(emitted('showAsOf')).toEqual([['2025-06-02T00:00:01.000Z']]);
  });

  it('keeps the event’s name apart from the move it made', () => {
    renderComponent(HistoryTimeline, {
      props: { history: page([{ ...entries[0]!, revision: 3, type: 'AnnualTargetSet', summary: '単年度計画を設定', stageBefore: 'NotStarted', stageAfter: 'Draft' }]) },
    });

    const row = within(screen.getByTestId('history')).getAllByRole('row')[1]!;
    expect(row.querySelector('strong')?.textContent).toBe('単年度計画の設定');
    expect(within(row).getByTestId('history-move').textContent?.trim()).toBe('段階: 未着手 → 自己評価作成中');
    expect(row.textContent).not.toContain('設定未着手');
  });

  it('shows the total and offers the next page while there is one', async () => {
    const { emitted } = renderComponent(HistoryTimeline, { props: { history: page(entries, { totalCount: 123, hasNextPage: true }) } });

    expect(screen.getByTestId('history-total').textContent).toBe('全123件');
    await fireEvent.click(screen.getByRole('button', { name: 'さらに表示' }));
    expect(emitted('loadMore')).toHaveLength(1);
  });

  it('offers no next page at the end', () => {
    renderComponent(HistoryTimeline, { props: { history } });

    expect(screen.getByTestId('history-total').textContent).toBe('全2件');
    expect(screen.queryByRole('button', { name: 'さらに表示' })).toBeNull();
  });
});
