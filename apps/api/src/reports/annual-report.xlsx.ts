import ExcelJS from 'exceljs';
import { GRADE_LABELS, GRADES } from '@hyoka/domain';
import { directionLabel, type AnnualReport, type AnnualReportRow, type DivisionSummary, type SummaryFigures } from './annual-report.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const COVER_SHEET = '表紙';
export const SUMMARY_SHEET = '総括';
export const CALENDAR_HEADING = '年度の期限 (日本時間)';
export const LATE_AS_OF_LABEL = '期限超過の基準日時 (日本時間)';

/** A4 (paperSize 9), fitted to the page width, as many pages tall as needed. */
const A4 = (orientation: 'portrait' | 'landscape'): Partial<ExcelJS.PageSetup> => ({
  paperSize: 9,
  orientation,
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  horizontalCentered: true,
  margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
});

const FONT = 'Yu Gothic';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

interface Column {
  header: string;
  width: number;
  value: (row: AnnualReportRow) => string | number | null;
  wrap?: boolean;
}

// Decimal strings Excel can hold exactly become numbers (so they sum and sort); longer ones stay text.
const numberOrText = (value: string | null): number | string | null =>
  value !== null && /^-?\d{1,12}(\.\d{1,3})?$/.test(value) ? Number(value) : value;

/** The columns of a 部門 sheet: where the item sits, 定量/定性, the three grades side by side, the status. */
export const ROW_COLUMNS: readonly Column[] = [
  { header: '部門', width: 14, value: (r) => r.divisionName, wrap: true },
  { header: '推進項目', width: 22, value: (r) => r.promotionTopic, wrap: true },
  { header: '取組テーマ', width: 24, value: (r) => r.theme, wrap: true },
  { header: '実施項目ID', width: 10, value: (r) => r.itemId },
  { header: '実施項目', width: 36, value: (r) => r.itemName + (r.retired ? '(廃止)' : ''), wrap: true },
  { header: '計画段階', width: 9, value: (r) => r.plannedStage },
  { header: '実施段階', width: 9, value: (r) => r.actualStage },
  { header: '段階のずれ', width: 8, value: (r) => (r.stageLag ? 'あり' : '') },
  { header: '評価方法', width: 8, value: (r) => (r.targetKind === 'quantitative' ? '定量' : r.targetKind === 'qualitative' ? '定性' : '') },
  { header: '目標', width: 12, value: (r) => r.target, wrap: true },
  { header: '向き', width: 11, value: (r) => directionLabel(r.direction) },
  { header: '実績', width: 10, value: (r) => numberOrText(r.actual) },
  { header: '達成率(%)', width: 10, value: (r) => numberOrText(r.achievementPercent) },
  { header: '定量評価', width: 8, value: (r) => r.quantitativeGrade },
  { header: '定性評価', width: 8, value: (r) => r.qualitativeGrade },
  { header: '自己評価', width: 8, value: (r) => r.selfGrade },
  { header: '総合評価(案)', width: 10, value: (r) => r.proposedGrade },
  { header: '総合評価', width: 8, value: (r) => r.finalGrade },
  { header: '総合評価の根拠', width: 36, value: (r) => r.finalRationale, wrap: true },
  { header: '状況', width: 14, value: (r) => r.stageLabel },
  { header: '期限', width: 11, value: (r) => (r.dueDate ? jstDay(r.dueDate) : null) },
  { header: '確定日時 (日本時間)', width: 19, value: (r) => (r.finalizedAt ? jstDateTime(r.finalizedAt) : null) },
  { header: '期限超過(日)', width: 10, value: (r) => r.lateDays },
];

type SummaryLine = SummaryFigures & Pick<DivisionSummary, 'divisionName' | 'owningDepartmentName'>;

