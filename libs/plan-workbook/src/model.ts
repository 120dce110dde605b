/**
 * The plan workbook's layout: one sheet per level of the plan, each with its Japanese column headers. Writing and
 * reading both follow these definitions, so a column is named in one place only.
 */

export const SHEET = {
  instructions: '説明',
  plan: '計画',
  departments: '部',
  reviewBodies: '会議体',
  divisions: '部門',
  topics: '推進項目',
  themes: '取組テーマ',
  items: '実施項目',
  relistings: '再掲',
  stages: '計画段階',
  grades: '評価基準',
} as const;
export type SheetName = (typeof SHEET)[keyof typeof SHEET];

/** The sheets the reader needs (説明 is for people and may be deleted). */
export const REQUIRED_SHEETS: readonly SheetName[] = [
  SHEET.plan,
  SHEET.departments,
  SHEET.reviewBodies,
  SHEET.divisions,
  SHEET.topics,
  SHEET.themes,
  SHEET.items,
  SHEET.relistings,
  SHEET.stages,
  SHEET.grades,
];

export interface Column {
  key: string;
  header: string;
  width: number;
  /** an empty cell is an error */
  required?: boolean;
  /** a whole number is expected */
  integer?: boolean;
  /** long text: wrapped in the cell */
  long?: boolean;
}

const col = (key: string, header: string, width: number, extra: Partial<Column> = {}): Column => ({ key, header, width, ...extra });

/** The key/value rows of the 計画 sheet (column A the key as written, column B the value). */
export const PLAN_KEYS = {
  title: '計画名',
  from: '開始年度',
  to: '終了年度',
  source: '出典',
  quantitative: '定量評価の考え方',
  qualitative: '定性評価の考え方',
  overall: '総合評価の考え方',
} as const;

export const COLUMNS = {
  [SHEET.plan]: [col('key', '項目', 22), col('value', '値', 90, { long: true })],
  [SHEET.departments]: [col('id', '部ID', 24, { required: true }), col('name', '部名', 24, { required: true })],
  [SHEET.reviewBodies]: [
    col('id', '会議体ID', 30, { required: true }),
    col('kind', '種別', 18, { required: true }),
    col('name', '名称', 26, { required: true }),
    col('chair', '議長', 18),
    col('members', '構成', 40, { long: true }),
    col('roles', '役割（1行に1つ）', 50, { long: true }),
    col('departmentId', '部ID（推進会議のみ）', 24),
    col('alsoKnownAs', '別名（、区切り）', 24),
    col('newlyEstablished', '新設（○）', 10),
  ],
  [SHEET.divisions]: [
    col('id', '部門ID', 24, { required: true }),
    col('number', '番号', 8, { required: true, integer: true }),
    col('name', '部門名', 26, { required: true }),
    col('promotionMeetingId', '審査する推進会議ID', 30, { required: true }),
    col('promotionMeetingConfigurable', '推進会議は計画書に記載なし（○）', 16),
  ],
  [SHEET.topics]: [
    col('id', '推進項目ID', 26, { required: true }),
    col('divisionId', '部門ID', 24, { required: true }),
    col('number', '番号', 8, { required: true, integer: true }),
    col('name', '推進項目名', 40, { required: true }),
    col('outlineName', '計画の体系での名称（異なる場合）', 40),
  ],
  [SHEET.themes]: [
    col('id', '取組テーマID', 28, { required: true }),
    col('topicId', '推進項目ID', 26, { required: true }),
    col('number', '番号', 8, { required: true, integer: true }),
    col('name', '取組テーマ名', 40, { required: true }),
    col('outlineName', '計画の体系での名称（異なる場合）', 30),
    col('currentSituation', '現状と課題', 70, { long: true }),
    col('goal', '推進目標', 70, { long: true }),
  ],
  [SHEET.relistings]: [
    col('themeId', '取組テーマID', 28, { required: true }),
    col('itemId', '実施項目コード', 16, { required: true }),
    col('printedName', '計画書での表記（異なる場合）', 50),
  ],
  [SHEET.stages]: [col('stage', '計画段階', 36, { required: true }), col('note', '説明', 50)],
  [SHEET.grades]: [
    col('grade', '評価', 8, { required: true }),
    col('label', '区分', 18, { required: true }),
    col('minPercent', '定量の下限（%以上）', 14, { integer: true }),
    col('quantitativeRule', '定量の考え方', 40, { long: true }),
    col('qualitativeRule', '定性の考え方', 60, { long: true }),
  ],
} satisfies Partial<Record<SheetName, Column[]>>;

/** The 実施項目 sheet's columns: a schedule column per fiscal year of the plan period. */
export function itemColumns(years: readonly number[]): Column[] {
  return [
    col('id', '実施項目コード', 16, { required: true }),
    col('name', '実施項目名', 60, { required: true, long: true }),
    col('themeId', '取組テーマID', 28, { required: true }),
    ...years.map((y) => col(`year:${y}`, `${y}年度`, 16)),
  ];
}

/** A schedule cell that continues the previous year's stage (the plan document's arrow). */
export const CONTINUED = '→';

export const REVIEW_BODY_KINDS = {
  PromotionMeeting: '推進会議',
  ManagersMeeting: '管理職会議',
  EvaluationCommittee: '評価検証委員会',
} as const;

export const YES = '○';

/** Excel column letter of a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
