import { cssString, stampLine } from '../reports/report-text.js';

/**
 * The print page setup of a session's 議事次第 / 議事録: A4 portrait, the title at the top of every page, the stamp and
 * the page number at the bottom (as the annual report's, in CSS margin boxes).
 */
export function documentPageStyle(doc: { title: string; date: string; stamp: { position: string; digest: string; generatedAt: string } }): string {
  return `@page {
  size: A4 portrait;
  margin: 16mm 14mm 16mm 14mm;
  @top-left { content: ${cssString(doc.title)}; font-size: 8pt; color: #52606d; }
  @top-right { content: ${cssString(doc.date)}; font-size: 8pt; color: #52606d; }
  @bottom-left { content: ${cssString(stampLine(doc.stamp))}; font-size: 6.5pt; color: #52606d; }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #52606d; }
}`;
}

/** A person as the documents print them: 氏名（監事）. */
export const personLine = (p: { displayName: string; officeLabel: string | null }): string => (p.officeLabel ? `${p.displayName}（${p.officeLabel}）` : p.displayName);
