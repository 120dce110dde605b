import { normaliseText } from '../normalise.js';
import type {
  Department,
  Division,
  EvaluationRules,
  ShippedFiscalYear,
  GradeBand,
  ImplementationItem,
  ItemListing,
  PlanCatalogue,
  PlannedStage,
  PromotionTopic,
  ReviewBody,
  Theme,
} from '../types.js';
import { FISCAL_YEARS } from '../types.js';
import { DEPARTMENT_IDS, DIVISION_IDS, DIVISION_PROMOTION_MEETINGS, REVIEW_BODY_IDS } from './code-names.js';
import type { Fix, FixTable, LinesFix } from './fixes.js';

/**
 * Reads the plan catalogue out of the plan document's text (source/plan-document.txt) after applying an explicit
 * fix table. Pure: the caller reads and writes files (scripts/extract.ts). Anything it cannot read unambiguously is
 * an error naming the line, never a silent guess.
 */

export class ExtractionError extends Error {
  override name = 'ExtractionError';
}

/** A line of the document after fixes, with its original (1-based) line number and the fix that produced it. */
export interface SourceLine {
  line: number;
  text: string;
  fix?: Fix;
}

export function applyFixes(documentText: string, table: FixTable): SourceLine[] {
  const original = documentText.split('\n');
  const text = [...original];
  const textFixes = new Map<number, Fix>();
  for (const fix of table.fixes) {
    if (fix.type !== 'text') continue;
    const current = text[fix.line - 1];
    if (current === undefined) throw new ExtractionError(`fix for line ${fix.line}: the document has ${original.length} lines`);
    const count = current.split(fix.find).length - 1;
    if (count !== 1) {
      throw new ExtractionError(`fix for line ${fix.line}: "${fix.find}" occurs ${count} times in ${JSON.stringify(current)}`);
    }
    if (textFixes.has(fix.line)) throw new ExtractionError(`line ${fix.line} has two text fixes; merge them`);
    text[fix.line - 1] = current.replace(fix.find, fix.replace);
    textFixes.set(fix.line, fix);
  }
  const lineFixes = new Map<number, LinesFix>();
  const covered = new Set<number>();
  for (const fix of table.fixes) {
    if (fix.type !== 'lines') continue;
    if (fix.was.length === 0) throw new ExtractionError(`fix for line ${fix.line}: "was" is empty`);
    fix.was.forEach((was, k) => {
      const n = fix.line + k;
      if (covered.has(n) || textFixes.has(n)) throw new ExtractionError(`line ${n} is changed by two fixes`);
      covered.add(n);
      if (original[n - 1] !== was) {
        throw new ExtractionError(
          `fix for line ${fix.line}: line ${n} is ${JSON.stringify(original[n - 1])}, expected ${JSON.stringify(was)}`,
        );
      }
    });
    lineFixes.set(fix.line, fix);
  }
  const out: SourceLine[] = [];
  for (let n = 1; n <= text.length; n++) {
    const fix = lineFixes.get(n);
    if (fix) {
      for (const now of fix.now) out.push({ line: n, text: now, fix });
      n += fix.was.length - 1;
      continue;
    }
    const textFix = textFixes.get(n);
    out.push(textFix ? { line: n, text: text[n - 1]!, fix: textFix } : { line: n, text: text[n - 1]! });
  }
  return out;
}

const DIVISION_HEADING = /^(\d)\.\s*(\S+部門)$/;
const TOPIC_HEADING = /^\((\d+)\)\s*(.+)$/;
const THEME_HEADING = /^([\u2460-\u2473])\s*(.+)$/;
const CONTINUATION_MARK = /^[-‐‑–—―─━→⇒]+$/;
const RELISTING_MARK = '【再掲】';

const circledNumber = (c: string): number => c.codePointAt(0)! - 0x2460 + 1;

