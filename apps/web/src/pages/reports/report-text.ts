import { describeDue } from '@hyoka/domain';
import { formatDate, formatDateTime } from '../../lib/format.js';

/**
 * The report page's own words (the printed report itself is a Japanese document: its title and labels come from the
 * API or stay Japanese in both locales, as the council files it).
 */
export const REPORT_TEXT = {
  ja: {
    pageTitle: '年度評価報告書',
    division: '対象',
    wholePlan: '全部門',
    print: '印刷 / PDFとして保存',
    printHint: '印刷画面で送信先を「PDFに保存」にすると PDF になります (A4 横、部門ごとに改ページ)。',
    downloadXlsx: 'Excel (.xlsx) をダウンロード',
    notAllowedWhole: '全部門の報告書は、すべての部の評価を閲覧できる人のみ作成できます。部門を選んでください。',
  },
  en: {
    pageTitle: 'Annual evaluation report',
    division: 'Scope',
    wholePlan: 'All divisions',
    print: 'Print / save as PDF',
    printHint: 'In the print dialog choose “Save as PDF” as the destination (A4 landscape, a new page per division).',
    downloadXlsx: 'Download Excel (.xlsx)',
    notAllowedWhole: 'Only people who read every department may produce the whole-plan report. Choose a division.',
  },
} as const;

export type ReportText = (typeof REPORT_TEXT)['ja'] | (typeof REPORT_TEXT)['en'];

/** A CSS string literal (for @page margin boxes, whose content cannot come from the page's elements). */
export function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;
}

/** The stamp as one line, as printed in every page's footer. */
export function stampLine(stamp: { position: string; digest: string; generatedAt: string }): string {
  return `ログ位置 ${stamp.position} ・ ダイジェスト ${stamp.digest} ・ 作成 ${formatDateTime(stamp.generatedAt)}（日本時間）`;
}

/**
 * The print page setup: A4 landscape, the title and scope at the top of every page, the stamp and the page number
 * at the bottom (CSS margin boxes, Chromium 131+; other browsers print the stamp on the cover and under each table).
 */
export function pageStyle(report: { title: string; scopeLabel: string; stamp: { position: string; digest: string; generatedAt: string } }): string {
  return `@page {
  size: A4 landscape;
  margin: 14mm 10mm 14mm 10mm;
  @top-left { content: ${cssString(report.title)}; font-size: 8pt; color: #52606d; }
  @top-right { content: ${cssString(report.scopeLabel)}; font-size: 8pt; color: #52606d; }
  @bottom-left { content: ${cssString(stampLine(report.stamp))}; font-size: 7pt; color: #52606d; }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #52606d; }
}`;
}

/**
 * A row against the calendar, as printed: its due date, when it was finalised (JST) and how many days late —
 * e.g. "期限 2025/07/31 ・ 確定 2025/08/01 00:30:00 ・ 期限を1日超過". Empty without a due date or a finalisation.
 */
export function dueLine(row: { dueDate: string | null; finalizedAt: string | null; lateDays: number | null }): string {
  const parts: string[] = [];
  if (row.dueDate) parts.push(`期限 ${formatDate(row.dueDate)}`);
  if (row.finalizedAt) parts.push(`確定 ${formatDateTime(row.finalizedAt)}`);
  if (row.lateDays !== null && row.lateDays > 0) parts.push(describeDue(row.lateDays));
  return parts.join(' ・ ');
}
