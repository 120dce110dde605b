import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/vue';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BoardQuery } from '../gql/generated.js';
import { fakeApi, type FakeCall } from '../testing/fake-api.js';
import { boardEntry, viewers } from '../testing/fixtures.js';
import { renderPage } from '../testing/render-page.js';
import BoardPage from './BoardPage.vue';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

type Entries = BoardQuery['board']['entries'];
const care = { divisionId: 'facility-care', divisionName: '施設・介護サービス部門' };

function boards(): Record<number, Entries> {
  return {
    2025: [
      boardEntry('I-001', 2025, { stage: 'Finalized', selfGrade: 'C', proposedGrade: 'B', finalGrade: 'A' }),
      boardEntry('I-002', 2025, { stage: 'PromotionMeetingReview', selfGrade: 'D' }),
      boardEntry('I-010', 2025, { ...care, stage: 'CommitteeReview', selfGrade: 'B', proposedGrade: 'C' }),
    ],
    2026: [
      boardEntry('I-001', 2026, { stage: 'Draft' }),
      boardEntry('I-002', 2026),
      boardEntry('I-010', 2026, { ...care }),
    ],
    2027: [boardEntry('I-001', 2027), boardEntry('I-002', 2027), boardEntry('I-010', 2027, { ...care })],
  };
}

async function renderBoard(data = boards()) {
  const fake = fakeApi((call: FakeCall) => {
    if (call.operationName === 'Viewer') return { data: { viewer: viewers.secretaryGeneral } };
    if (call.operationName === 'Board') {
      const year = call.variables['fiscalYear'] as number;
      return { data: { board: { fiscalYear: year, asOf: call.variables['asOf'] ?? null, entries: data[year] ?? [] } } };
    }
    throw new Error(`unexpected ${call.operationName}`);
  });
  await renderPage(BoardPage, '/board', fake);
  await screen.findByRole('table', { name: '実施項目 × 年度' });
  return fake;
}
const cell = (itemId: string, year: number) => screen.getByTestId(`board-cell-${itemId}-${year}`);

describe('BoardPage: every 実施項目 × year, per-部門 distribution', () => {
  it('shows each item in every plan year, coloured by its latest grade, grouped by 部門', async () => {
    await renderBoard();
    const matrix = screen.getByRole('table', { name: '実施項目 × 年度' });
    expect(within(matrix).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      '実施項目',
      '令和7年度 (2025年度)',
      '令和8年度 (2026年度)',
      '令和9年度 (2027年度)',
      '法人経営部門',
      '施設・介護サービス部門',
    ]);
    expect(within(matrix).getByRole('rowheader', { name: 'I-010 実施項目 I-010' })).toBeTruthy();

    // the final grade wins over the proposed and the self grade; then the proposed over the self grade
    expect(cell('I-001', 2025).className).toContain('cell-A');
    expect(within(cell('I-001', 2025)).getByRole('link', { name: 'I-001 2025年度 A 確定' }).getAttribute('href')).toBe('/evaluations/I-001/2025');
    expect(cell('I-010', 2025).className).toContain('cell-C');
    expect(cell('I-002', 2025).className).toContain('cell-D');
    expect(cell('I-001', 2026).className).toContain('cell-none');
    expect(within(cell('I-001', 2026)).queryByText('自己評価作成中')).not.toBeNull();
    expect(within(cell('I-002', 2027)).queryByText('未着手')).not.toBeNull();
  });

  it('counts each 部門’s grades per year in a table beside the charts', async () => {
    await renderBoard();
    const table = screen.getByTestId('division-years');
    const rows = within(table).getAllByRole('row').slice(1);
    const text = (el: HTMLElement) => [...el.querySelectorAll('.count')].map((c) => c.textContent?.replace(/\s+/g, '')).join(' ');
    expect(rows.map((r) => [within(r).getByRole('rowheader').textContent, ...within(r).getAllByRole('cell').map(text)])).toEqual([
      ['法人経営部門', 'A1 B0 C0 D1 —0', 'A0 B0 C0 D0 —2', 'A0 B0 C0 D0 —2'],
      ['施設・介護サービス部門', 'A0 B0 C1 D0 —0', 'A0 B0 C0 D0 —1', 'A0 B0 C0 D0 —1'],
    ]);
    expect(screen.getByRole('heading', { name: '部門別の評価の分布' })).toBeTruthy();
  });

  it('narrows to one 部門', async () => {
    await renderBoard();
    await fireEvent.update(screen.getByRole('combobox', { name: '部門' }), 'facility-care');
    const matrix = screen.getByRole('table', { name: '実施項目 × 年度' });
    expect(within(matrix).getAllByRole('rowheader').map((h) => h.textContent?.trim())).toEqual(['I-010 実施項目 I-010']);
  });

  it('reloads only the changed year’s column when the API announces a change', async () => {
    const data = boards();
    const fake = await renderBoard(data);
    await waitFor(() => expect(fake.subscriptions().map((s) => s.variables['fiscalYear']).sort()).toEqual([2025, 2026, 2027]));
    const before = fake.calls.filter((c) => c.operationName === 'Board').length;

    data[2026] = [boardEntry('I-001', 2026, { stage: 'Draft', selfGrade: 'B' }), ...data[2026]!.slice(1)];
    fake.push('BoardChanged', { boardChanged: { fiscalYear: 2026, itemId: 'I-001', type: 'SelfEvaluationSaved', version: 2, position: '77' } }, { fiscalYear: 2026 });
    await waitFor(() => expect(cell('I-001', 2026).className).toContain('cell-B'));
    expect(fake.calls.filter((c) => c.operationName === 'Board').slice(before).map((c) => c.variables['fiscalYear'])).toEqual([2026]);
  });

  it('shows the board as of a moment, for every year', async () => {
    const fake = await renderBoard();
    await fireEvent.update(screen.getByLabelText('表示する時点'), '2025-07-01T09:00:00');
    await fireEvent.click(screen.getByRole('button', { name: '表示' }));
    await waitFor(() => expect(fake.calls.filter((c) => c.variables['asOf']).map((c) => c.variables['fiscalYear'])).toEqual([2025, 2026, 2027]));
    expect(fake.calls.at(-1)?.variables['asOf']).toBe(new Date('2025-07-01T09:00:00').toISOString());
    expect(await screen.findByRole('button', { name: '現在の状態に戻る' })).toBeTruthy();
  });

  it('says so when there is nothing, and shows loading before', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fake = fakeApi(async (call) => {
      if (call.operationName === 'Viewer') return { data: { viewer: viewers.secretaryGeneral } };
      await gate;
      return { data: { board: { fiscalYear: call.variables['fiscalYear'], asOf: null, entries: [] } } };
    });
    await renderPage(BoardPage, '/board', fake);
    expect((await screen.findByRole('status')).textContent).toContain('読み込み中…');
    release();
    expect(await screen.findByText('該当するものはありません。')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });
});