function findLine(lines: SourceLine[], text: string, from = 0): number {
  const i = lines.findIndex((l, k) => k >= from && l.text.trim() === text);
  if (i < 0) throw new ExtractionError(`heading "${text}" not found`);
  return i;
}

interface Row {
  line: number;
  name: string;
  printedName: string;
  relisting: boolean;
  schedule: Record<ShippedFiscalYear, PlannedStage>;
  theme: Theme;
  divisionId: string;
}

function readSchedule(cells: string[], at: SourceLine): Record<ShippedFiscalYear, PlannedStage> {
  const extra = cells.slice(4).map(normaliseText).filter((c) => c !== '');
  if (extra.length > 0) throw new ExtractionError(`line ${at.line}: unexpected cells after 2027: ${JSON.stringify(extra)}`);
  const decided = at.fix?.type === 'lines' ? (at.fix.decidedStages ?? []) : [];
  const schedule = {} as Record<ShippedFiscalYear, PlannedStage>;
  let previous: string | null = null;
  FISCAL_YEARS.forEach((year, k) => {
    const cell = normaliseText(cells[k + 1] ?? '');
    let stage: PlannedStage;
    if (cell === '' || CONTINUATION_MARK.test(cell)) {
      if (previous === null) throw new ExtractionError(`line ${at.line}: no stage for ${year} and none to continue`);
      stage = { stage: previous, continued: true };
    } else {
      stage = { stage: cell, continued: false };
      previous = cell;
    }
    if (decided.includes(year)) stage.note = at.fix!.why;
    schedule[year] = stage;
  });
  return schedule;
}

function sameSchedule(a: Record<ShippedFiscalYear, PlannedStage>, b: Record<ShippedFiscalYear, PlannedStage>): boolean {
  return FISCAL_YEARS.every((y) => a[y].stage === b[y].stage && a[y].continued === b[y].continued);
}

interface OutlineTopic {
  number: number;
  name: string;
  themes: { number: number; name: string }[];
}

/** 計画の体系 (ch. 2 §2): the outline of divisions, topics and themes, used to cross-check §3. */
function readOutline(lines: SourceLine[]): Map<number, OutlineTopic[]> {
  const divisions = new Map<number, OutlineTopic[]>();
  let topics: OutlineTopic[] | undefined;
  for (const l of lines) {
    const t = l.text.replace(/^\s*-\s*/, '').trim();
    let m: RegExpMatchArray | null;
    if ((m = t.match(DIVISION_HEADING))) {
      topics = [];
      divisions.set(Number(m[1]), topics);
    } else if ((m = t.match(TOPIC_HEADING)) && topics) {
      topics.push({ number: Number(m[1]), name: normaliseText(m[2]!), themes: [] });
    } else if ((m = t.match(THEME_HEADING)) && topics) {
      const topic = topics.at(-1);
      if (!topic) throw new ExtractionError(`line ${l.line}: theme before any topic in 計画の体系`);
      topic.themes.push({ number: circledNumber(m[1]!), name: normaliseText(m[2]!) });
    }
  }
  return divisions;
}

