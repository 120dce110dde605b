import { ValidationError } from './errors.js';

/** Japanese names of input fields, used in every validation message so a person knows what to fix. */
export const FIELD_LABELS = {
  target: '目標値',
  unit: '単位',
  direction: '評価の向き',
  kind: '評価方法',
  method: '評価の方法',
  actions: '取組内容',
  actual: '実績値',
  qualitativeGrade: '定性評価',
  actualStage: '実績の段階',
  plannedStageReached: '計画段階の達成',
  'narrative.achievements': '実績・成果',
  'narrative.issues': '課題',
  'narrative.nextYear': '次年度の方向性',
  evidenceLinks: '根拠資料のリンク',
  'evidence.phase': '根拠資料の区分',
  'evidence.fileId': '根拠資料ファイルのID',
  'evidence.name': 'ファイル名',
  'evidence.mediaType': 'ファイルの種類',
  'evidence.size': 'ファイルの大きさ',
  text: 'コメント',
  opinion: '意見',
  reply: '返信',
  commentNumber: '返信先のコメント',
  reason: '理由',
  rationale: '総合評価の根拠',
  toStage: '差し戻し先',
  proposedGrade: '総合評価(案)',
  overallGrade: '総合評価',
  batchId: '一括操作ID',
  userId: 'ユーザーID',
  loginName: 'ログイン名',
  email: 'メールアドレス',
  delivery: '通知の受け取り方',
  reminderDays: '期限の何日前に知らせるか',
  displayName: '表示名',
  passwordHash: 'パスワードハッシュ',
  role: '役割',
  departmentId: '部',
  fiscalYear: '年度',
  thresholds: '評価基準',
  'thresholds.A': '評価基準(A)',
  'thresholds.B': '評価基準(B)',
  'thresholds.C': '評価基準(C)',
  catalogue: '計画カタログ',
  itemId: '実施項目ID',
  name: '名称',
  divisionId: '部門ID',
  themeId: '取組テーマID',
  topicId: '推進項目ID',
  promotionMeetingId: '推進会議ID',
  number: '番号',
  currentSituation: '現状と課題',
  goal: '推進目標',
  stage: '計画段階',
  schedule: '計画段階(年度別)',
  approvedBy: '承認者',
  fromFiscalYear: '廃止する年度',
  assignees: '担当者',
  mode: '割り当て方法',
  dueDates: '期限',
  meetingId: '会議ID',
  body: '会議体',
  bodyId: '会議体ID',
  bodyKind: '会議体の種類',
  bodyRoles: '会議体の役割',
  chair: '議長',
  members: '構成',
  date: '開催日',
  place: '場所',
  chairId: '議長',
  agenda: '議題',
  present: '出席者',
  minutes: '議事録',
  office: '委員の役職',
  heardDepartment: '聞き取りの相手(部)',
  heardPeople: '聞き取りの相手(氏名)',
  heardOn: '聞き取りの日',
  summary: '聞き取りの要旨',
} as const;
export type FieldKey = keyof typeof FIELD_LABELS;

export const label = (field: FieldKey): string => FIELD_LABELS[field];

export const invalid = (field: FieldKey, message: string): ValidationError =>
  new ValidationError(message, { field, label: FIELD_LABELS[field] });

/** Length limits (characters, after trimming). */
export const LIMITS = {
  reason: 2000,
  comment: 2000,
  rationale: 4000,
  narrative: 4000,
  unit: 20,
  stage: 50,
  name: 200,
  displayName: 100,
  approvedBy: 200,
  url: 2048,
  evidenceLinks: 20,
  /** 根拠資料ファイル per phase */
  evidenceFiles: 20,
  fileName: 255,
  assignees: 20,
  minutes: 20000,
  place: 200,
  agenda: 200,
} as const;

// C0 except tab/newline/carriage return, DEL, C1, and bidirectional overrides that can disguise text.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// In a one-line field (a name, a unit) these break the line or hide in it: two names that look alike must differ visibly.
const INVISIBLE_OR_LINE_SEPARATOR = /[\u200B-\u200D\u2028\u2029\u2060\uFEFF]/;

export type TextOptions = { max: number; multiline?: boolean };

