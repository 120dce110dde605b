import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, SHIPPED_PERIOD, type FakeAnswer } from '../testing/fake-api.js';
import { renderPage } from '../testing/render-page.js';
import PlanImportPage from './PlanImportPage.vue';

const admin = { userId: 'demo-admin', loginName: 'admin', displayName: '管理者', roles: [{ role: 'Admin', departmentId: null, label: '管理者' }] };
const DIGEST = 'ab'.repeat(32);
const CHANGES = {
  ok: true,
  previewId: 'preview-1',
  digest: DIGEST,
  fileName: '計画.xlsx',
  changes: [
    { level: 'item', change: 'schedule', kind: '実施項目の計画段階の変更', id: 'I-001', text: '実施項目 I-001 2025年度の計画段階を変更: 検討 → 調査' },
    { level: 'item', change: 'renamed', kind: '実施項目の名称変更', id: 'I-002', text: '実施項目 I-002 の名称を変更: 「旧」 → 「新」' },
    { level: 'item', change: 'schedule', kind: '実施項目の計画段階の変更', id: 'I-003', text: '実施項目 I-003 2026年度の計画段階を変更: 実施 → 導入' },
  ],
  unrecordable: [],
  retiresItems: false,
  period: { from: 2025, to: 2027 },
};

const OPENED_YEARS = [2025, 2026, 2027].map((fiscalYear) => ({ fiscalYear, label: `${fiscalYear}年度`, thresholds: { A: 100, B: 80, C: 60 } }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function api(importPlanWorkbook: (variables: Record<string, unknown>) => FakeAnswer = () => ({ data: { importPlanWorkbook: { recordedChanges: 3, planRevision: 4, digest: DIGEST } } })) {
  return fakeApi((call) => {
    if (call.operationName === 'Viewer') return { data: { viewer: admin } };
    if (call.operationName === 'ImportPlanWorkbook') return importPlanWorkbook(call.variables);
    if (call.operationName === 'FiscalYears') return { data: { fiscalYears: OPENED_YEARS } };
    throw new Error(`unexpected ${call.operationName}`);
  });
}

/** The preview's answer over REST, for the next upload. */
function previewAnswers(body: unknown, status = 200) {
  const fetch = vi.fn().mockResolvedValue(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

async function uploadWorkbook() {
  const input = screen.getByLabelText('計画ブック (.xlsx)') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [new File(['PK'], '計画.xlsx')], configurable: true });
  await fireEvent.click(screen.getByRole('button', { name: 'プレビュー' }));
}

describe('PlanImportPage (計画の取り込み)', () => {
  it('offers the plan in force as a download, and asks for a file before uploading', async () => {
    const fetch = previewAnswers(CHANGES);
    await renderPage(PlanImportPage, '/admin/plan-import', api());
    expect(screen.getByRole('link', { name: '現在の計画 (.xlsx) をダウンロード' }).getAttribute('href')).toBe('/plan/workbook.xlsx');
    await fireEvent.click(screen.getByRole('button', { name: 'プレビュー' }));
    expect(screen.queryByText('アップロードするブック (.xlsx) を選んでください。')).not.toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a bad workbook: its errors in a table of シート・行・列・内容, and nothing to confirm', async () => {
    const fetch = previewAnswers({
      ok: false,
      digest: DIGEST,
      fileName: '計画.xlsx',
      problems: [
        { sheet: '実施項目', row: 12, column: 'A', message: '実施項目コード I-005 が重複しています' },
        { sheet: '部', row: null, column: null, message: 'シート「部」がありません' },
      ],
    });
    await renderPage(PlanImportPage, '/admin/plan-import', api());
    await uploadWorkbook();
    const table = await screen.findByTestId('plan-import-errors');
    const rows = [...table.querySelectorAll('tr')].map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['シート', '行', '列', '内容'],
      ['実施項目', '12', 'A', '実施項目コード I-005 が重複しています'],
      ['部', '—', '—', 'シート「部」がありません'],
    ]);
    expect(screen.queryByText('計画.xlsx に誤りが 2件あります（何も記録していません）')).not.toBeNull();
    expect(screen.queryByRole('button', { name: '取り込みを確定' })).toBeNull();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/plan/workbook/preview');
    expect(init).toMatchObject({ method: 'POST', headers: { 'x-hyoka-csrf': '1' } });
    expect((init.body as FormData).get('file')).toBeInstanceOf(File);
  });

  it('the changes grouped by kind; reason and approver required in Japanese; confirming records them and says so', async () => {
    previewAnswers(CHANGES);
    const fake = api();
    await renderPage(PlanImportPage, '/admin/plan-import', fake);
    await uploadWorkbook();
    const table = await screen.findByTestId('plan-import-changes');
    const groups = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(groups).toEqual(['ID', '変更の内容', '実施項目の計画段階の変更（2件）', '実施項目の名称変更（1件）']);
    expect(within(table).queryByText('実施項目 I-003 2026年度の計画段階を変更: 実施 → 導入')).not.toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: '取り込みを確定' }));
    expect(screen.queryByText('見直しの理由を入力してください。')).not.toBeNull();
    expect(screen.queryByText('承認者を入力してください。')).not.toBeNull();
    expect(fake.calls.some((c) => c.operationName === 'ImportPlanWorkbook')).toBe(false);

    await fireEvent.update(screen.getByLabelText('見直しの理由'), '理事会で見直した');
    await fireEvent.update(screen.getByLabelText('承認者'), '理事会 2026-03-20');
    await fireEvent.click(screen.getByRole('button', { name: '取り込みを確定' }));
    expect((await screen.findByRole('status')).textContent).toContain('計画の見直しを記録しました（変更 3件・計画の版 4）。');
    const call = fake.calls.find((c) => c.operationName === 'ImportPlanWorkbook')!;
    expect(call.variables['input']).toMatchObject({ previewId: 'preview-1', reason: '理事会で見直した', approvedBy: '理事会 2026-03-20', retireFrom: null });
    expect(screen.queryByTestId('plan-import-changes')).toBeNull();
  });

  it('an unchanged workbook says 変更はありません and offers nothing to confirm', async () => {
    previewAnswers({ ...CHANGES, changes: [] });
    await renderPage(PlanImportPage, '/admin/plan-import', api());
    await uploadWorkbook();
    expect((await screen.findByTestId('plan-import-no-changes')).textContent).toBe('変更はありません。ブックは現在の計画と同じです。');
    expect(screen.queryByRole('button', { name: '取り込みを確定' })).toBeNull();
  });

  it('changes a revision cannot record yet: a warning naming them, and no confirmation', async () => {
    previewAnswers({ ...CHANGES, unrecordable: ['部の追加', '評価基準の記載の変更'] });
    await renderPage(PlanImportPage, '/admin/plan-import', api());
    await uploadWorkbook();
    expect((await screen.findByTestId('plan-import-unrecordable')).textContent).toContain('このブックは取り込めません: 部の追加、評価基準の記載の変更。');
    expect(screen.queryByRole('button', { name: '取り込みを確定' })).toBeNull();
  });

  it('items dropped: the first year without them is required; a stale preview says to upload again', async () => {
    previewAnswers({ ...CHANGES, retiresItems: true });
    const fake = api(() => ({ errors: [{ message: '計画は、このブックをプレビューした後に変更されました。', extensions: { code: 'CONFLICT' } }] }));
    await renderPage(PlanImportPage, '/admin/plan-import', fake);
    await uploadWorkbook();
    await fireEvent.update(await screen.findByLabelText('見直しの理由'), '統合');
    await fireEvent.update(screen.getByLabelText('承認者'), '理事会');
    await fireEvent.click(screen.getByRole('button', { name: '取り込みを確定' }));
    expect(screen.queryByText('廃止する最初の年度を選んでください。')).not.toBeNull();
    await fireEvent.update(screen.getByLabelText('ブックにない実施項目・部門・推進項目・取組テーマを廃止する最初の年度'), '2026');
    await fireEvent.click(screen.getByRole('button', { name: '取り込みを確定' }));
    await waitFor(() => expect(screen.queryByTestId('plan-import-problem')?.textContent).toMatch(/^このブックをプレビューした後に計画が変更されたため、何も記録していません。/));
    expect(fake.calls.find((c) => c.operationName === 'ImportPlanWorkbook')!.variables['input']).toMatchObject({ retireFrom: 2026 });
  });

  it('a workbook of the next period: the preview says it opens FY2028–2030; confirmed, its years wait to be opened with their thresholds', async () => {
    previewAnswers({ ...CHANGES, changes: [], mode: 'newPeriod', workbookPeriod: { from: 2028, to: 2030 }, summary: '部 5・推進会議 2・部門 3・推進項目 6・取組テーマ 9・実施項目 40' });
    let periods = [SHIPPED_PERIOD];
    let opened = OPENED_YEARS;
    const fake = fakeApi((call) => {
      if (call.operationName === 'Viewer') return { data: { viewer: admin } };
      if (call.operationName === 'PlanPeriods') return { data: { planPeriods: periods } };
      if (call.operationName === 'FiscalYears') return { data: { fiscalYears: opened } };
      if (call.operationName === 'ImportPlanWorkbook') {
        periods = [{ ...SHIPPED_PERIOD, current: false }, { periodFrom: 2028, periodTo: 2030, title: '第2期計画', current: true }];
        return { data: { importPlanWorkbook: { recordedChanges: 1, planRevision: 9, digest: DIGEST, mode: 'newPeriod' } } };
      }
      if (call.operationName === 'OpenFiscalYear') {
        opened = [...opened, { fiscalYear: 2028, label: '2028年度', thresholds: { A: 100, B: 85, C: 60 } }];
        return { data: { openFiscalYear: opened } };
      }
      throw new Error(`unexpected ${call.operationName}`);
    });
    await renderPage(PlanImportPage, '/admin/plan-import', fake);
    expect((await screen.findByTestId('open-years-none')).textContent).toBe('開始を待つ年度はありません。');
    await uploadWorkbook();
    const whole = await screen.findByTestId('plan-import-whole');
    expect(whole.textContent).toContain('このブックは次の計画期間 2028〜2030年度 の計画です。確定すると新しい計画期間として開始します。');
    expect(whole.textContent).toContain('部 5・推進会議 2・部門 3・推進項目 6・取組テーマ 9・実施項目 40');
    expect(screen.queryByTestId('plan-import-no-changes')).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: '新しい計画期間として開始' }));
    expect(screen.queryByText('見直しの理由を入力してください。')).not.toBeNull();
    await fireEvent.update(screen.getByLabelText('見直しの理由'), '第2期計画の開始');
    await fireEvent.update(screen.getByLabelText('承認者'), '理事会 2028-03-20');
    await fireEvent.click(screen.getByRole('button', { name: '新しい計画期間として開始' }));
    await waitFor(() => expect(screen.queryByText('新しい計画期間を開始しました。下の「年度の開始」で、この計画期間の年度を開始してください。')).not.toBeNull());

    const waiting = await screen.findByTestId('open-years');
    expect(within(waiting).getAllByRole('rowheader').map((h) => h.textContent)).toEqual([expect.stringContaining('2028'), expect.stringContaining('2029'), expect.stringContaining('2030')]);
    await fireEvent.update(screen.getByLabelText('2028年度のB評価の基準（達成率 %）'), '85');
    await fireEvent.click(screen.getByRole('button', { name: '2028年度を開始' }));
    await waitFor(() => expect(within(screen.getByTestId('open-years')).queryByRole('button', { name: '2028年度を開始' })).toBeNull());
    expect(fake.calls.find((c) => c.operationName === 'OpenFiscalYear')!.variables['input']).toMatchObject({ fiscalYear: 2028, thresholds: { A: 100, B: 85, C: 60 } });
  });
});