/** §3 具体的な取り組み: divisions, topics, themes and the rows of every 実施項目 table. */
function readSection3(lines: SourceLine[]): { divisions: Division[]; rows: Row[] } {
  const divisions: Division[] = [];
  const rows: Row[] = [];
  type Mode = 'none' | 'situation' | 'goal' | 'tableHeader' | 'table' | 'afterTable';
  let mode: Mode = 'none';
  let division: Division | undefined;
  let topic: PromotionTopic | undefined;
  let theme: Theme | undefined;
  const situation: string[] = [];
  const goal: string[] = [];

  const closeTheme = (at: number) => {
    if (!theme) return;
    if (situation.length === 0 || goal.length === 0 || theme.listings.length === 0) {
      throw new ExtractionError(`theme ${theme.id} (before line ${at}) lacks 現状と課題, 推進目標 or its table`);
    }
    theme.currentSituation = situation.join('\n');
    theme.goal = goal.join('\n');
    situation.length = 0;
    goal.length = 0;
    theme = undefined;
  };

  for (const l of lines) {
    const t = l.text.trim();
    if (t === '') {
      if (mode === 'table') mode = 'afterTable';
      continue;
    }
    const cells = l.text.split('\t');
    let m: RegExpMatchArray | null;
    if (mode === 'tableHeader' && normaliseText(cells[1] ?? '').startsWith('(2025年度)')) continue;
    if ((m = t.match(DIVISION_HEADING))) {
      closeTheme(l.line);
      const name = m[2]!;
      const id = DIVISION_IDS[name];
      if (!id) throw new ExtractionError(`line ${l.line}: unknown division ${name}`);
      const review = DIVISION_PROMOTION_MEETINGS[id]!;
      division = {
        id,
        number: Number(m[1]),
        name,
        promotionMeetingId: review.meetingId,
        ...(review.configurable ? { promotionMeetingConfigurable: true } : {}),
        topics: [],
      };
      if (division.number !== divisions.length + 1) throw new ExtractionError(`line ${l.line}: division out of order`);
      divisions.push(division);
      topic = undefined;
      mode = 'none';
    } else if ((m = t.match(TOPIC_HEADING)) && mode !== 'table' && mode !== 'situation' && mode !== 'goal') {
      closeTheme(l.line);
      if (!division) throw new ExtractionError(`line ${l.line}: topic before any division`);
      const number = Number(m[1]);
      if (number !== division.topics.length + 1) throw new ExtractionError(`line ${l.line}: topic (${number}) out of order`);
      topic = { id: `${division.id}/${number}`, number, name: normaliseText(m[2]!), themes: [] };
      division.topics.push(topic);
      mode = 'none';
    } else if ((m = t.match(THEME_HEADING)) && mode !== 'table' && mode !== 'situation' && mode !== 'goal') {
      closeTheme(l.line);
      if (!topic) throw new ExtractionError(`line ${l.line}: theme before any topic`);
      const number = circledNumber(m[1]!);
      if (number !== topic.themes.length + 1) throw new ExtractionError(`line ${l.line}: theme ${m[1]} out of order`);
      theme = { id: `${topic.id}/${number}`, number, name: normaliseText(m[2]!), currentSituation: '', goal: '', listings: [] };
      topic.themes.push(theme);
      mode = 'none';
    } else if (t === '現状と課題' && theme && mode === 'none') {
      mode = 'situation';
    } else if (t === '推進目標' && theme && mode === 'situation') {
      mode = 'goal';
    } else if (/^実施項目/.test(t) && theme && mode === 'goal') {
      mode = 'tableHeader';
    } else if ((mode === 'tableHeader' || mode === 'table') && theme && division) {
      mode = 'table';
      const printedName = normaliseText(cells[0] ?? '');
      if (printedName === '') throw new ExtractionError(`line ${l.line}: table row without a name`);
      const relisting = printedName.includes(RELISTING_MARK);
      const name = normaliseText(printedName.replace(RELISTING_MARK, ''));
      if (name.includes(RELISTING_MARK)) throw new ExtractionError(`line ${l.line}: ${RELISTING_MARK} twice`);
      rows.push({ line: l.line, name, printedName: name, relisting, schedule: readSchedule(cells, l), theme, divisionId: division.id });
      theme.listings.push({ itemId: '', relisting, sourceLine: l.line });
    } else if (cells.length > 1) {
      // a line with table cells outside a table: OCR noise from a graphic, to be dropped by a fix
      throw new ExtractionError(`line ${l.line}: unexpected text ${JSON.stringify(l.text)} (mode ${mode})`);
    } else if (mode === 'situation') {
      situation.push(normaliseText(t));
    } else if (mode === 'goal') {
      goal.push(normaliseText(t));
    } else {
      throw new ExtractionError(`line ${l.line}: unexpected text ${JSON.stringify(l.text)} (mode ${mode})`);
    }
  }
  closeTheme(lines.at(-1)?.line ?? 0);
  return { divisions, rows };
}

