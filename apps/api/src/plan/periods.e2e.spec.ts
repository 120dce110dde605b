import { loadPlanCatalogue, type ImplementationItem, type PlanCatalogue } from '@hyoka/catalogue';
import { catalogueStream } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { writePlanWorkbook } from '@hyoka/plan-workbook';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { newCommandId } from '../testing/operations.js';
import { approvedPlan } from '../testing/route-helpers.js';
import { previewPlanWorkbook } from '../testing/plan-workbook-client.js';
import { DEMO_PASSWORD, startTestApi, type TestApi } from '../testing/test-api.js';
import { EVENT_STORE } from '../tokens.js';

const IMPORT = `mutation($input: ImportPlanWorkbookInput!) { importPlanWorkbook(input: $input) { recordedChanges planRevision digest mode } }`;
const OPEN_YEAR = `mutation($input: OpenFiscalYearInput!) { openFiscalYear(input: $input) { fiscalYear thresholds { A B C } } }`;
const PERIODS = `query { planPeriods { periodFrom periodTo title current } }`;
const PLAN_OF = `query($fiscalYear: Int) { plan(fiscalYear: $fiscalYear) { title periodFrom periodTo current opened { reason approvedBy } items { id name } } }`;
const BOARD = `query($fiscalYear: Int!) { board(fiscalYear: $fiscalYear) { fiscalYear entries { itemId itemName stage } } }`;
const OPENING = { reason: '第2期中期経営計画(令和10〜12年度)の開始', approvedBy: '理事会 2028-03-20' };

/** The shipped plan moved three years on, as the next 中期経営計画: I-001 renamed, I-002 left out. */
function nextPlan(): PlanCatalogue {
  const shipped = loadPlanCatalogue();
  const shift = (schedule: ImplementationItem['schedule']) =>
    Object.fromEntries(Object.entries(schedule).map(([year, cell]) => [Number(year) + 3, { stage: cell.stage ?? '実施', continued: cell.continued }]));
  return {
    ...shipped,
    title: '第2期中期経営計画',
    period: { from: 2028, to: 2030 },
    items: shipped.items
      .filter((i) => i.id !== 'I-002')
      .map((i) => ({ ...i, name: i.id === 'I-001' ? '第2期 評価・進捗状況の周知' : i.name, schedule: shift(i.schedule) })),
    divisions: shipped.divisions.map((d) => ({
      ...d,
      topics: d.topics.map((t) => ({ ...t, themes: t.themes.map((th) => ({ ...th, listings: th.listings.filter((l) => l.itemId !== 'I-002') })) })),
    })),
  };
}

