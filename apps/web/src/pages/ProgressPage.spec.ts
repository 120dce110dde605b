import { cleanup, fireEvent, screen, within } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import AppHeader from '../components/AppHeader.vue';
import { fakeApi, type FakeCall } from '../testing/fake-api.js';
import { viewers } from '../testing/fixtures.js';
import { progressFixture } from '../testing/progress-fixture.js';
import { renderPage } from '../testing/render-page.js';
import ProgressPage from './ProgressPage.vue';

afterEach(cleanup);

async function renderProgress(viewer: unknown = viewers.secretaryGeneral, progress = progressFixture()) {
  const fake = fakeApi((call: FakeCall) => {
    if (call.operationName === 'Viewer') return { data: { viewer } };
    if (call.operationName === 'Progress') return { data: { progress: { ...progress, fiscalYear: call.variables['fiscalYear'] } } };
    throw new Error(`unexpected ${call.operationName}`);
  });
  await renderPage(ProgressPage, '/progress', fake);
  await screen.findByRole('table', { name: '部 × 段階の件数' });
  return fake;
}

describe('ProgressPage: items per stage, whole plan and per 部, with drill-down', () => {
  it('sums the whole plan by phase and shows a row per 部 with a column per stage under its phase', async () => {
    const fake = await renderProgress();
    expect(fake.calls.find((c) => c.operationName === 'Progress')?.variables).toMatchObject({ fiscalYear: 2025 });
    const summary = screen.getByTestId('progress-summary');
    expect(within(summary).getAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '計画: 1 / 5件',
      '自己評価: 2 / 5件 期限超過 2件',
      '審査: 1 / 5件',
      '確定: 1 / 5件',
    ]);
    const table = screen.getByRole('table', { name: '部 × 段階の件数' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      '部',
      '項目数',
      '計画',
      '自己評価',
      '審査',
      '確定',
      '未着手',
      '計画作成中',
      '計画承認待ち',
      '計画変更承認待ち',
      '自己評価作成中',
      '推進会議審査',
      '管理職会議審査',
      '評価検証委員会審査',
      '確定',
    ]);
    expect(within(table).getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['計画全体', '総務部', '地域福祉部']);
    expect(await screen.findByTestId('progress-chart', {}, { timeout: 10_000 })).not.toBeNull();
  });

  it('lists the items of a cell, linked to their evaluation, when its count is chosen', async () => {
    await renderProgress();
    expect(screen.queryByTestId('progress-drilldown')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: '総務部・自己評価作成中: 1件の実施項目を表示' }));
    const drilldown = await screen.findByTestId('progress-drilldown');
    expect(within(drilldown).getByRole('heading').textContent).toContain('総務部・自己評価作成中の実施項目 (1件)');
    expect(within(drilldown).getByRole('heading').textContent).toContain('期限 2026-01-31');
    const link = within(drilldown).getByRole('link', { name: 'I-003 実施項目 I-003' });
    expect(link.getAttribute('href')).toBe('/evaluations/I-003/2025');
    expect(within(drilldown).getByText('期限超過 1件')).not.toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: '計画全体・自己評価作成中: 2件の実施項目を表示' }));
    expect(within(screen.getByTestId('progress-drilldown')).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'I-003 実施項目 I-003',
      'I-044 実施項目 I-044',
    ]);
    await fireEvent.click(screen.getByRole('button', { name: '一覧を閉じる' }));
    expect(screen.queryByTestId('progress-drilldown')).toBeNull();
  });

  it('offers no drill-down for a stage nobody stands at', async () => {
    await renderProgress();
    expect(screen.queryByRole('button', { name: /地域福祉部・確定/ })).toBeNull();
  });
});

describe('the 進捗 menu entry', () => {
  const header = async (viewer: unknown) => {
    const fake = fakeApi((call: FakeCall) => {
      if (call.operationName === 'Viewer') return { data: { viewer } };
      throw new Error(`unexpected ${call.operationName}`);
    });
    await renderPage(AppHeader, '/', fake);
    await screen.findByTestId('viewer-name');
  };

  it('is there for those who read evaluations, staff included', async () => {
    await header(viewers.staff);
    expect(screen.getByRole('link', { name: '進捗' }).getAttribute('href')).toBe('/progress');
  });

  it('is not shown to the 管理者, who reads no evaluation', async () => {
    await header({ userId: 'demo-admin', loginName: 'admin', displayName: '管理者', roles: [{ role: 'Admin', departmentId: null, label: '管理者' }] });
    expect(screen.queryByRole('link', { name: '進捗' })).toBeNull();
  });
});
