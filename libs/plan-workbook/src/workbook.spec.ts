import ExcelJS from 'exceljs';
import { loadPlanCatalogue } from '@hyoka/catalogue';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentPlan, decideCatalogue, evolveCatalogue, foldCatalogue, itemContext, testActors, type CatalogueCommand } from '@hyoka/domain';
import { describeProblem, diffPlans, followedAlready, importModeOf, planSummary, readPlanWorkbook, revisionCommands, SHEET, unrecordableKinds, writePlanWorkbook } from './index.js';

const shipped = loadPlanCatalogue();
let exported: Buffer;
beforeAll(async () => {
  exported = await writePlanWorkbook(shipped);
});

/** The exported workbook with one edit made as a person would in Excel. */
async function edited(edit: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(exported as unknown as ArrayBuffer);
  edit(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const rowOf = (ws: ExcelJS.Worksheet, id: string): number => {
  for (let r = 2; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === id) return r;
  throw new Error(`no row ${id}`);
};
async function problemsOf(data: Buffer): Promise<string[]> {
  const result = await readPlanWorkbook(data);
  if (result.ok) throw new Error('the workbook was accepted');
  return result.problems.map(describeProblem);
}

describe('the plan workbook', () => {
  it('has a sheet per level with Japanese headers, frozen header rows and drop-down lists for stages and 部', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['説明', '計画', '部', '会議体', '部門', '推進項目', '取組テーマ', '再掲', '実施項目', '計画段階', '評価基準']);
    const items = wb.getWorksheet('実施項目')!;
    expect(items.getRow(1).values).toEqual([undefined, '実施項目コード', '実施項目名', '取組テーマID', '2025年度', '2026年度', '2027年度']);
    expect(items.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(items.getCell('E2').dataValidation).toMatchObject({ type: 'list', formulae: [expect.stringMatching(/^'計画段階'!\$A\$2:\$A\$\d+$/)] });
    expect(wb.getWorksheet('会議体')!.getCell('G2').dataValidation).toMatchObject({ type: 'list', formulae: [expect.stringMatching(/^'部'!\$A\$2:/)] });
    const themes = wb.getWorksheet('取組テーマ')!;
    expect(themes.getRow(1).values).toEqual([undefined, '取組テーマID', '推進項目ID', '番号', '取組テーマ名', '計画の体系での名称（異なる場合）', '現状と課題', '推進目標']);
    expect(themes.getCell('F2').value).toBe(shipped.divisions[0]!.topics[0]!.themes[0]!.currentSituation);
    expect(wb.getWorksheet('再掲')!.actualRowCount - 1).toBe(19);
  });

  it('reads back as the same plan: no changes', async () => {
    const result = await readPlanWorkbook(exported);
    expect(result.ok && diffPlans(shipped, result.catalogue)).toEqual([]);
  });

  it('lists exactly the edits: an item renamed and a schedule cell changed; they become one revision of item commands', async () => {
    const data = await edited((wb) => {
      const ws = wb.getWorksheet('実施項目')!;
      ws.getCell(rowOf(ws, 'I-002'), 2).value = '新しい名称';
      ws.getCell(rowOf(ws, 'I-001'), 4).value = '調査'; // 2025: 検討 → 調査 (2026 is 実施, no arrow follows)
    });
    const result = await readPlanWorkbook(data);
    if (!result.ok) throw new Error(result.problems.map(describeProblem).join('\n'));
    const changes = diffPlans(shipped, result.catalogue);
    expect(changes.map((c) => c.text)).toEqual([
      '実施項目 I-001 2025年度の計画段階を変更: 検討 → 調査',
      `実施項目 I-002 の名称を変更: 「${shipped.items[1]!.name}」 → 「新しい名称」`,
    ]);
    const plan = revisionCommands(changes, { reason: '理事会の決定', approvedBy: '理事会' });
    expect(plan).toEqual({
      ok: true,
      commands: [
        { type: 'ChangeItemSchedule', data: { reason: '理事会の決定', approvedBy: '理事会', itemId: 'I-001', fiscalYear: 2025, stage: '調査' } },
        { type: 'RenameItem', data: { reason: '理事会の決定', approvedBy: '理事会', itemId: 'I-002', name: '新しい名称' } },
      ],
    });
  });

  it('refuses to turn into a revision what the domain cannot record yet (the 評価基準, a 計画の体系 name); a new 部 and 会議体 are recordable', async () => {
    const data = await edited((wb) => {
      wb.getWorksheet('評価基準')!.getCell('B2').value = '計画どおり';
      wb.getWorksheet('部')!.addRow(['facility', '施設部']);
      wb.getWorksheet('会議体')!.addRow(['facility-meeting', '推進会議', '施設推進会議', '施設部長', '', '', 'facility']);
      const themes = wb.getWorksheet('取組テーマ')!;
      themes.getCell(rowOf(themes, 'corporate-management/1/2'), 5).value = '体系での名称';
    });
    const result = await readPlanWorkbook(data);
    if (!result.ok) throw new Error(result.problems.map(describeProblem).join('\n'));
    const changes = diffPlans(shipped, result.catalogue);
    expect(changes.map((c) => c.text)).toEqual([
      '部 facility を追加: 「施設部」',
      '会議体 facility-meeting を追加: 「施設推進会議」',
      '取組テーマ corporate-management/1/2 の計画の体系での名称を変更',
      '評価基準（第3章）の記載を変更',
    ]);
    expect(revisionCommands(changes, { reason: 'r', approvedBy: 'a' })).toEqual({ ok: false, unsupported: ['取組テーマの記載の変更', '評価基準の記載の変更'] });
    // what a preview shows before anyone asks to record it
    expect(unrecordableKinds(changes)).toEqual(['取組テーマの記載の変更', '評価基準の記載の変更']);
    expect(unrecordableKinds(changes.filter((c) => c.level === 'department'))).toEqual([]);
  });

  it('records the organisation in one revision with the items: a new 部 and its 推進会議 before the 部門 mapped to it, retirements last', async () => {
    const data = await edited((wb) => {
      wb.getWorksheet('部')!.addRow(['facility', '施設部']);
      wb.getWorksheet('会議体')!.addRow(['facility-meeting', '推進会議', '施設推進会議', '施設部長', '施設部の職員', '課題整理・意見出し', 'facility']);
      const divisions = wb.getWorksheet('部門')!;
      divisions.getCell(rowOf(divisions, 'facility-care'), 4).value = 'facility-meeting';
      const departments = wb.getWorksheet('部')!;
      departments.getCell(rowOf(departments, 'general-affairs'), 2).value = '総務企画部';
      const items = wb.getWorksheet('実施項目')!;
      items.getCell(rowOf(items, 'I-002'), 2).value = '新しい名称';
    });
    const result = await readPlanWorkbook(data);
    if (!result.ok) throw new Error(result.problems.map(describeProblem).join('\n'));
    const changes = diffPlans(shipped, result.catalogue);
    expect(unrecordableKinds(changes)).toEqual([]);
    const plan = revisionCommands(changes, { reason: '施設部の新設', approvedBy: '理事会' });
    if (!plan.ok) throw new Error(plan.unsupported.join());
    expect(plan.commands.map((c) => c.type)).toEqual(['AddDepartment', 'RenameDepartment', 'AddReviewBody', 'RemapDivision', 'RenameItem']);
    expect(plan.commands[2]).toEqual({
      type: 'AddReviewBody',
      data: {
        reason: '施設部の新設',
        approvedBy: '理事会',
        body: { id: 'facility-meeting', kind: 'PromotionMeeting', name: '施設推進会議', chair: '施設部長', members: '施設部の職員', roles: ['課題整理・意見出し'], departmentId: 'facility' },
      },
    });
    expect(plan.commands[3]).toEqual({ type: 'RemapDivision', data: { reason: '施設部の新設', approvedBy: '理事会', divisionId: 'facility-care', promotionMeetingId: 'facility-meeting' } });
    // the domain records them in that order, one after the other
    let state = foldCatalogue([{ type: 'PlanCatalogueImported', data: { catalogue: shipped, by: 'system', actingAs: 'System', at: '2025-04-01T00:00:00.000Z' } }]);
    for (const command of plan.commands) state = decideCatalogue(command, state, { actor: testActors.admin, now: '2026-03-20T00:00:00.000Z' }).reduce(evolveCatalogue, state);
    if (state.status !== 'Imported') throw new Error('imported');
    expect(itemContext(state, 'I-003', 2025)).toBeDefined();
    expect(state.catalogue.divisions.find((d) => d.id === 'facility-care')!.promotionMeetingId).toBe('facility-meeting');
    expect(diffPlans(currentPlan(state), result.catalogue)).toEqual([]);
  });

  it('a 部 whose 推進会議 reviews nothing any more is retired after the remap that frees it', async () => {
    const moved = { ...shipped, departments: [...shipped.departments, { id: 'facility', name: '施設部' }] };
    moved.reviewBodies = [...shipped.reviewBodies, { id: 'facility-meeting', kind: 'PromotionMeeting', name: '施設推進会議', chair: null, members: '', roles: [], departmentId: 'facility' }];
    moved.divisions = shipped.divisions.map((d) => (d.id === 'facility-care' ? { ...d, promotionMeetingId: 'general-affairs-meeting' } : d));
    const withFacility = { ...moved, divisions: shipped.divisions.map((d) => (d.id === 'facility-care' ? { ...d, promotionMeetingId: 'facility-meeting' } : d)) };
    // back from a plan where 施設・介護サービス部門 was the 施設部's: remap it, then retire the 推進会議 and the 部
    const changes = diffPlans(withFacility, shipped);
    const plan = revisionCommands(changes, { reason: 'r', approvedBy: 'a' });
    expect(plan.ok && plan.commands.map((c) => c.type)).toEqual(['RemapDivision', 'RetireReviewBody', 'RetireDepartment']);
  });

  it('records the levels: a new 推進項目 with a new theme, a theme renamed, its 現状と課題 changed, items moved — parents first', async () => {
    const data = await edited((wb) => {
      wb.getWorksheet('推進項目')!.addRow(['corporate-management/7', 'corporate-management', 7, 'デジタル化の推進', '']);
      const themes = wb.getWorksheet('取組テーマ')!;
      themes.addRow(['corporate-management/7/1', 'corporate-management/7', 1, '業務のデジタル化', '', '紙の帳票が多い', '電子申請の導入']);
      themes.getCell(rowOf(themes, 'corporate-management/1/2'), 4).value = '法令遵守とガバナンスの強化';
      themes.getCell(rowOf(themes, 'corporate-management/1/1'), 6).value = '理念の周知が十分でない';
      const items = wb.getWorksheet('実施項目')!;
      items.getCell(rowOf(items, 'I-003'), 3).value = 'corporate-management/1/2';
      items.getCell(rowOf(items, 'I-041'), 3).value = 'corporate-management/7/1';
    });
    const result = await readPlanWorkbook(data);
    if (!result.ok) throw new Error(result.problems.map(describeProblem).join('\n'));
    const changes = diffPlans(shipped, result.catalogue);
    expect(unrecordableKinds(changes)).toEqual([]);
    const plan = revisionCommands(changes, { reason: '理事会の決定', approvedBy: '理事会' });
    if (!plan.ok) throw new Error(plan.unsupported.join('、'));
    const r = { reason: '理事会の決定', approvedBy: '理事会' };
    expect(plan.commands).toEqual([
      { type: 'AddTopic', data: { ...r, topicId: 'corporate-management/7', divisionId: 'corporate-management', name: 'デジタル化の推進', number: 7 } },
      {
        type: 'AddTheme',
        data: { ...r, themeId: 'corporate-management/7/1', topicId: 'corporate-management/7', name: '業務のデジタル化', number: 1, currentSituation: '紙の帳票が多い', goal: '電子申請の導入' },
      },
      { type: 'ChangeThemeTexts', data: { ...r, themeId: 'corporate-management/1/1', currentSituation: '理念の周知が十分でない' } },
      { type: 'RenameTheme', data: { ...r, themeId: 'corporate-management/1/2', name: '法令遵守とガバナンスの強化' } },
      { type: 'MoveItem', data: { ...r, itemId: 'I-003', themeId: 'corporate-management/1/2' } },
      { type: 'MoveItem', data: { ...r, itemId: 'I-041', themeId: 'corporate-management/7/1' } },
    ]);
    // the domain accepts them in that order, and the plan it then holds is the workbook's
    let state = foldCatalogue([{ type: 'PlanCatalogueImported', data: { catalogue: shipped, by: 'system', actingAs: 'System', at: '2025-04-01T00:00:00.000Z' } }]);
    for (const command of plan.commands) {
      for (const event of decideCatalogue(command, state, { actor: testActors.admin, now: '2026-04-01T00:00:00.000Z' })) state = evolveCatalogue(state, event);
    }
    expect(state.status === 'Imported' && diffPlans(currentPlan(state), result.catalogue)).toEqual([]);
  });

  it('retires items before the theme that held them, and needs the year for both', async () => {
    const data = await edited((wb) => {
      const themes = wb.getWorksheet('取組テーマ')!;
      themes.spliceRows(rowOf(themes, 'facility-care/1/2'), 1);
      const items = wb.getWorksheet('実施項目')!;
      items.spliceRows(rowOf(items, 'I-043'), 1);
    });
    const result = await readPlanWorkbook(data);
    if (!result.ok) throw new Error(result.problems.map(describeProblem).join('\n'));
    const changes = diffPlans(shipped, result.catalogue);
    expect(revisionCommands(changes, { reason: 'r', approvedBy: 'a' })).toEqual({ ok: false, unsupported: ['廃止する年度の指定がない実施項目の廃止'] });
    const plan = revisionCommands(changes, { reason: 'r', approvedBy: 'a', retireFrom: 2026 });
    expect(plan.ok && plan.commands.map((c) => c.type)).toEqual(['RetireItem', 'RetireTheme']);
  });

  it('a schedule change that a continued (→) year has followed already is not decided twice', () => {
    const state = foldCatalogue([{ type: 'PlanCatalogueImported', data: { catalogue: shipped, by: 'system', actingAs: 'System', at: '2025-04-01T00:00:00.000Z' } }]);
    const item = shipped.items.find((i) => (i.schedule as Record<number, { stage: string | null }>)[2025]?.stage)!;
    const stage = (item.schedule as Record<number, { stage: string | null }>)[2025]!.stage;
    const change = (to: string | null): CatalogueCommand => ({ type: 'ChangeItemSchedule', data: { reason: 'r', approvedBy: 'a', itemId: item.id, fiscalYear: 2025, stage: to } });
    expect(followedAlready(change(stage), state)).toBe(true);
    expect(followedAlready(change('別の段階'), state)).toBe(false);
    expect(followedAlready({ type: 'RenameItem', data: { reason: 'r', approvedBy: 'a', itemId: item.id, name: item.name } }, state)).toBe(false);
  });

  describe('a bad workbook gives each problem with its sheet, row and column, in Japanese, and no plan', () => {
    it('a missing sheet', async () => {
      expect(await problemsOf(await edited((wb) => wb.removeWorksheet(wb.getWorksheet(SHEET.items)!.id)))).toEqual(['シート「実施項目」: シート「実施項目」がありません']);
    });
    it('a duplicate item code', async () => {
      const problems = await problemsOf(
        await edited((wb) => {
          const ws = wb.getWorksheet('実施項目')!;
          ws.getCell(14, 1).value = 'I-012';
        }),
      );
      expect(problems).toEqual(['シート「実施項目」 14行 A列: 実施項目コード I-012 が重複しています（13行と同じ）']);
    });
    it('an unknown stage', async () => {
      const problems = await problemsOf(await edited((wb) => (wb.getWorksheet('実施項目')!.getCell('F5').value = '研究')));
      expect(problems).toEqual(['シート「実施項目」 5行 F列: 計画段階「研究」は「計画段階」シートにありません']);
    });
    it('a 部 without a 推進会議', async () => {
      const problems = await problemsOf(await edited((wb) => wb.getWorksheet('部')!.addRow(['facility', '施設部'])));
      expect(problems).toEqual(['シート「部」 5行 A列: 部 facility（施設部）の推進会議がありません。「会議体」シートで推進会議に部IDを割り当ててください']);
    });
    it('an empty name', async () => {
      const problems = await problemsOf(await edited((wb) => (wb.getWorksheet('実施項目')!.getCell('B7').value = '  ')));
      expect(problems).toEqual(['シート「実施項目」 7行 B列: 実施項目名が入力されていません']);
    });
    it('a formula where a value belongs', async () => {
      const problems = await problemsOf(
        await edited((wb) => (wb.getWorksheet('取組テーマ')!.getCell('D3').value = { formula: 'UPPER(D2)', result: 'X' } as ExcelJS.CellFormulaValue)),
      );
      expect(problems).toEqual(['シート「取組テーマ」 3行 D列: 数式（=UPPER(D2)）は使えません。値を入力してください']);
    });
  });
});

describe('what an import means (importModeOf)', () => {
  const shipped = () => structuredClone(loadPlanCatalogue());
  const moved = (from: number) => ({ ...shipped(), period: { from, to: from + 2 } });
  it('a first plan, a revision of the same period, the next period, or a refusal', () => {
    expect(importModeOf(null, shipped())).toEqual({ mode: 'firstPlan', period: { from: 2025, to: 2027 } });
    expect(importModeOf(shipped(), shipped())).toEqual({ mode: 'revision', period: { from: 2025, to: 2027 } });
    expect(importModeOf(shipped(), moved(2028))).toEqual({ mode: 'newPeriod', period: { from: 2028, to: 2030 }, current: { from: 2025, to: 2027 } });
    expect(importModeOf(shipped(), moved(2026))).toEqual({
      mode: 'refused',
      problem: expect.stringContaining('ブックの計画期間(2026〜2028年度)は現在の計画期間(2025〜2027年度)と同じでも、その後でもありません'),
    });
    expect(planSummary(shipped())).toMatch(/^部 3・推進会議 3・部門 4・推進項目 \d+・取組テーマ \d+・実施項目 94$/);
  });
});
