import { CALENDAR_LABELS, FIELD_LABELS, GRADE_LABELS, PLAN_REVISION_LABELS, ROLE_LABELS, STAGE_LABELS, STRUCTURE_EVENT_LEVELS } from '@hyoka/domain';
import type { AuditEntry } from './audit-log.projection.js';

/** Event types as the council names them (the web app's ja.eventType says the same). */
export const EVENT_TYPE_LABELS: Readonly<Record<string, string>> = {
  AnnualTargetSet: '単年度計画の設定',
  AnnualPlanSaved: '単年度計画の保存',
  AnnualPlanSubmitted: '単年度計画の提出',
  AnnualPlanApproved: '単年度計画の承認',
  AnnualPlanChangeRequested: '単年度計画の変更申請',
  SelfEvaluationSaved: '自己評価の保存',
  EvaluationSubmitted: '提出',
  EvaluationRecalled: '引き戻し',
  EvaluationCommented: 'コメント',
  OpinionAdded: '意見',
  CommentReplied: 'コメントへの返信',
  EvaluationApproved: '承認',
  EvaluationReturned: '差し戻し',
  EvaluationForwardedToCommittee: '委員会へ送付',
  EvaluationFinalized: '確定',
  EvaluationReopened: '再開',
  HearingRecorded: '聞き取りの記録',
  EvidenceAttached: '根拠資料ファイルの添付',
  EvidenceRemoved: '根拠資料ファイルの削除',
  UserRegistered: '利用者の登録',
  RoleGranted: '役割の付与',
  RoleRevoked: '役割の取り消し',
  UserDisabled: '利用者の無効化',
  UserEnabled: '利用者の有効化',
  PasswordChanged: 'パスワードの変更',
  UserEmailChanged: 'メールアドレスの変更',
  NotificationPreferencesChanged: '通知設定の変更',
  CommitteeOfficeSet: '委員の役職の設定',
  MeetingScheduled: '会議の登録',
  AgendaChanged: '議題の変更',
  MeetingOpened: '会議の開会',
  AttendanceRecorded: '出席の記録',
  MinutesRecorded: '議事録の記録',
  MeetingClosed: '会議の閉会',
  ReminderSent: '期限のお知らせ',
  PlanCatalogueImported: '計画の取り込み',
  PlanPeriodOpened: '計画期間の開始',
  PlanItemScheduleChanged: '計画の見直し（スケジュール）',
  PlanItemAdded: '計画の見直し（実施項目の追加）',
  PlanItemRetired: '計画の見直し（実施項目の廃止）',
  PlanItemRenamed: '計画の見直し（名称の変更）',
  // the level revisions (部門, 推進項目, 取組テーマ, an item's place, 【再掲】) as the domain names them
  ...Object.fromEntries(Object.keys(STRUCTURE_EVENT_LEVELS).map((type) => [type, `計画の見直し（${PLAN_REVISION_LABELS[type as keyof typeof PLAN_REVISION_LABELS]}）`])),
  DepartmentAdded: '計画の見直し（部の追加）',
  DepartmentRenamed: '計画の見直し（部の名称変更）',
  DepartmentRetired: '計画の見直し（部の廃止）',
  ReviewBodyAdded: '計画の見直し（会議体の追加）',
  ReviewBodyChanged: '計画の見直し（会議体の変更）',
  ReviewBodyRetired: '計画の見直し（会議体の廃止）',
  DivisionRemapped: '計画の見直し（部門を審査する推進会議）',
  FiscalYearOpened: '年度の開始',
  ItemAssigneesChanged: '担当者の変更',
  DueDatesSet: '年度の期限の設定',
};

/**
 * The columns of the audit log's CSV, in order: what a person reads first (Japanese, times in Japan time, the event's
 * content in words), then the identifiers a machine or a later check needs. The read model's export, the API's
 * download and the CLI's export share them; the JSON download keeps every field as recorded.
 */
export const AUDIT_CSV_HEADER = [
  '位置',
  '記録日時(日本時間)',
  '操作',
  '実施項目ID',
  '年度',
  '操作した人',
  '立場',
  '内容',
  'ストリーム',
  'リビジョン',
  'イベント型',
  '操作者ID',
  '立場コード',
  '記録日時(UTC)',
  '発生日時(UTC)',
  'コマンドID',
  '相関ID',
  '原因ID',
  'イベントID',
] as const;

const jst = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** 部 id → name, from the plan catalogue (the organisation is data). */
export type DepartmentNames = ReadonlyMap<string, string>;