describe('BoardPage: due dates (期限)', () => {
  it('flags a cell whose work is overdue or due within a week, and leaves far-off dates out', async () => {
    const data = boards();
    data[2025] = [
      boardEntry('I-001', 2025, { stage: 'Draft', dueDate: '2026-01-31', overdueDays: 3 }),
      boardEntry('I-002', 2025, { stage: 'Draft', dueDate: '2026-01-31', overdueDays: -5 }),
      boardEntry('I-010', 2025, { ...care, stage: 'Draft', dueDate: '2026-01-31', overdueDays: -40 }),
    ];
    await renderBoard(data);
    expect(within(cell('I-001', 2025)).queryByText('期限を3日超過')).not.toBeNull();
    expect(within(cell('I-002', 2025)).queryByText('期限まで5日')).not.toBeNull();
    expect(within(cell('I-010', 2025)).queryByTestId('due')).toBeNull();
  });
});

describe('BoardPage: the charts below the matrix', () => {
  it('draws a 部門’s chart only once it is scrolled to, in a box of the chart’s height meanwhile', async () => {
    // an IntersectionObserver the test drives: the charts' boxes come into view when the test says so
    const observed: { target: Element; callback: IntersectionObserverCallback }[] = [];
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(private readonly callback: IntersectionObserverCallback) {}
        observe(target: Element) {
          observed.push({ target, callback: this.callback });
        }
        disconnect() {}
      },
    );
    // the chart's code is loaded beforehand, so an eager chart would be on screen by the time the board is
    await import('../components/GradeDistributionChart.vue');
    await renderBoard();
    await flushPromises();
    expect(document.querySelectorAll('figure.chart')).toHaveLength(0);
    expect(observed).toHaveLength(2);
    for (const { target } of observed) expect((target as HTMLElement).style.minHeight).toBe('15rem');

    const first = observed[0]!;
    first.callback([{ isIntersecting: true, target: first.target } as IntersectionObserverEntry], {} as IntersectionObserver);
    await vi.waitFor(() => expect(screen.queryByTestId('chart-legend')).not.toBeNull());
    expect(document.querySelectorAll('figure.chart')).toHaveLength(1);
  });
});
