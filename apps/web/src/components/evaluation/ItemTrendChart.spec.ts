import { cleanup, screen, within } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ItemTrendQuery } from '../../gql/generated.js';
import { fakeApi, type FakeCall } from '../../testing/fake-api.js';
import { viewers } from '../../testing/fixtures.js';
import { renderPage } from '../../testing/render-page.js';
import ItemTrendChart from './ItemTrendChart.vue';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

type Year = ItemTrendQuery['itemTrend']['years'][number];
const year = (fiscalYear: number, over: Partial<Year> = {}): Year => ({
  fiscalYear,
  stage: 'NotStarted',
  stageLabel: '未着手',
  targetKind: null,
  target: null,
  actual: null,
  unit: null,
  direction: null,
  achievementPercent: null,
  ...over,
});

async function renderTrend(years: Year[]) {
  const fake = fakeApi((call: FakeCall) => {
    if (call.operationName === 'Viewer') return { data: { viewer: viewers.staff } };
    if (call.operationName === 'ItemTrend') return { data: { itemTrend: { itemId: call.variables['itemId'], itemName: '研修会の開催', years } } };
    throw new Error(`unexpected ${call.operationName}`);
  });
  return { fake, view: await renderPage({ components: { ItemTrendChart }, template: '<ItemTrendChart item-id="I-001" />' }, '/', fake) };
}

describe('ItemTrendChart: 数値目標 vs 実績 over the plan years', () => {
  it('draws the years of a numeric item with a table of the same numbers', async () => {
    const { fake } = await renderTrend([
      year(2025, { stage: 'Finalized', targetKind: 'quantitative', target: '4', actual: '3', unit: '回', direction: 'higherIsBetter', achievementPercent: '75.00' }),
      year(2026, { stage: 'Draft', targetKind: 'quantitative', target: '5', unit: '回', direction: 'higherIsBetter' }),
      year(2027),
    ]);
    const section = await screen.findByTestId('item-trend');
    expect(fake.calls.find((c) => c.operationName === 'ItemTrend')?.variables).toEqual({ itemId: 'I-001' });
    expect(within(section).getByRole('heading').textContent).toBe('数値目標と実績の推移 (回)');
    const rows = within(section).getAllByRole('row').slice(1).map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim()));
    expect(rows).toEqual([
      ['令和7年度 (2025年度)', '4 回', '3 回', '75.00%', '確定'],
      ['令和8年度 (2026年度)', '5 回', '—', '—', '自己評価作成中'],
      ['令和9年度 (2027年度)', '—', '—', '—', '未着手'],
    ]);
    expect(within(section).getByRole('img').getAttribute('aria-label')).toContain('2025: 数値目標 4, 実績 3');
  });

  it('loads and draws the chart only once it is scrolled to, in a box of its height meanwhile', async () => {
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
    await renderTrend([year(2025, { targetKind: 'quantitative', target: '4', actual: '3', unit: '回', direction: 'higherIsBetter' }), year(2026), year(2027)]);
    const section = await screen.findByTestId('item-trend');
    expect(section.querySelector('x-vue-echarts')).toBeNull();
    expect(observed).toHaveLength(1);
    expect((observed[0]!.target as HTMLElement).style.minHeight).toBe('180px');

    observed[0]!.callback([{ isIntersecting: true, target: observed[0]!.target } as IntersectionObserverEntry], {} as IntersectionObserver);
    await vi.waitFor(() => expect(section.querySelector('x-vue-echarts')).not.toBeNull(), { timeout: 10_000 });
  });

  it('shows nothing for an item without a numeric target', async () => {
    const { fake } = await renderTrend([year(2025, { targetKind: 'qualitative' }), year(2026), year(2027)]);
    await vi.waitFor(() => expect(fake.calls.some((c) => c.operationName === 'ItemTrend')).toBe(true));
    expect(screen.queryByTestId('item-trend')).toBeNull();
  });
});
