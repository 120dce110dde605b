import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  PageNumber,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { jstDateTime as formatJst } from '../../reports/annual-report.xlsx.js';
import { personLine, type MeetingDocument } from './meeting-document.js';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// Word on the council's PCs has Yu Gothic; MS Gothic is the older fallback Word picks for the East Asian range.
const FONT = { ascii: 'Yu Gothic', hAnsi: 'Yu Gothic', eastAsia: 'Yu Gothic', cs: 'Yu Gothic' };
/** A4 portrait in twentieths of a point, 20 mm margins. */
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134;

const para = (value: string, options: { bold?: boolean; size?: number; heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]; center?: boolean } = {}) =>
  new Paragraph({
    ...(options.heading ? { heading: options.heading } : {}),
    ...(options.center ? { alignment: AlignmentType.CENTER } : {}),
    children: [new TextRun({ text: value, bold: options.bold ?? false, ...(options.size ? { size: options.size } : {}), font: FONT })],
  });

/** Multi-line text (the minutes) as one paragraph per line. */
const lines = (value: string): Paragraph[] => value.split(/\r?\n/).map((line) => para(line));

const cell = (value: string, header = false) =>
  new TableCell({ children: value.split(/\r?\n/).map((line) => para(line, { bold: header })), ...(header ? { shading: { fill: 'EEF1F4' } } : {}) });

function table(headers: readonly string[], rows: readonly (readonly string[])[]): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: '9AA5B1' };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [new TableRow({ tableHeader: true, children: headers.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) }))],
  });
}

/** The stamp as one line, as printed at the foot of every page (the same words as the annual report's). */
export const documentStampLine = (doc: MeetingDocument): string =>
  `ログ位置 ${doc.stamp.position} ・ ダイジェスト ${doc.stamp.digest} ・ 作成 ${formatJst(doc.stamp.generatedAt)}（日本時間）`;

function facts(doc: MeetingDocument): Paragraph[] {
  const out = [
    para(`年度: ${doc.fiscalYearLabel}`),
    para(`日時: ${doc.date}`),
    para(`場所: ${doc.place}`),
    para(`議長: ${personLine(doc.chair)}`),
  ];
  if (doc.kind === 'agenda') out.push(para(`構成員: ${doc.invited.map(personLine).join('、')}`));
  else {
    out.push(para(`出席者 (${doc.present.length}名): ${doc.present.length ? doc.present.map(personLine).join('、') : '記録なし'}`));
    if (doc.absent.length) out.push(para(`欠席者: ${doc.absent.map(personLine).join('、')}`));
    if (doc.quorum !== null) out.push(para(`定足数: ${doc.quorum}名 (出席${doc.present.length}名${doc.present.length >= doc.quorum ? '、定足数を満たす' : '、定足数に達していない'})`));
  }
  return out;
}

function stampBlock(doc: MeetingDocument): Paragraph[] {
  return [
    para('記録の証明', { bold: true }),
    para(`作成日時 (日本時間): ${formatJst(doc.stamp.generatedAt)}`),
    para(`ログ位置: ${doc.stamp.position}`),
    para(`ログ・ダイジェスト: ${doc.stamp.digest}`),
    para(`検証方法: ${doc.stamp.verifyCommand}`),
    para(`この文書はイベントログの位置 ${doc.stamp.position} までに記録されたイベントから作成しました。後日、同じ位置までのログから同じダイジェストが得られることを、検証方法のコマンドで確かめられます。`, { size: 18 }),
  ];
}

function body(doc: MeetingDocument): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [para(doc.title, { heading: HeadingLevel.TITLE, bold: true, size: 32, center: true }), ...facts(doc)];
  out.push(para('議題', { heading: HeadingLevel.HEADING_1, bold: true }));
  out.push(
    doc.agenda.length
      ? table(['', '実施項目', '段階', '総合評価(案)'], doc.agenda.map((a, i) => [String(i + 1), `${a.itemId} ${a.itemName}`, a.stageLabel, a.proposedGrade ?? '']))
      : para('議題はありません'),
  );
  if (doc.kind === 'minutes') {
    out.push(para('議事の経過', { heading: HeadingLevel.HEADING_1, bold: true }));
    out.push(...(doc.minutes ? lines(doc.minutes) : [para('議事録は記録されていません')]));
    out.push(para('聞き取り', { heading: HeadingLevel.HEADING_1, bold: true }));
    out.push(
      doc.hearings.length
        ? table(['実施項目', '聞き取りの日', '相手', '要旨'], doc.hearings.map((h) => [`${h.itemId} ${h.itemName}`, h.heardOn, `${h.departmentName} ${h.people.join('、')}`, h.summary]))
        : para('聞き取りはありません'),
    );
    out.push(para('決定事項', { heading: HeadingLevel.HEADING_1, bold: true }));
    out.push(
      doc.decisions.length
        ? table(['実施項目', '決定', '評価', '根拠・理由', '記録'], doc.decisions.map((d) => [`${d.itemId} ${d.itemName}`, d.summary, d.grade ?? '', d.reason ?? '', `${d.by} ${formatJst(d.at)}`]))
        : para('この会議で記録された決定はありません'),
    );
  }
  out.push(...stampBlock(doc));
  return out;
}

/** The 議事次第 or 議事録 as a Word document: A4 portrait, Japanese font, the stamp in the body and at every page's foot. */
export async function meetingDocumentDocx(doc: MeetingDocument): Promise<Buffer> {
  const document = new Document({
    title: doc.title,
    creator: 'Hyoka',
    styles: { default: { document: { run: { font: FONT, size: 21 } } } },
    sections: [
      {
        properties: { page: { size: A4, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({ children: [new TextRun({ text: documentStampLine(doc), size: 14, font: FONT })] }),
              new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES], size: 16, font: FONT })] }),
            ],
          }),
        },
        children: body(doc),
      },
    ],
  });
  return Packer.toBuffer(document);
}