function resolveItems(rows: Row[], table: FixTable): ImplementationItem[] {
  const items: ImplementationItem[] = [];
  const byRow = new Map<Row, ImplementationItem>();
  for (const row of rows) {
    if (row.relisting) continue;
    const item: ImplementationItem = {
      id: `I-${String(items.length + 1).padStart(3, '0')}`,
      name: row.name,
      divisionId: row.divisionId,
      themeId: row.theme.id,
      schedule: row.schedule,
    };
    items.push(item);
    byRow.set(row, item);
  }
  for (const row of rows) {
    const listing = row.theme.listings.find((x) => x.sourceLine === row.line)!;
    if (!row.relisting) {
      listing.itemId = byRow.get(row)!.id;
      continue;
    }
    const alias = table.relistingAliases[row.name];
    const itemName = alias?.itemName ?? row.name;
    const candidates = items.filter((i) => i.name === itemName);
    if (candidates.length !== 1) {
      throw new ExtractionError(
        `line ${row.line}: ${RELISTING_MARK} row "${row.name}" matches ${candidates.length} items; add a relistingAlias or a fix`,
      );
    }
    const item = candidates[0]!;
    listing.itemId = item.id;
    if (row.name !== item.name) listing.printedName = row.name;
    if (!sameSchedule(row.schedule, item.schedule)) listing.printedSchedule = row.schedule;
  }
  return items;
}

function readReviewBodies(lines: SourceLine[]): { reviewBodies: ReviewBody[]; departments: Department[] } {
  const reviewBodies: ReviewBody[] = [];
  const departments: Department[] = [];
  let body: ReviewBody | undefined;
  const membersRead = new Set<ReviewBody>();
  for (const l of lines) {
    const cells = l.text.split('\t').map(normaliseText).filter((c) => c !== '');
    // the two ◆ paragraphs that introduce the bodies
    if (cells.length === 0 || /^[-◆]/.test(cells[0]!)) continue;
    if (cells[0] === '構成') {
      if (!body || membersRead.has(body)) throw new ExtractionError(`line ${l.line}: 構成 without its body`);
      const roleAt = cells.indexOf('役割');
      if (roleAt !== 2) throw new ExtractionError(`line ${l.line}: expected 構成 <members> 役割 <roles>`);
      body.members = cells[1]!;
      body.roles = cells
        .slice(3)
        .join('')
        .split(/[・•]/)
        .map((r) => r.trim())
        .filter((r) => r !== '');
      membersRead.add(body);
      const dept = body.members.match(/^(.+部)に所属する職員$/);
      if (dept) {
        const id = DEPARTMENT_IDS[dept[1]!];
        if (!id) throw new ExtractionError(`line ${l.line}: unknown department ${dept[1]}`);
        if (!departments.some((d) => d.id === id)) departments.push({ id, name: dept[1]! });
        body.departmentId = id;
      }
      continue;
    }
    const m = cells[0]!.match(/^(.+?)(?:[((]([^()()]+)[))])?$/)!;
    const code = REVIEW_BODY_IDS[m[1]!];
    if (!code) throw new ExtractionError(`line ${l.line}: unexpected text in 推進体制 ${JSON.stringify(l.text)}`);
    const chairs = [...new Set(cells.slice(1).filter((c) => c.startsWith('〔議長〕')).map((c) => c.slice('〔議長〕'.length)))];
    if (chairs.length > 1 || cells.length - 1 !== chairs.length) {
      throw new ExtractionError(`line ${l.line}: expected <name> [〔議長〕<chair>]`);
    }
    body = { id: code.id, kind: code.kind, name: m[1]!, chair: chairs[0] ?? null, members: '', roles: [] };
    if (m[2] === '新設') body.newlyEstablished = true;
    else if (m[2]) body.alsoKnownAs = [m[2]];
    reviewBodies.push(body);
  }
  for (const b of reviewBodies) if (!membersRead.has(b)) throw new ExtractionError(`review body ${b.name} has no 構成`);
  return { reviewBodies, departments };
}