/** A required text: a string, non-empty after trimming, within `max`, no control characters. Returns it trimmed. */
export function requireText(value: unknown, field: FieldKey, options: TextOptions): string {
  const text = optionalText(value, field, options);
  if (text === null) throw invalid(field, `「${label(field)}」を入力してください`);
  return text;
}

/** An optional text: undefined, null or blank give null; otherwise as `requireText`. */
export function optionalText(value: unknown, field: FieldKey, { max, multiline = false }: TextOptions): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(field, `「${label(field)}」は文字列で入力してください`);
  if (CONTROL.test(value) || LONE_SURROGATE.test(value) || (!multiline && LINE_BREAK_OR_TAB.test(value.trim()))) {
    throw invalid(field, `「${label(field)}」に使用できない文字(制御文字など)が含まれています`);
  }
  if (!multiline && INVISIBLE_OR_LINE_SEPARATOR.test(value)) {
    throw invalid(field, `「${label(field)}」に改行や見えない文字(行区切り U+2028・U+2029、ゼロ幅文字など)は使用できません`);
  }
  const text = value.trim();
  if (text === '') return null;
  if ([...text].length > max) throw invalid(field, `「${label(field)}」は${max}文字以内で入力してください`);
  return text;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

/** An identifier: ASCII letters, digits and . _ : / - (at most 128). */
export function requireId(value: unknown, field: FieldKey): string {
  if (typeof value !== 'string' || value === '') throw invalid(field, `「${label(field)}」を指定してください`);
  if (!ID.test(value)) throw invalid(field, `「${label(field)}」の形式が正しくありません(英数字と . _ : / - のみ、128文字以内)`);
  return value;
}

export function requireBoolean(value: unknown, field: FieldKey): boolean {
  if (typeof value !== 'boolean') throw invalid(field, `「${label(field)}」は「はい」か「いいえ」で指定してください`);
  return value;
}

export function optionalBoolean(value: unknown, field: FieldKey): boolean | null {
  if (value === undefined || value === null) return null;
  return requireBoolean(value, field);
}

/** A list of http(s) links, at most LIMITS.evidenceLinks, each at most LIMITS.url long; duplicates removed. */
export function requireLinks(value: unknown, field: FieldKey): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(field, `「${label(field)}」はURLの一覧で指定してください`);
  if (value.length > LIMITS.evidenceLinks) {
    throw invalid(field, `「${label(field)}」は${LIMITS.evidenceLinks}件以内で指定してください`);
  }
  const links: string[] = [];
  value.forEach((raw, index) => {
    const position = `${index + 1}件目`;
    if (typeof raw !== 'string' || raw.trim() === '') throw invalid(field, `「${label(field)}」の${position}が空です`);
    const text = raw.trim();
    if (text.length > LIMITS.url) throw invalid(field, `「${label(field)}」の${position}が長すぎます(${LIMITS.url}文字以内)`);
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw invalid(field, `「${label(field)}」の${position}はURLではありません: ${text.slice(0, 80)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw invalid(field, `「${label(field)}」の${position}は http:// または https:// で始まるURLにしてください`);
    }
    // a link is shown to everyone who reads the evaluation: a password in it would be published
    if (url.username !== '' || url.password !== '') {
      throw invalid(field, `「${label(field)}」の${position}にユーザー名やパスワードを含めないでください(https://ユーザー名:パスワード@… の形は使えません)`);
    }
    if (CONTROL.test(text) || /\s/.test(text)) throw invalid(field, `「${label(field)}」の${position}に空白や制御文字が含まれています`);
    if (!links.includes(text)) links.push(text);
  });
  return links;
}

/** Checks an object input; GraphQL gives objects, but a missing or wrong-typed `data` must not crash. */
export function requireObject(value: unknown, field: FieldKey | 'data'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    if (field === 'data') throw new ValidationError('コマンドの入力がありません', { field });
    throw invalid(field, `「${label(field)}」の形式が正しくありません`);
  }
  return value as Record<string, unknown>;
}

/** An ISO-8601 UTC timestamp from the caller's clock (CommandContext.now). */
export function requireTimestamp(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new ValidationError('操作日時(now)がISO 8601のUTC時刻ではありません', { field: 'now' });
  }
  return value;
}
