import ExcelJS from 'exceljs';
import type { Division, FiscalYear, GradeBand, ImplementationItem, PlanCatalogue, PlannedStage, PromotionTopic, ReviewBody, Theme } from '@hyoka/catalogue';
import { COLUMNS, CONTINUED, columnLetter, itemColumns, PLAN_KEYS, REQUIRED_SHEETS, REVIEW_BODY_KINDS, SHEET, YES, type Column, type SheetName } from './model.js';

/** One problem of a workbook, located as a person finds it in Excel. */
export interface WorkbookProblem {
  sheet: SheetName;
  /** 1-based row; absent for a problem of the whole sheet */
  row?: number;
  /** column letter (A, B, …) */
  column?: string;
  message: string;
}

/** 「シート「実施項目」 12行 A列: 実施項目コード I-012 が重複しています」 */
export function describeProblem(p: WorkbookProblem): string {
  const where = [p.row === undefined ? null : `${p.row}行`, p.column === undefined ? null : `${p.column}列`].filter(Boolean).join(' ');
  return `シート「${p.sheet}」${where ? ` ${where}` : ''}: ${p.message}`;
}

export type ReadResult = { ok: true; catalogue: PlanCatalogue } | { ok: false; problems: WorkbookProblem[] };

type Cell = { text: string } | { formula: string };

function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value.replace(/\r\n?/g, '\n') };
  if (typeof value === 'number' || typeof value === 'boolean') return { text: String(value) };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10) };
  if ('formula' in value || 'sharedFormula' in value) return { formula: String((value as { formula?: string }).formula ?? (value as { sharedFormula: string }).sharedFormula) };
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join('').replace(/\r\n?/g, '\n') };
  if ('text' in value && typeof value.text === 'string') return { text: value.text };
  if ('error' in value) return { formula: String(value.error) };
  return { text: String(value) };
}

interface Row {
  row: number;
  values: Record<string, string>;
}

class Reader {
  readonly problems: WorkbookProblem[] = [];
  constructor(private readonly workbook: ExcelJS.Workbook) {}

  problem(sheet: SheetName, row: number | undefined, columns: Column[] | null, key: string | null, message: string): void {
    const index = columns && key ? columns.findIndex((c) => c.key === key) : -1;
    this.problems.push({ sheet, row, column: index >= 0 ? columnLetter(index + 1) : undefined, message });
  }

  /** The data rows of a sheet (blank rows skipped), or null when the sheet is missing or its headers moved. */
  rows(name: SheetName, columns: Column[]): Row[] | null {
    const ws = this.workbook.getWorksheet(name);
    if (!ws) {
      this.problems.push({ sheet: name, message: `シート「${name}」がありません` });
      return null;
    }
    let headersOk = true;
    columns.forEach((c, i) => {
      const cell = cellOf(ws.getCell(1, i + 1).value);
      const text = 'text' in cell ? cell.text.trim() : '';
      if (text !== c.header) {
        headersOk = false;
        this.problem(name, 1, columns, c.key, `見出しは「${c.header}」のはずですが「${text}」になっています`);
      }
    });
    if (!headersOk) return null;
    const rows: Row[] = [];
    for (let r = 2; r <= ws.rowCount; r++) {
      const values: Record<string, string> = {};
      const formulas = new Set<string>();
      let blank = true;
      columns.forEach((c, i) => {
        const cell = cellOf(ws.getCell(r, i + 1).value);
        if ('formula' in cell) {
          blank = false;
          this.problem(name, r, columns, c.key, `数式（=${cell.formula}）は使えません。値を入力してください`);
          values[c.key] = '';
          formulas.add(c.key);
          return;
        }
        const text = c.long ? cell.text.replace(/\s+$/, '') : cell.text.trim();
        if (text !== '') blank = false;
        values[c.key] = text;
      });
      if (blank) continue;
      for (const c of columns) {
        const v = values[c.key]!;
        if (formulas.has(c.key)) continue;
        if (c.required && v === '' ) this.problem(name, r, columns, c.key, `${c.header}が入力されていません`);
        else if (c.integer && v !== '' && !/^-?\d+$/.test(v)) this.problem(name, r, columns, c.key, `${c.header}は整数で入力してください（「${v}」）`);
      }
      rows.push({ row: r, values });
    }
    return rows;
  }

