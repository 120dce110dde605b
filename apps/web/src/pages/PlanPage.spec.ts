import { cleanup, fireEvent, screen, within } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../testing/fake-api.js';
import { boardEntry, fiscalYears, plan, viewers } from '../testing/fixtures.js';
import { renderPage } from '../testing/render-page.js';
import PlanPage from './PlanPage.vue';

afterEach(cleanup);

const board = {
  fiscalYear: 2025,
  asOf: null,
  entries: [
    boardEntry('I-001', 2025, { stage: 'PromotionMeetingReview', selfGrade: 'B', version: 4 }),
    boardEntry('I-002', 2025, { stage: 'Finalized', selfGrade: 'C', proposedGrade: 'B', finalGrade: 'A', version: 9 }),
    boardEntry('I-010', 2025, { divisionId: 'facility-care', divisionName: '施設・介護サービス部門' }),
  ],
};

/** The plan before the revisions: the theme's old name, no revisions yet. */
const planBefore = { ...plan, divisions: plan.divisions.map((d, i) => (i === 0 ? { ...d, topics: d.topics.map((tp) => ({ ...tp, themes: tp.themes.map((th) => ({ ...th, name: '人材の確保' })) })) } : d)), revisions: [] };

async function renderPlan() {
  const fake = fakeApi((call) => {
    switch (call.operationName) {
      case 'Viewer':
        return { data: { viewer: viewers.chair } };
      case 'Plan':
        return { data: { plan: call.variables['asOf'] ? planBefore : plan } };
      case 'FiscalYears':
        return { data: { fiscalYears } };
      case 'Board':
        return { data: { board } };
      default:
        throw new Error(`unexpected ${call.operationName}`);
    }
  });
  await renderPage(PlanPage, '/plan', fake);
  await screen.findByText('3件の実施項目');
  return fake;
}
const itemLinks = () => screen.queryAllByRole('link').map((a) => a.textContent?.trim());

describe('PlanPage: 部門 → 推進項目 → テーマ → 実施項目 with filters', () => {
  it('shows the tree with each item’s three-year schedule, its stage and grade, and the 【再掲】 listing', async () => {
    await renderPlan();
    expect(screen.getByRole('heading', { level: 2, name: '1. 法人経営部門' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 3, name: '(1) 組織運営の強化' })).toBeTruthy();
    expect(screen.getByText('審査する推進会議は設定で変えられます（既定: 総務推進会議）。')).toBeTruthy();
    const row = screen.getAllByRole('row').find((r) => r.textContent?.includes('I-002'))!;
    expect(within(row).getAllByRole('cell').map((c) => c.textContent?.trim())).toEqual(['I-002 人事評価制度の見直し', '実施', '→', '→', '確定', 'A']);
    expect(screen.getByText('【再掲】')).toBeTruthy();
    expect(itemLinks()).toEqual(['I-001 研修会の開催', 'I-002 人事評価制度の見直し', 'I-010 介護記録の電子化', 'I-001 研修会の開催']);
  });

  it('shows each 取組テーマ’s 現状と課題 and 推進目標 under its heading, and says when the plan gives none', async () => {
    await renderPlan();
    const words = screen.getByTestId('theme-words-T-1');
    expect([...words.querySelectorAll('dt')].map((e) => e.textContent)).toEqual(['現状と課題', '推進目標']);
    expect([...words.querySelectorAll('dd')].map((e) => e.textContent)).toEqual([
      '研修の機会が部署ごとに偏っています。\n計画的な育成が急務です。',
      '全職員が年1回以上の研修を受けられる体制をつくります。',
    ]);
    expect(words.previousElementSibling?.textContent).toBe('人材育成');
    expect([...screen.getByTestId('theme-words-T-2').querySelectorAll('dd')].map((e) => e.textContent)).toEqual(['（記載なし）', '（記載なし）']);
  });

  it('filters by 部門, stage, grade and search text, and says when nothing matches', async () => {
    await renderPlan();
    await fireEvent.update(screen.getByRole('combobox', { name: '部門' }), 'facility-care');
    expect(itemLinks()).toEqual(['I-010 介護記録の電子化', 'I-001 研修会の開催']);
    expect(screen.getByText('2件の実施項目')).toBeTruthy();

    await fireEvent.update(screen.getByRole('combobox', { name: '部門' }), '');
    await fireEvent.update(screen.getByRole('combobox', { name: '段階' }), 'PromotionMeetingReview');
    expect(new Set(itemLinks())).toEqual(new Set(['I-001 研修会の開催']));

    await fireEvent.update(screen.getByRole('combobox', { name: '段階' }), '');
    await fireEvent.update(screen.getByRole('combobox', { name: '評価' }), 'A');
    expect(itemLinks()).toEqual(['I-002 人事評価制度の見直し']);

    await fireEvent.update(screen.getByRole('combobox', { name: '評価' }), '');
    await fireEvent.update(screen.getByRole('searchbox', { name: '実施項目を検索' }), '電子化');
    expect(itemLinks()).toEqual(['I-010 介護記録の電子化']);

    await fireEvent.update(screen.getByRole('searchbox', { name: '実施項目を検索' }), '存在しない');
    expect(itemLinks()).toEqual([]);
    expect(screen.getByText('該当するものはありません。')).toBeTruthy();
  });

  it('shows the loading state until the plan is read', async () => {
    const fake = fakeApi((call) =>
      call.operationName === 'Viewer' ? { data: { viewer: viewers.chair } } : new Promise(() => undefined),
    );
    await renderPage(PlanPage, '/plan', fake);
    expect((await screen.findByRole('status')).textContent).toContain('読み込み中…');
    expect(screen.queryByText('該当するものはありません。')).toBeNull();
  });
});

describe('PlanPage: 見直し履歴 and the plan as of a date', () => {
  it('lists every revision with its kind in Japanese, its subject, reason and approver', async () => {
    await renderPlan();
    const history = screen.getByRole('region', { name: '見直し履歴' });
    const rows = within(history).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent?.trim()))).toEqual([
      ['2026/03/20 10:00:00', '取組テーマの名称変更', 'T-1', '体系の整理', '理事会'],
      ['2026/03/20 10:00:00', '実施項目の移動', 'I-010', '所管の変更', '理事会'],
    ]);
  });

  it('shows the plan as it stood at the end of the chosen day (JST), and its history then', async () => {
    const fake = await renderPlan();
    expect(screen.queryByRole('heading', { level: 4, name: '人材育成' })).not.toBeNull();
    await fireEvent.update(screen.getByLabelText('この日の計画を表示'), '2026-03-19');
    await fireEvent.change(screen.getByLabelText('この日の計画を表示'));
    await vi.waitFor(() => expect(screen.queryByRole('heading', { level: 4, name: '人材の確保' })).not.toBeNull());
    expect(screen.getByText('2026-03-19 時点の計画を表示しています。')).toBeTruthy();
    expect(fake.calls.find((c) => c.operationName === 'Plan' && c.variables['asOf'])?.variables['asOf']).toBe('2026-03-19T14:59:59.999Z');
    expect(within(screen.getByRole('region', { name: '見直し履歴' })).getByText('計画の見直しはまだありません。')).toBeTruthy();
  });
});