const SUMMARY_COLUMNS: readonly { header: string; width: number; value: (s: SummaryLine) => string | number }[] = [
  { header: '部門', width: 22, value: (s) => s.divisionName },
  { header: '担当部', width: 12, value: (s) => s.owningDepartmentName },
  { header: '実施項目数', width: 10, value: (s) => s.items },
  { header: '未着手', width: 8, value: (s) => s.notStarted },
  { header: '審査中', width: 8, value: (s) => s.inProgress },
  { header: '確定', width: 8, value: (s) => s.finalized },
  ...GRADES.map((g) => ({ header: `総合評価 ${g}`, width: 10, value: (s: SummaryLine) => s.finalGrades[g] })),
  ...GRADES.map((g) => ({ header: `自己評価 ${g}`, width: 10, value: (s: SummaryLine) => s.selfGrades[g] })),
  { header: '期限超過', width: 9, value: (s) => s.late },
];

/** Excel forbids []:*?/\ in sheet names and allows 31 characters. */
export function sheetNameOf(name: string, taken: ReadonlySet<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '・').slice(0, 31) || '部門';
  let candidate = base;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${base.slice(0, 31 - String(n).length - 1)}_${n}`;
  return candidate;
}

/** The stamp in a page footer (Excel codes: &L left, &R right, &P page, &N pages; && is a literal &). */
function footerOf(report: AnnualReport): string {
  const { position, digest } = report.stamp;
  const escape = (text: string) => text.replace(/&/g, '&&');
  return `&L&8${escape(`ログ位置 ${position} / ${digest}`)}&R&8&P / &N`;
}

function headerOf(report: AnnualReport): string {
  return `&L&8${report.title.replace(/&/g, '&&')}&R&8${report.scopeLabel.replace(/&/g, '&&')}`;
}

function styleHeaderRow(row: ExcelJS.Row): void {
  row.font = { name: FONT, bold: true, size: 10 };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = THIN;
  });
  row.height = 30;
}

/** 2026/03/31 for a due date `2026-03-31`: already a JST calendar date, so no zone to convert. */
export const jstDay = (date: string): string => date.replaceAll('-', '/');

/** 2026/03/31 15:00:00: the council reads times in Japan time whatever zone the server runs in. */
export function jstDateTime(iso: string): string {
  return new Intl.DateTimeFormat('ja-JP', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

function addCover(workbook: ExcelJS.Workbook, report: AnnualReport): void {
  const sheet = workbook.addWorksheet(COVER_SHEET, { pageSetup: A4('portrait') });
  sheet.columns = [{ width: 24 }, { width: 90 }];
  sheet.getCell('A1').value = report.title;
  sheet.getCell('A1').font = { name: FONT, bold: true, size: 16 };
  sheet.mergeCells('A1:B1');
  const { stamp } = report;
  const lines: [string, string][] = [
    ['対象', report.scopeLabel],
    ['年度', report.fiscalYearLabel],
    ['作成日時 (日本時間)', jstDateTime(stamp.generatedAt)],
    ['ログ位置', String(stamp.position)],
    ['ログ・ダイジェスト', stamp.digest],
    ['検証方法', stamp.verifyCommand],
  ];
  lines.forEach(([label, value], i) => {
    const row = sheet.getRow(3 + i);
    row.values = [label, value];
    row.getCell(1).font = { name: FONT, bold: true };
    row.getCell(2).font = { name: FONT };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  });
  const note = sheet.getRow(3 + lines.length + 1);
  note.values = [
    '注記',
    `この報告書はイベントログの位置 ${stamp.position} までに記録されたすべてのイベントから作成しました。` +
      '後日、同じ位置までのログから同じダイジェストが得られることを検証方法のコマンドで確かめられます。',
  ];
  note.getCell(1).font = { name: FONT, bold: true };
  note.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  note.height = 45;
  const legendStart = 3 + lines.length + 3;
  sheet.getRow(legendStart).values = ['評価の区分'];
  sheet.getRow(legendStart).getCell(1).font = { name: FONT, bold: true };
  GRADES.forEach((grade, i) => {
    sheet.getRow(legendStart + 1 + i).values = [grade, GRADE_LABELS[grade]];
  });
  const calendarStart = legendStart + 1 + GRADES.length + 1;
  sheet.getRow(calendarStart).values = [CALENDAR_HEADING];
  sheet.getRow(calendarStart).getCell(1).font = { name: FONT, bold: true };
  report.calendar.forEach((due, i) => {
    sheet.getRow(calendarStart + 1 + i).values = [due.label, due.date ? jstDay(due.date) : '未設定'];
  });
  const asOf = sheet.getRow(calendarStart + 1 + report.calendar.length);
  asOf.values = [LATE_AS_OF_LABEL, jstDateTime(report.lateAsOf)];
  asOf.getCell(1).font = { name: FONT, bold: true };
  sheet.headerFooter.oddFooter = footerOf(report);
}

function addSummary(workbook: ExcelJS.Workbook, report: AnnualReport): void {
  const sheet = workbook.addWorksheet(SUMMARY_SHEET, {
    pageSetup: { ...A4('landscape'), printTitlesRow: '1:1' },
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = SUMMARY_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  styleHeaderRow(sheet.getRow(1));
  for (const { summary } of report.divisions) {
    const row = sheet.addRow(SUMMARY_COLUMNS.map((c) => c.value(summary)));
    row.eachCell((cell) => (cell.border = THIN));
  }
  const total = sheet.addRow(SUMMARY_COLUMNS.map((c) => c.value({ ...report.total, divisionName: '合計', owningDepartmentName: '' })));
  total.font = { name: FONT, bold: true };
  total.eachCell((cell) => (cell.border = THIN));
  sheet.headerFooter.oddHeader = headerOf(report);
  sheet.headerFooter.oddFooter = footerOf(report);
}

function addDivision(workbook: ExcelJS.Workbook, report: AnnualReport, name: string, rows: readonly AnnualReportRow[]): void {
  const sheet = workbook.addWorksheet(name, {
    pageSetup: { ...A4('landscape'), printTitlesRow: '1:1' },
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
  });
  sheet.columns = ROW_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  styleHeaderRow(sheet.getRow(1));
  for (const item of rows) {
    const row = sheet.addRow(ROW_COLUMNS.map((c) => c.value(item)));
    row.font = { name: FONT, size: 9 };
    ROW_COLUMNS.forEach((column, i) => {
      const cell = row.getCell(i + 1);
      cell.border = THIN;
      cell.alignment = { vertical: 'top', wrapText: column.wrap ?? false };
    });
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ROW_COLUMNS.length } };
  sheet.headerFooter.oddHeader = headerOf(report);
  sheet.headerFooter.oddFooter = footerOf(report);
}

/** The report as an .xlsx workbook: 表紙 (title and stamp), 総括 (per 部門 counts), then one sheet per 部門. */
export async function annualReportWorkbook(report: AnnualReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Hyoka';
  workbook.title = report.title;
  workbook.subject = `${report.scopeLabel} / ログ位置 ${report.stamp.position}`;
  workbook.keywords = report.stamp.digest;
  workbook.created = new Date(report.stamp.generatedAt);
  workbook.modified = workbook.created;
  addCover(workbook, report);
  addSummary(workbook, report);
  const taken = new Set([COVER_SHEET, SUMMARY_SHEET]);
  for (const division of report.divisions) {
    const name = sheetNameOf(division.summary.divisionName, taken);
    taken.add(name);
    addDivision(workbook, report, name, division.rows);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The file name offered for download, e.g. 年度評価報告書_2025_法人経営部門_p1234.xlsx */
export function annualReportFileName(report: AnnualReport): string {
  return `年度評価報告書_${report.fiscalYear}_${report.scopeLabel}_p${report.stamp.position}.xlsx`;
}
