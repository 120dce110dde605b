import { registerEnumType } from '@nestjs/graphql';
import { INBOX_SORTS, type InboxSort as ProjectionInboxSort } from '@hyoka/projections';
import {
  ASSIGNMENT_MODES,
  CALENDAR_KEYS,
  DIRECTIONS,
  EVALUATION_COMMAND_TYPES,
  EVALUATION_STATUSES,
  GRADES,
  NOT_STARTED,
  ROLES,
  ROUTE_STAGES,
  ROUTE_ACTIONS,
  ROUTE_PHASES,
  STAGE_LABELS,
  TARGET_KINDS,
  EDITION_KINDS,
  EVIDENCE_PHASES,
  MEETING_BODIES,
  MEETING_STATUSES,
  COMMITTEE_OFFICES,
  type MeetingBody as DomainMeetingBody,
  type MeetingStatus as DomainMeetingStatus,
  type CommitteeOffice as DomainCommitteeOffice,
  type EvidencePhase as DomainEvidencePhase,
  type AssignmentMode as DomainAssignmentMode,
  NOTIFICATION_DELIVERIES,
  type NotificationDelivery as DomainNotificationDelivery,
  type CalendarKey as DomainCalendarKey,
  type Direction as DomainDirection,
  type EvaluationCommandType,
  type EvaluationStatus,
  type Grade as DomainGrade,
  type Role as DomainRole,
  type RouteAction as DomainRouteAction,
  type RoutePhase as DomainRoutePhase,
} from '@hyoka/domain';
import { NOTIFICATION_KINDS, type NotificationKind as DomainNotificationKind } from '@hyoka/projections';

/**
 * GraphQL enums are the domain's own constants (the route table's stages, its moves, the commands, …): a value added
 * in the domain appears in the schema, never restated here. `{ X: 'X', … }` is the object Nest registers.
 */
function enumOf<V extends string>(values: readonly V[], name: string, description: string): { readonly [K in V]: K } {
  const object = Object.freeze(Object.fromEntries(values.map((value) => [value, value]))) as { readonly [K in V]: K };
  registerEnumType(object, { name, description });
  return object;
}

export const EvaluationStage = enumOf(
  EVALUATION_STATUSES,
  'EvaluationStage',
  `${ROUTE_STAGES.map((s) => STAGE_LABELS[s]).join(' → ')} (${NOT_STARTED}: ${STAGE_LABELS[NOT_STARTED]})`,
);
export type EvaluationStage = EvaluationStatus;

export const Grade = enumOf(GRADES, 'Grade', 'A 計画通り, B ほぼ計画通り, C やや遅れている, D 遅れている');
export type Grade = DomainGrade;

export const Direction = enumOf(DIRECTIONS, 'Direction', '定量評価の向き: 高いほど良い / 低いほど良い');
export type Direction = DomainDirection;

export const TargetKind = enumOf(TARGET_KINDS, 'TargetKind', '定量 (数値目標あり) / 定性のみ');
export type TargetKind = (typeof TARGET_KINDS)[number];

export const Role = enumOf(ROLES, 'Role', '担当職員, 部長, 管理職, 事務局長, 評価検証委員, 監査, 管理者');
export type Role = DomainRole;

export const RouteAction = enumOf(ROUTE_ACTIONS, 'RouteAction', '提出, 引き戻し, 承認, 差し戻し, 委員会へ送付, 確定, 再開');
export type RouteAction = DomainRouteAction;

export const EditionKind = enumOf(EDITION_KINDS, 'EditionKind', '提出 / 総合評価(案) / 総合評価 の時点の版');
export type EditionKind = (typeof EDITION_KINDS)[number];

export const EvaluationAction = enumOf(EVALUATION_COMMAND_TYPES, 'EvaluationAction', '評価に対する操作 (mutations)');
export type EvaluationAction = EvaluationCommandType;

export const RoutePhase = enumOf(ROUTE_PHASES, 'RoutePhase', '計画 / 自己評価 / 審査 / 確定 (段階のまとまり)');
export type RoutePhase = DomainRoutePhase;

export const EvidencePhase = enumOf(EVIDENCE_PHASES, 'EvidencePhase', '根拠資料ファイルの区分: 単年度計画 / 自己評価');
export type EvidencePhase = DomainEvidencePhase;
export const AssignmentMode = enumOf(ASSIGNMENT_MODES, 'AssignmentMode', '担当者の割り当て方法: REPLACE 置き換え, ADD 追加, REMOVE 解除');
export type AssignmentMode = DomainAssignmentMode;

export const InboxSort = enumOf(INBOX_SORTS, 'InboxSort', '受信箱の並び順: STAGE 評価ルートの段階順, DUE_DATE 期限の早い順 (期限のないものは後)');
export type InboxSort = ProjectionInboxSort;

export const NotificationKind = enumOf(
  NOTIFICATION_KINDS,
  'NotificationKind',
  'waiting あなたの対応待ち, returned 差し戻し, approved 承認, finalized 確定, dueSoon 期限が近い, overdue 期限超過',
);
export type NotificationKind = DomainNotificationKind;

export const NotificationDelivery = enumOf(NOTIFICATION_DELIVERIES, 'NotificationDelivery', 'メール通知の受け取り方: immediate 即時 / daily 1日1回のまとめ');
export type NotificationDelivery = DomainNotificationDelivery;
export const CalendarKey = enumOf(
  CALENDAR_KEYS,
  'CalendarKey',
  '年度の期限: 単年度計画の提出, 単年度計画の承認, 自己評価の提出, 推進会議の審査, 管理職会議の審査, 評価検証委員会の審査',
);
export type CalendarKey = DomainCalendarKey;

export const MeetingBody = enumOf(MEETING_BODIES, 'MeetingBody', '会議体: 推進会議 (promotionMeeting) / 管理職会議 (managersMeeting) / 評価検証委員会 (committee)');
export type MeetingBody = DomainMeetingBody;

export const MeetingStatus = enumOf(MEETING_STATUSES, 'MeetingStatus', '会議の状態: 開催予定 (Scheduled) → 開催中 (Open) → 終了 (Closed)');
export type MeetingStatus = DomainMeetingStatus;

export const CommitteeOffice = enumOf(COMMITTEE_OFFICES, 'CommitteeOffice', '評価検証委員の役職: 理事 (director) / 評議員 (councillor) / 監事 (auditor)');
export type CommitteeOffice = DomainCommitteeOffice;