describe('a new plan period (計画期間) opened from a workbook', () => {
  let api: TestApi;
  let store: EventStore;
  let admin: Browser;
  let staff: Browser;

  beforeAll(async () => {
    api = await startTestApi();
    store = api.app.get<EventStore>(EVENT_STORE);
    [admin, staff] = await api.signInAll('admin', 'staff-general');
  });
  afterAll(() => api?.dispose());

  it('a workbook of a period overlapping the one in force is refused in Japanese, nothing recorded', async () => {
    const overlapping = await writePlanWorkbook({ ...nextPlan(), period: { from: 2027, to: 2029 } } as PlanCatalogue);
    const head = await store.headPosition();
    const answer = await previewPlanWorkbook(api.url, admin, overlapping);
    expect(answer.status).toBe(400);
    expect(answer.json().message).toContain('ブックの計画期間(2027〜2029年度)は現在の計画期間(2025〜2027年度)と同じでも、その後でもありません');
    expect(await store.headPosition()).toBe(head);
  });

  it('the administrator previews and records FY2028–2030; both periods stay readable, each year with its own plan', async () => {
    const preview = (await previewPlanWorkbook(api.url, admin, await writePlanWorkbook(nextPlan()), '第2期計画.xlsx')).json();
    expect(preview).toMatchObject({
      ok: true,
      mode: 'newPeriod',
      period: { from: 2025, to: 2027 },
      workbookPeriod: { from: 2028, to: 2030 },
      changes: [],
      summary: expect.stringMatching(/^部 3・推進会議 3・部門 4・推進項目 \d+・取組テーマ \d+・実施項目 93$/),
    });
    // only the administrator may record it
    const refused = await staff.send(IMPORT, { input: { previewId: preview.previewId, ...OPENING, commandId: newCommandId('period') } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const commandId = newCommandId('period');
    const recorded = await admin.run<{ importPlanWorkbook: { mode: string; recordedChanges: number } }>(IMPORT, {
      input: { previewId: preview.previewId, ...OPENING, commandId },
    });
    expect(recorded.importPlanWorkbook).toMatchObject({ mode: 'newPeriod', recordedChanges: 1 });
    const events = await store.readStream(catalogueStream());
    expect(events.at(-1)).toMatchObject({ type: 'PlanPeriodOpened', data: { ...OPENING, by: 'demo-admin' } });

    expect((await admin.run<{ planPeriods: unknown[] }>(PERIODS)).planPeriods).toEqual([
      { periodFrom: 2025, periodTo: 2027, title: loadPlanCatalogue().title, current: false },
      { periodFrom: 2028, periodTo: 2030, title: '第2期中期経営計画', current: true },
    ]);
    const current = (await staff.run<{ plan: any }>(PLAN_OF, {})).plan;
    expect(current).toMatchObject({ periodFrom: 2028, current: true, opened: OPENING });
    expect(current.items[0]).toEqual({ id: 'I-001', name: '第2期 評価・進捗状況の周知' });
    const finished = (await staff.run<{ plan: any }>(PLAN_OF, { fiscalYear: 2026 })).plan;
    expect(finished).toMatchObject({ periodFrom: 2025, periodTo: 2027, current: false, opened: null });
    expect(finished.items[0]).toEqual({ id: 'I-001', name: loadPlanCatalogue().items[0]!.name });
    const none = await staff.send(PLAN_OF, { fiscalYear: 2031 });
    expect(none.errors?.[0]?.message).toContain('を含む計画期間はありません(計画期間: 2025〜2027年度、2028〜2030年度)');
  });

  it('the administrator opens FY2028; its board lists the new plan while FY2025 keeps the old one, and work goes on in both', async () => {
    const notYet = await staff.send(OPEN_YEAR, { input: { fiscalYear: 2028, commandId: newCommandId('year') } });
    expect(notYet.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const outside = await admin.send(OPEN_YEAR, { input: { fiscalYear: 2031, commandId: newCommandId('year') } });
    expect(outside.errors?.[0]?.message).toBe('年度(fiscalYear)は計画期間(2025〜2027年度、2028〜2030年度)の中で指定してください。');
    const opened = await admin.run<{ openFiscalYear: { fiscalYear: number; thresholds: { A: number } }[] }>(OPEN_YEAR, {
      input: { fiscalYear: 2028, thresholds: { A: 100, B: 85, C: 65 }, commandId: newCommandId('year') },
    });
    expect(opened.openFiscalYear.map((y) => y.fiscalYear)).toEqual([2025, 2026, 2027, 2028]);
    const twice = await admin.send(OPEN_YEAR, { input: { fiscalYear: 2028, commandId: newCommandId('year') } });
    expect(twice.errors?.[0]?.message).toContain('既に開始されています');

    await approvedPlan(staff, 'I-001', 2028);
    await approvedPlan(staff, 'I-002', 2025);
    const board = async (fiscalYear: number) =>
      (await staff.run<{ board: { entries: { itemId: string; itemName: string; stage: string }[] } }>(BOARD, { fiscalYear })).board.entries;
    const next = await board(2028);
    expect(next.find((e) => e.itemId === 'I-001')).toEqual({ itemId: 'I-001', itemName: '第2期 評価・進捗状況の周知', stage: 'Draft' });
    expect(next.some((e) => e.itemId === 'I-002')).toBe(false);
    const old = await board(2025);
    expect(old.find((e) => e.itemId === 'I-002')).toMatchObject({ itemName: loadPlanCatalogue().items[1]!.name, stage: 'Draft' });
    // the finished period's report still lists its own items, the new period's lists the new plan
    const REPORT = `query($fiscalYear: Int!) { annualReport(fiscalYear: $fiscalYear) { divisions { rows { itemId itemName } } } }`;
    const auditor = await api.signIn('auditor');
    const rowsOf = async (fiscalYear: number) =>
      (await auditor.run<{ annualReport: { divisions: { rows: { itemId: string; itemName: string }[] }[] } }>(REPORT, { fiscalYear })).annualReport.divisions.flatMap((d) => d.rows);
    expect((await rowsOf(2025)).find((r) => r.itemId === 'I-002')?.itemName).toBe(loadPlanCatalogue().items[1]!.name);
    const nextRows = await rowsOf(2028);
    expect(nextRows.find((r) => r.itemId === 'I-001')?.itemName).toBe('第2期 評価・進捗状況の周知');
    expect(nextRows.some((r) => r.itemId === 'I-002')).toBe(false);

    // an evaluation of the finished period reads its own item (the same id names another item in the next plan)
    const ITEM_OF = `query($itemId: ID!, $fiscalYear: Int!) { evaluation(itemId: $itemId, fiscalYear: $fiscalYear) { item { id name } } }`;
    expect((await staff.run<{ evaluation: { item: { name: string } } }>(ITEM_OF, { itemId: 'I-001', fiscalYear: 2025 })).evaluation.item.name).toBe(
      loadPlanCatalogue().items[0]!.name,
    );
    expect((await staff.run<{ evaluation: { item: { name: string } } }>(ITEM_OF, { itemId: 'I-001', fiscalYear: 2028 })).evaluation.item.name).toBe(
      '第2期 評価・進捗状況の周知',
    );

    // the item the new plan left out cannot be started in its years
    const gone = await staff.send(`mutation($input: SaveAnnualPlanInput!) { saveAnnualPlan(input: $input) { version } }`, {
      input: { itemId: 'I-002', fiscalYear: 2028, expectedVersion: null, method: 'qualitative', actions: '—', commandId: newCommandId() },
    });
    expect(gone.errors?.[0]?.message).toContain('実施項目 I-002 は2028〜2030年度の計画にありません');
  });
});

describe('HYOKA_INITIAL_PLAN=none: another council starts with an empty store and imports its own plan', () => {
  let api: TestApi;
  let admin: Browser;

  beforeAll(async () => {
    api = await startTestApi({ HYOKA_INITIAL_PLAN: 'none', HYOKA_ADMIN_PASSWORD: DEMO_PASSWORD });
    admin = await api.signIn('admin');
  });
  afterAll(() => api?.dispose());

  it('starts with no plan, no year and only the administrator', async () => {
    expect(api.firstStart.accounts.map((a) => a.loginName)).toEqual(['admin']);
    const plan = await admin.send(PLAN_OF, {});
    expect(plan.errors?.[0]?.message).toBe('計画カタログがまだ取り込まれていません。');
    expect((await admin.run<{ fiscalYears: unknown[] }>(`query { fiscalYears { fiscalYear } }`)).fiscalYears).toEqual([]);
    const year = await admin.send(OPEN_YEAR, { input: { fiscalYear: 2026, commandId: newCommandId('year') } });
    expect(year.errors?.[0]?.message).toBe('計画がまだありません。先に計画ブックを取り込んでください。');
  });

  it('the administrator imports a workbook as the first plan, then opens its first year', async () => {
    const other: PlanCatalogue = { ...nextPlan(), title: '〇〇市社会福祉協議会 地域福祉活動計画', period: { from: 2026, to: 2028 } };
    other.items = other.items.map((i) => ({
      ...i,
      schedule: Object.fromEntries(Object.entries(i.schedule).map(([y, c]) => [Number(y) - 2, c])) as ImplementationItem['schedule'],
    }));
    const preview = (await previewPlanWorkbook(api.url, admin, await writePlanWorkbook(other))).json();
    expect(preview).toMatchObject({ ok: true, mode: 'firstPlan', workbookPeriod: { from: 2026, to: 2028 }, period: { from: 2026, to: 2028 } });
    const recorded = await admin.run<{ importPlanWorkbook: { mode: string } }>(IMPORT, {
      input: { previewId: preview.previewId, reason: '計画の導入', approvedBy: '理事会 2026-03-25', commandId: newCommandId('first') },
    });
    expect(recorded.importPlanWorkbook.mode).toBe('firstPlan');
    expect((await admin.run<{ plan: { title: string; periodFrom: number } }>(PLAN_OF, {})).plan).toMatchObject({ title: other.title, periodFrom: 2026 });
    const opened = await admin.run<{ openFiscalYear: { fiscalYear: number }[] }>(OPEN_YEAR, { input: { fiscalYear: 2026, commandId: newCommandId('year') } });
    expect(opened.openFiscalYear.map((y) => y.fiscalYear)).toEqual([2026]);
  });
});
