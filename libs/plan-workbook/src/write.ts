import ExcelJS from 'exceljs';
import type { PlanCatalogue, PlannedStage } from '@hyoka/catalogue';
import { COLUMNS, CONTINUED, itemColumns, PLAN_KEYS, REVIEW_BODY_KINDS, SHEET, YES, type Column, type SheetName } from './model.js';

/** Rows below the data that still get the drop-down lists, so a person can add rows. */
const SPARE_ROWS = 200;

const INSTRUCTIONS = [
  'この計画ブックの使い方',
  '',
  '・シートは計画の階層ごとに分かれています: 部 → 会議体 → 部門 → 推進項目 → 取組テーマ → 実施項目（再掲は「再掲」シート）。',
  '・各シートの1行目は見出しです。見出しと列の順は変えないでください。行は追加・削除できます。',
  '・ID（部ID・部門ID・推進項目ID・取組テーマID・実施項目コード）は、ほかのシートから参照されます。既存のIDは変えずに名称を直してください。',
  '・実施項目の年度の列は計画段階です。「計画段階」シートの一覧から選びます。「→」は前年度の段階を続けることを表します。空欄は段階なしです。',
  '・新しい計画段階を使うときは、先に「計画段階」シートに追加してください。',
  '・部は必ずどれかの推進会議（「会議体」シートの種別「推進会議」）に属します。部門は審査する推進会議を1つ指定します。',
  '・セルには値を入力してください。数式は使えません。',
  '',
  '取り込み: npx hyoka plan import <ファイル> --dry-run で、現在の計画との違いと誤りを確認できます（何も記録されません）。',
  '誤りは「シート「実施項目」 12行 A列: …」のように、シート・行・列と内容を示します。',
];

const yearsOf = (catalogue: PlanCatalogue): number[] =>
  Array.from({ length: catalogue.period.to - catalogue.period.from + 1 }, (_, i) => catalogue.period.from + i);

function sheet(workbook: ExcelJS.Workbook, name: SheetName, columns: Column[]): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
  columns.forEach((c, i) => {
    if (c.long) ws.getColumn(i + 1).alignment = { wrapText: true, vertical: 'top' };
  });
  return ws;
}

/** A drop-down list from another sheet's first column, on every data row (and spare rows) of one column. */
function listValidation(ws: ExcelJS.Worksheet, column: number, source: SheetName, rows: number, message: string): void {
  const formula = `'${source}'!$A$2:$A$${rows + SPARE_ROWS + 1}`;
  for (let r = 2; r <= rows + SPARE_ROWS + 1; r++) {
    ws.getCell(r, column).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [formula],
      showErrorMessage: true,
      errorTitle: '一覧にない値です',
      error: message,
    };
  }
}

/** The 3-year schedule cell: the stage, or → when the document's arrow continued the previous year's stage. */
function stageCell(cell: PlannedStage | undefined, previous: PlannedStage | undefined): string {
  if (!cell || cell.stage === null) return '';
  if (cell.continued && previous && previous.stage === cell.stage) return CONTINUED;
  return cell.stage;
}

/** The stages used in the plan, in order of first use, with → first. */
export function stagesOf(catalogue: PlanCatalogue): string[] {
  const stages = new Set<string>();
  for (const item of catalogue.items) for (const cell of Object.values(item.schedule)) if (cell.stage) stages.add(cell.stage);
  return [...stages];
}