/** 部長(総務部) for 'DepartmentHead@<部のID>' (the name from the plan); the code itself when it is not a known role. */
export function actingAsText(actingAs: string | null, departments: DepartmentNames = new Map()): string {
  if (!actingAs) return '';
  const [role, department] = actingAs.split('@') as [string, string | undefined];
  const roleLabel = (ROLE_LABELS as Readonly<Record<string, string>>)[role];
  if (!roleLabel) return actingAs === 'System' ? 'システム' : actingAs;
  return department ? `${roleLabel}(${departments.get(department) ?? department})` : roleLabel;
}

// identifiers already in their own columns, and fields too long or too nested to read in a cell (the JSON keeps them)
const LEFT_OUT = new Set(['itemId', 'fiscalYear', 'by', 'actingAs', 'at', 'batchId', 'userId', 'passwordHash', 'loginName', 'catalogue']);
const EXTRA_LABELS: Readonly<Record<string, string>> = {
  from: '移動元',
  to: '移動先',
  selfGrade: '自己評価',
  edition: '版',
  version: '版',
  departmentId: '部',
  role: '役割',
  quantitativeGrade: '定量評価',
  achievementPercent: '達成率',
  plannedStage: '計画段階',
  stageLag: '計画段階からの遅れ',
  continued: '継続',
  ...CALENDAR_LABELS,
};
const VALUE_LABELS: Readonly<Record<string, string>> = {
  quantitative: '定量',
  qualitative: '定性',
  higherIsBetter: '高いほど良い',
  lowerIsBetter: '低いほど良い',
};

function valueText(key: string, value: unknown, departments: DepartmentNames): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') {
    if (key === 'kind' || key === 'direction') return VALUE_LABELS[value] ?? value;
    if (key === 'achievementPercent') return `${value}%`;
    if ((key === 'from' || key === 'to' || key === 'toStage' || key === 'stage') && value in STAGE_LABELS) return STAGE_LABELS[value as keyof typeof STAGE_LABELS];
    if (key.endsWith('Grade') && value in GRADE_LABELS) return `${value}(${GRADE_LABELS[value as keyof typeof GRADE_LABELS]})`;
    if (key === 'role' && value in ROLE_LABELS) return (ROLE_LABELS as Readonly<Record<string, string>>)[value]!;
    if (key === 'departmentId') return departments.get(value) ?? value;
    return value.replace(/\s*\r?\n\s*/g, ' ');
  }
  if (typeof value === 'number' || typeof value === 'boolean') return typeof value === 'boolean' ? (value ? 'はい' : 'いいえ') : String(value);
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? value.join(' ') : null;
  return null;
}

/** The event's data in words: 「差し戻し先: 作成中 / 理由: …」; nested objects as their own fields (自己評価の内容). */
export function contentText(data: Record<string, unknown>, departments: DepartmentNames = new Map()): string {
  const parts: string[] = [];
  const visit = (object: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(object)) {
      if (LEFT_OUT.has(key)) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        visit(value as Record<string, unknown>, key === 'selfEvaluation' || key === 'target' ? '' : path);
        continue;
      }
      const text = valueText(key, value, departments);
      if (text === null) continue;
      const label = (FIELD_LABELS as Readonly<Record<string, string>>)[path] ?? EXTRA_LABELS[key] ?? (FIELD_LABELS as Readonly<Record<string, string>>)[key] ?? key;
      // a schedule is keyed by year: say which year a stage belongs to
      const year = /(?:^|\.)(\d{4})$/.exec(prefix)?.[1];
      parts.push(`${year ? `${year}年度 ` : ''}${label}: ${text}`);
    }
  };
  visit(data, '');
  return parts.join(' / ');
}

/** One entry as a CSV line (RFC 4180 quoting), without the line break. */
export function auditCsvLine(e: AuditEntry, departments: DepartmentNames = new Map()): string {
  const itemId = typeof e.data['itemId'] === 'string' ? e.data['itemId'] : '';
  const fiscalYear = typeof e.data['fiscalYear'] === 'number' ? `${e.data['fiscalYear']}年度` : '';
  return [
    String(e.position),
    jst.format(new Date(e.recordedAt)),
    EVENT_TYPE_LABELS[e.type] ?? e.type,
    itemId,
    fiscalYear,
    e.actorName,
    actingAsText(e.actingAs, departments),
    contentText(e.data, departments),
    e.stream,
    String(e.revision),
    e.type,
    e.actor,
    e.actingAs ?? '',
    e.recordedAt,
    e.occurredAt,
    e.commandId,
    e.correlationId,
    e.causationId,
    e.eventId,
  ]
    .map(csvField)
    .join(',');
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