const GRADES = ['A', 'B', 'C', 'D'] as const;

function readEvaluationRules(lines: SourceLine[]): EvaluationRules {
  const texts = lines.map((l) => l.text.trim());
  const after = (heading: string) => {
    const i = texts.indexOf(heading);
    if (i < 0) throw new ExtractionError(`heading ${heading} not found in 第3章`);
    return i;
  };
  const q = after('≪定量評価≫');
  const ql = after('≪定性評価≫');
  const ov = after('≪総合評価≫');
  const firstParagraph = (from: number, to: number) => {
    const t = texts.slice(from + 1, to).find((x) => x !== '');
    if (!t) throw new ExtractionError(`no text after line ${lines[from]!.line}`);
    return normaliseText(t);
  };
  const bandRows = (from: number, to: number) => {
    const rows = lines.slice(from, to).map((l) => ({ l, cells: l.text.split('\t').map(normaliseText) }));
    const found = rows.filter((r) => (GRADES as readonly string[]).includes(r.cells[0]!));
    if (found.map((r) => r.cells[0]).join('') !== 'ABCD') {
      throw new ExtractionError(`grade rows after line ${lines[from]!.line} are not A, B, C, D`);
    }
    return found;
  };
  const quant = bandRows(q, ql);
  const qual = bandRows(ql, ov);
  const bands: GradeBand[] = GRADES.map((grade, k) => {
    const a = quant[k]!.cells;
    const b = qual[k]!.cells;
    if (a[1] !== b[1]) throw new ExtractionError(`grade ${grade}: labels differ (${a[1]} / ${b[1]})`);
    const min = a[2]!.match(/(\d+)%以上/);
    return { grade, label: a[1]!, minPercent: min ? Number(min[1]) : null, quantitativeRule: a[2]!, qualitativeRule: b[2]! };
  });
  return {
    quantitative: firstParagraph(q, ql),
    qualitative: firstParagraph(ql, ov),
    overall: firstParagraph(ov, texts.length),
    bands,
  };
}

export interface ExtractOptions {
  /** how the catalogue names its source, e.g. 'libs/catalogue/source/plan-document.txt' */
  source: string;
  sourceSha256?: string;
}

export function extractPlanCatalogue(documentText: string, table: FixTable, options: ExtractOptions): PlanCatalogue {
  const lines = applyFixes(documentText, table);
  const ch2 = findLine(lines, '第2章 中期経営計画の取り組み');
  const outlineAt = findLine(lines, '2 計画の体系', ch2);
  const s3 = findLine(lines, '3 具体的な取り組み', outlineAt);
  const s4 = findLine(lines, '4 推進体制', s3);
  const ch3 = findLine(lines, '第3章 計画の進行管理・評価', s4);

  const { divisions, rows } = readSection3(lines.slice(s3 + 1, s4));
  const items = resolveItems(rows, table);
  crossCheckOutline(divisions, readOutline(lines.slice(outlineAt + 1, s3)));
  const { reviewBodies, departments } = readReviewBodies(lines.slice(s4 + 1, ch3));

  const periodLine = lines.find((l) => /\((\d{4})年度\).*\((\d{4})年度\)/.test(l.text));
  const period = periodLine?.text.match(/\((\d{4})年度\).*\((\d{4})年度\)/);
  const from = Number(period?.[1]);
  const to = Number(period?.[2]);
  if (from !== 2025 || to !== 2027) throw new ExtractionError(`plan period ${from}–${to} is not 2025–2027`);

  return {
    title: lines[0]!.text.trim(),
    period: { from, to },
    source: options.source,
    ...(options.sourceSha256 ? { sourceSha256: options.sourceSha256 } : {}),
    departments,
    reviewBodies,
    divisions,
    items,
    evaluationRules: readEvaluationRules(lines.slice(ch3 + 1)),
  };
}