/** The plan as an editable workbook (see `model.ts` for its sheets and columns). */
export async function writePlanWorkbook(catalogue: PlanCatalogue): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Hyoka';
  const years = yearsOf(catalogue);

  const instructions = workbook.addWorksheet(SHEET.instructions);
  instructions.getColumn(1).width = 120;
  INSTRUCTIONS.forEach((text, i) => (instructions.getCell(i + 1, 1).value = text));
  instructions.getCell(1, 1).font = { bold: true, size: 14 };

  const plan = sheet(workbook, SHEET.plan, COLUMNS[SHEET.plan]);
  const rules = catalogue.evaluationRules;
  for (const [key, value] of [
    [PLAN_KEYS.title, catalogue.title],
    [PLAN_KEYS.from, catalogue.period.from],
    [PLAN_KEYS.to, catalogue.period.to],
    [PLAN_KEYS.source, catalogue.source],
    [PLAN_KEYS.quantitative, rules.quantitative],
    [PLAN_KEYS.qualitative, rules.qualitative],
    [PLAN_KEYS.overall, rules.overall],
  ] as const) {
    plan.addRow({ key, value });
  }

  const departments = sheet(workbook, SHEET.departments, COLUMNS[SHEET.departments]);
  // the organisation in force: retired 部 and 会議体 keep their names in the catalogue, not in the workbook
  for (const d of catalogue.departments.filter((x) => !x.retired)) departments.addRow({ id: d.id, name: d.name });

  const bodies = sheet(workbook, SHEET.reviewBodies, COLUMNS[SHEET.reviewBodies]);
  for (const b of catalogue.reviewBodies.filter((x) => !x.retired)) {
    bodies.addRow({
      id: b.id,
      kind: REVIEW_BODY_KINDS[b.kind],
      name: b.name,
      chair: b.chair ?? '',
      members: b.members,
      roles: b.roles.join('\n'),
      departmentId: b.departmentId ?? '',
      alsoKnownAs: (b.alsoKnownAs ?? []).join('、'),
      newlyEstablished: b.newlyEstablished ? YES : '',
    });
  }
  const kinds = Object.values(REVIEW_BODY_KINDS);
  for (let r = 2; r <= catalogue.reviewBodies.length + SPARE_ROWS + 1; r++) {
    bodies.getCell(r, 2).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${kinds.join(',')}"`] };
  }
  listValidation(bodies, 7, SHEET.departments, catalogue.reviewBodies.length, '「部」シートの部IDを選んでください');

  const divisions = sheet(workbook, SHEET.divisions, COLUMNS[SHEET.divisions]);
  const topics = sheet(workbook, SHEET.topics, COLUMNS[SHEET.topics]);
  const themes = sheet(workbook, SHEET.themes, COLUMNS[SHEET.themes]);
  const relistings = sheet(workbook, SHEET.relistings, COLUMNS[SHEET.relistings]);
  let topicCount = 0;
  let themeCount = 0;
  let relistingCount = 0;
  for (const d of catalogue.divisions) {
    divisions.addRow({
      id: d.id,
      number: d.number,
      name: d.name,
      promotionMeetingId: d.promotionMeetingId,
      promotionMeetingConfigurable: d.promotionMeetingConfigurable ? YES : '',
    });
    for (const t of d.topics) {
      topicCount++;
      topics.addRow({ id: t.id, divisionId: d.id, number: t.number, name: t.name, outlineName: t.outlineName ?? '' });
      for (const th of t.themes) {
        themeCount++;
        themes.addRow({
          id: th.id,
          topicId: t.id,
          number: th.number,
          name: th.name,
          outlineName: th.outlineName ?? '',
          currentSituation: th.currentSituation,
          goal: th.goal,
        });
        for (const l of th.listings.filter((x) => x.relisting)) {
          relistingCount++;
          relistings.addRow({ themeId: th.id, itemId: l.itemId, printedName: l.printedName ?? '' });
        }
      }
    }
  }
  listValidation(divisions, 4, SHEET.reviewBodies, catalogue.divisions.length, '「会議体」シートの推進会議のIDを選んでください');
  listValidation(topics, 2, SHEET.divisions, topicCount, '「部門」シートの部門IDを選んでください');
  listValidation(themes, 2, SHEET.topics, themeCount, '「推進項目」シートの推進項目IDを選んでください');
  listValidation(relistings, 1, SHEET.themes, relistingCount, '「取組テーマ」シートの取組テーマIDを選んでください');

  const items = sheet(workbook, SHEET.items, itemColumns(years));
  for (const item of catalogue.items) {
    const row: Record<string, string> = { id: item.id, name: item.name, themeId: item.themeId };
    const schedule = item.schedule as Record<number, PlannedStage>;
    years.forEach((y, i) => (row[`year:${y}`] = stageCell(schedule[y], i === 0 ? undefined : schedule[years[i - 1]!])));
    items.addRow(row);
  }
  listValidation(items, 3, SHEET.themes, catalogue.items.length, '「取組テーマ」シートの取組テーマIDを選んでください');
  years.forEach((_, i) => listValidation(items, 4 + i, SHEET.stages, catalogue.items.length, '「計画段階」シートの計画段階を選んでください'));

  const stages = sheet(workbook, SHEET.stages, COLUMNS[SHEET.stages]);
  stages.addRow({ stage: CONTINUED, note: '前年度の段階を続ける' });
  for (const s of stagesOf(catalogue)) stages.addRow({ stage: s, note: '' });

  const grades = sheet(workbook, SHEET.grades, COLUMNS[SHEET.grades]);
  for (const b of rules.bands) {
    grades.addRow({ grade: b.grade, label: b.label, minPercent: b.minPercent ?? '', quantitativeRule: b.quantitativeRule, qualitativeRule: b.qualitativeRule });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