  /** Rows keyed by their id column; a repeated id is a problem at the repeating row. */
  unique(name: SheetName, columns: Column[], rows: Row[], key: string, what: string): Map<string, Row> {
    const byId = new Map<string, Row>();
    for (const r of rows) {
      const id = r.values[key]!;
      if (id === '') continue;
      if (byId.has(id)) this.problem(name, r.row, columns, key, `${what} ${id} が重複しています（${byId.get(id)!.row}行と同じ）`);
      else byId.set(id, r);
    }
    return byId;
  }
}

const KIND_BY_LABEL = new Map(Object.entries(REVIEW_BODY_KINDS).map(([kind, label]) => [label as string, kind as ReviewBody['kind']]));

/**
 * Reads a plan workbook written by `writePlanWorkbook` (and edited by a person) into a plan catalogue, or the list of
 * every problem found, each with its sheet, row and column. Nothing is half-read: any problem means no catalogue.
 */
export async function readPlanWorkbook(data: Buffer | ArrayBuffer | Uint8Array): Promise<ReadResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as ArrayBuffer);
  } catch {
    return { ok: false, problems: [{ sheet: SHEET.plan, message: 'Excel ブック（.xlsx）として読めません' }] };
  }
  const missing = REQUIRED_SHEETS.filter((name) => !workbook.getWorksheet(name));
  if (missing.length) return { ok: false, problems: missing.map((sheet) => ({ sheet, message: `シート「${sheet}」がありません` })) };

  const r = new Reader(workbook);

  // 計画: key/value rows
  const planColumns = COLUMNS[SHEET.plan];
  const planRows = r.rows(SHEET.plan, planColumns) ?? [];
  const planValue = (key: string): { value: string; row?: number } => {
    const row = planRows.find((x) => x.values.key === key);
    if (!row) r.problem(SHEET.plan, undefined, null, null, `「${key}」の行がありません`);
    return { value: row?.values.value ?? '', row: row?.row };
  };
  const year = (key: string): number | null => {
    const { value, row } = planValue(key);
    if (row === undefined) return null;
    if (!/^\d{4}$/.test(value)) {
      r.problem(SHEET.plan, row, planColumns, 'value', `${key}は西暦4桁で入力してください（「${value}」）`);
      return null;
    }
    return Number(value);
  };
  const title = planValue(PLAN_KEYS.title);
  if (title.row !== undefined && title.value === '') r.problem(SHEET.plan, title.row, planColumns, 'value', '計画名が入力されていません');
  const from = year(PLAN_KEYS.from);
  const to = year(PLAN_KEYS.to);
  if (from !== null && to !== null && from > to) r.problem(SHEET.plan, planValue(PLAN_KEYS.to).row, planColumns, 'value', '終了年度が開始年度より前です');
  const source = planValue(PLAN_KEYS.source).value;
  const rulesText = {
    quantitative: planValue(PLAN_KEYS.quantitative).value,
    qualitative: planValue(PLAN_KEYS.qualitative).value,
    overall: planValue(PLAN_KEYS.overall).value,
  };
  const years = from !== null && to !== null && from <= to ? Array.from({ length: to - from + 1 }, (_, i) => from + i) : [];

  // 部
  const depCols = COLUMNS[SHEET.departments];
  const depRows = r.rows(SHEET.departments, depCols) ?? [];
  const departments = r.unique(SHEET.departments, depCols, depRows, 'id', '部ID');

  // 会議体
  const bodyCols = COLUMNS[SHEET.reviewBodies];
  const bodyRows = r.rows(SHEET.reviewBodies, bodyCols) ?? [];
  const bodies = r.unique(SHEET.reviewBodies, bodyCols, bodyRows, 'id', '会議体ID');
  const reviewBodies: ReviewBody[] = [];
  for (const row of bodyRows) {
    const v = row.values;
    const kind = KIND_BY_LABEL.get(v.kind!);
    if (v.kind !== '' && !kind) r.problem(SHEET.reviewBodies, row.row, bodyCols, 'kind', `種別「${v.kind}」は ${[...KIND_BY_LABEL.keys()].join('・')} のいずれかです`);
    if (v.departmentId !== '' && !departments.has(v.departmentId!)) {
      r.problem(SHEET.reviewBodies, row.row, bodyCols, 'departmentId', `部ID ${v.departmentId} は「部」シートにありません`);
    }
    if (kind === 'PromotionMeeting' && v.departmentId === '') r.problem(SHEET.reviewBodies, row.row, bodyCols, 'departmentId', '推進会議には部IDが必要です');
    const body: ReviewBody = {
      id: v.id!,
      kind: kind ?? 'PromotionMeeting',
      name: v.name!,
      chair: v.chair === '' ? null : v.chair!,
      members: v.members!,
      roles: v.roles === '' ? [] : v.roles!.split('\n').map((s) => s.trim()).filter(Boolean),
    };
    if (v.departmentId !== '') body.departmentId = v.departmentId;
    if (v.alsoKnownAs !== '') body.alsoKnownAs = v.alsoKnownAs!.split('、').map((s) => s.trim()).filter(Boolean);
    if (v.newlyEstablished === YES) body.newlyEstablished = true;
    reviewBodies.push(body);
  }
  const meetingOf = new Map(reviewBodies.filter((b) => b.kind === 'PromotionMeeting' && b.departmentId).map((b) => [b.departmentId!, b]));
  for (const row of depRows) {
    if (row.values.id !== '' && !meetingOf.has(row.values.id!)) {
      r.problem(SHEET.departments, row.row, depCols, 'id', `部 ${row.values.id}（${row.values.name}）の推進会議がありません。「会議体」シートで推進会議に部IDを割り当ててください`);
    }
  }

  // 部門 → 推進項目 → 取組テーマ
  const divCols = COLUMNS[SHEET.divisions];
  const divRows = r.rows(SHEET.divisions, divCols) ?? [];
  const divisionRows = r.unique(SHEET.divisions, divCols, divRows, 'id', '部門ID');
  const divisions: Division[] = [];
  for (const row of divRows) {
    const v = row.values;
    const meeting = bodies.get(v.promotionMeetingId!);
    if (v.promotionMeetingId !== '' && (!meeting || KIND_BY_LABEL.get(meeting.values.kind!) !== 'PromotionMeeting')) {
      r.problem(SHEET.divisions, row.row, divCols, 'promotionMeetingId', `推進会議 ${v.promotionMeetingId} は「会議体」シートの推進会議にありません`);
    }
    const division: Division = { id: v.id!, number: Number(v.number), name: v.name!, promotionMeetingId: v.promotionMeetingId!, topics: [] };
    if (v.promotionMeetingConfigurable === YES) division.promotionMeetingConfigurable = true;
    divisions.push(division);
  }

  const topicCols = COLUMNS[SHEET.topics];
  const topicRows = r.rows(SHEET.topics, topicCols) ?? [];
  r.unique(SHEET.topics, topicCols, topicRows, 'id', '推進項目ID');
  const topics = new Map<string, PromotionTopic>();
  for (const row of topicRows) {
    const v = row.values;
    const division = divisions.find((d) => d.id === v.divisionId);
    if (v.divisionId !== '' && !divisionRows.has(v.divisionId!)) r.problem(SHEET.topics, row.row, topicCols, 'divisionId', `部門ID ${v.divisionId} は「部門」シートにありません`);
    const topic: PromotionTopic = { id: v.id!, number: Number(v.number), name: v.name!, themes: [] };
    if (v.outlineName !== '') topic.outlineName = v.outlineName;
    if (!topics.has(topic.id)) topics.set(topic.id, topic);
    division?.topics.push(topic);
  }

  const themeCols = COLUMNS[SHEET.themes];
  const themeRows = r.rows(SHEET.themes, themeCols) ?? [];
  r.unique(SHEET.themes, themeCols, themeRows, 'id', '取組テーマID');
  const themes = new Map<string, { theme: Theme; divisionId: string }>();
  for (const row of themeRows) {
    const v = row.values;
    const topic = topics.get(v.topicId!);
    if (v.topicId !== '' && !topic) r.problem(SHEET.themes, row.row, themeCols, 'topicId', `推進項目ID ${v.topicId} は「推進項目」シートにありません`);
    const theme: Theme = { id: v.id!, number: Number(v.number), name: v.name!, currentSituation: v.currentSituation!, goal: v.goal!, listings: [] };
    if (v.outlineName !== '') theme.outlineName = v.outlineName;
    topic?.themes.push(theme);
    const divisionId = divisions.find((d) => d.topics.includes(topic!))?.id ?? '';
    if (!themes.has(theme.id)) themes.set(theme.id, { theme, divisionId });
  }

  // 計画段階
  const stageCols = COLUMNS[SHEET.stages];
  const stageRows = r.rows(SHEET.stages, stageCols) ?? [];
  const stages = r.unique(SHEET.stages, stageCols, stageRows, 'stage', '計画段階');

  // 実施項目
  const itemCols = itemColumns(years);
  const itemRows = years.length ? (r.rows(SHEET.items, itemCols) ?? []) : [];
  r.unique(SHEET.items, itemCols, itemRows, 'id', '実施項目コード');
  const items: ImplementationItem[] = [];
  const itemIds = new Set<string>();
  for (const row of itemRows) {
    const v = row.values;
    const home = themes.get(v.themeId!);
    if (v.themeId !== '' && !home) r.problem(SHEET.items, row.row, itemCols, 'themeId', `取組テーマID ${v.themeId} は「取組テーマ」シートにありません`);
    const schedule: Record<number, PlannedStage> = {};
    let previous: PlannedStage | null = null;
    for (const y of years) {
      const key = `year:${y}`;
      const text = v[key]!;
      let cell: PlannedStage;
      if (text === '') cell = { stage: null, continued: false };
      else if (text === CONTINUED) {
        if (previous === null) r.problem(SHEET.items, row.row, itemCols, key, `最初の年度（${y}年度）に「${CONTINUED}」は使えません`);
        cell = { stage: previous?.stage ?? null, continued: true };
      } else {
        if (!stages.has(text)) r.problem(SHEET.items, row.row, itemCols, key, `計画段階「${text}」は「計画段階」シートにありません`);
        cell = { stage: text, continued: false };
      }
      schedule[y] = cell;
      previous = cell;
    }
    if (itemIds.has(v.id!)) continue;
    itemIds.add(v.id!);
    items.push({ id: v.id!, name: v.name!, divisionId: home?.divisionId ?? '', themeId: v.themeId!, schedule: schedule as ImplementationItem['schedule'] });
    home?.theme.listings.push({ itemId: v.id!, relisting: false });
  }

  // 再掲
  const relCols = COLUMNS[SHEET.relistings];
  for (const row of r.rows(SHEET.relistings, relCols) ?? []) {
    const v = row.values;
    const home = themes.get(v.themeId!);
    if (v.themeId !== '' && !home) r.problem(SHEET.relistings, row.row, relCols, 'themeId', `取組テーマID ${v.themeId} は「取組テーマ」シートにありません`);
    const item = items.find((i) => i.id === v.itemId);
    if (v.itemId !== '' && !item) r.problem(SHEET.relistings, row.row, relCols, 'itemId', `実施項目コード ${v.itemId} は「実施項目」シートにありません`);
    else if (item && item.themeId === v.themeId) r.problem(SHEET.relistings, row.row, relCols, 'themeId', `実施項目 ${v.itemId} はこの取組テーマの所属です（再掲ではありません）`);
    if (home && item) home.theme.listings.push({ itemId: item.id, relisting: true, ...(v.printedName ? { printedName: v.printedName } : {}) });
  }

  // 評価基準
  const gradeCols = COLUMNS[SHEET.grades];
  const bands: GradeBand[] = [];
  for (const row of r.rows(SHEET.grades, gradeCols) ?? []) {
    const v = row.values;
    if (v.grade !== '' && !['A', 'B', 'C', 'D'].includes(v.grade!)) r.problem(SHEET.grades, row.row, gradeCols, 'grade', `評価「${v.grade}」は A・B・C・D のいずれかです`);
    bands.push({
      grade: v.grade as GradeBand['grade'],
      label: v.label!,
      minPercent: v.minPercent === '' ? null : Number(v.minPercent),
      quantitativeRule: v.quantitativeRule!,
      qualitativeRule: v.qualitativeRule!,
    });
  }

  if (r.problems.length) return { ok: false, problems: r.problems };
  return {
    ok: true,
    catalogue: {
      title: title.value,
      period: { from: from as FiscalYear, to: to as FiscalYear },
      source,
      departments: depRows.map((row) => ({ id: row.values.id!, name: row.values.name! })),
      reviewBodies,
      divisions,
      items,
      evaluationRules: { ...rulesText, bands },
    },
  };
}