function crossCheckOutline(divisions: Division[], outline: Map<number, OutlineTopic[]>): void {
  if (outline.size !== divisions.length) throw new ExtractionError(`計画の体系 has ${outline.size} divisions, §3 ${divisions.length}`);
  for (const division of divisions) {
    const topics = outline.get(division.number) ?? [];
    if (topics.length !== division.topics.length) {
      throw new ExtractionError(`${division.name}: 計画の体系 has ${topics.length} topics, §3 ${division.topics.length}`);
    }
    division.topics.forEach((topic, k) => {
      const o = topics[k]!;
      if (o.themes.length !== topic.themes.length) {
        throw new ExtractionError(`${topic.id}: 計画の体系 has ${o.themes.length} themes, §3 ${topic.themes.length}`);
      }
      if (o.name !== topic.name) topic.outlineName = o.name;
      topic.themes.forEach((theme, j) => {
        const ot = o.themes[j]!;
        if (ot.name !== theme.name) theme.outlineName = ot.name;
      });
    });
  }
}

/** Puts keys in a fixed order so the JSON file diffs cleanly (outlineName after name, etc.). */
export function toStableJson(catalogue: PlanCatalogue): string {
  const stage = (s: PlannedStage) => ({ stage: s.stage, continued: s.continued, ...(s.note !== undefined ? { note: s.note } : {}) });
  const schedule = (s: Record<ShippedFiscalYear, PlannedStage>) => Object.fromEntries(FISCAL_YEARS.map((y) => [y, stage(s[y])]));
  const listing = (l: ItemListing) => ({
    itemId: l.itemId,
    relisting: l.relisting,
    ...(l.sourceLine !== undefined ? { sourceLine: l.sourceLine } : {}),
    ...(l.printedName !== undefined ? { printedName: l.printedName } : {}),
    ...(l.printedSchedule !== undefined ? { printedSchedule: schedule(l.printedSchedule) } : {}),
  });
  const ordered = {
    title: catalogue.title,
    period: catalogue.period,
    source: catalogue.source,
    ...(catalogue.sourceSha256 !== undefined ? { sourceSha256: catalogue.sourceSha256 } : {}),
    departments: catalogue.departments.map((d) => ({ id: d.id, name: d.name })),
    reviewBodies: catalogue.reviewBodies.map((b) => ({
      id: b.id,
      kind: b.kind,
      name: b.name,
      ...(b.alsoKnownAs ? { alsoKnownAs: b.alsoKnownAs } : {}),
      ...(b.newlyEstablished ? { newlyEstablished: b.newlyEstablished } : {}),
      chair: b.chair,
      members: b.members,
      roles: b.roles,
      ...(b.departmentId !== undefined ? { departmentId: b.departmentId } : {}),
    })),
    divisions: catalogue.divisions.map((d) => ({
      id: d.id,
      number: d.number,
      name: d.name,
      promotionMeetingId: d.promotionMeetingId,
      ...(d.promotionMeetingConfigurable ? { promotionMeetingConfigurable: true } : {}),
      topics: d.topics.map((t) => ({
        id: t.id,
        number: t.number,
        name: t.name,
        ...(t.outlineName !== undefined ? { outlineName: t.outlineName } : {}),
        themes: t.themes.map((th) => ({
          id: th.id,
          number: th.number,
          name: th.name,
          ...(th.outlineName !== undefined ? { outlineName: th.outlineName } : {}),
          currentSituation: th.currentSituation,
          goal: th.goal,
          listings: th.listings.map(listing),
        })),
      })),
    })),
    items: catalogue.items.map((i) => ({
      id: i.id,
      name: i.name,
      divisionId: i.divisionId,
      themeId: i.themeId,
      schedule: schedule(i.schedule),
    })),
    evaluationRules: catalogue.evaluationRules,
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}
