// The read-model database and the runner that feeds it from the store
export { PROJECTION_NAMES, type Projection, type ProjectionName } from './projection.js';
export {
  openReadModels,
  deadLetters,
  type OpenReadModelsOptions,
  type EventsByPosition,
  type ReadModels,
  type DeadLetter,
} from './read-models.js';
export { applyEvents, type ApplyResult } from './apply.js';
export {
  startProjections,
  ProjectionTimeoutError,
  ProjectionRunnerStoppedError,
  type ProjectionRunner,
  type AppliedNotice,
  type WaitOptions,
  type StartProjectionsOptions,
} from './runner.js';

// Queries of the live read models
export { board, composeBoard, type BoardRow } from './board/board.queries.js';
export type { BoardEntry } from './board/board.projection.js';
export {
  inbox,
  compareDue,
  viewerActor,
  INBOX_SORTS,
  type InboxSort,
  type Viewer,
  type Inbox,
  type InboxGroup,
  type InboxItem,
  type InboxOptions,
} from './inbox/inbox.queries.js';
export { assignments, assigneesOf } from './assignments/assignments.queries.js';
export { meetingsOf, meetingById, decisionsOf, type MeetingRow, type MeetingDecision } from './meetings/meetings.queries.js';
export { history, historyPage, historyCount, historyEventsAfter, type EvaluationHistory } from './history/history.queries.js';
export type { HistoryEntry, HistoryEdition } from './history/history.projection.js';
export { AUDIT_CSV_HEADER, auditCsvLine, EVENT_TYPE_LABELS, type DepartmentNames } from './audit-log/audit-csv.js';
export {
  auditLog,
  exportAuditLogCsv,
  type AuditLogFilter,
  type AuditLogPaging,
  type AuditLogPage,
} from './audit-log/audit-log.queries.js';
export { auditEntryOf, type AuditEntry } from './audit-log/audit-log.projection.js';
export { evolveActorNames, type ActorNames } from './shared/actor-names.js';
export { gradeSummary, type GradeSummaryRow, type GradeCounts } from './grade-summary/grade-summary.queries.js';
export { calendar, dueDatesByYear, type YearCalendar } from './calendar/calendar.queries.js';
export { findUserByLoginName, findUserById, listUsers, type UserListing } from './users/users.queries.js';
export type { UserAccount } from './users/users.projection.js';
export {
  plan,
  planState,
  planItems,
  planDivisions,
  planPeriod,
  planPeriods,
  planFor,
  planStateFor,
  planItemsFor,
  planDivisionsFor,
  planRevisions,
  departmentNames,
  fiscalYears,
  type PlanDivision,
} from './plan/plan.queries.js';
export type { OpenFiscalYearRow } from './plan/plan.projection.js';
export type { PlanItem } from './plan/plan-item.js';

// As-of reads, replayed from the store (never from the live tables)
export { boardAsOf, catalogueAsOfPosition, evaluationAsOf, planAsOfPosition, positionAtTime } from './as-of.js';
// … and the same reads through the replay index (time → position index, board snapshots), built only from the store
export {
  openReplayIndex,
  REPLAY_FOLD_VERSION,
  type ReplayIndex,
  type ReplayIndexStats,
  type OpenReplayIndexOptions,
} from './replay/replay-index.js';
export {
  progress,
  composeProgress,
  itemTrend,
  NO_CALENDAR,
  type Progress,
  type ProgressGroup,
  type ProgressPhaseGroup,
  type ProgressCell,
  type ProgressCalendar,
  type ProgressOptions,
  type ItemTrend,
  type ItemTrendYear,
} from './progress/progress.queries.js';
// Notifications (in-app; the mailer and the reminders read them)
export {
  notificationsOf,
  unreadCount,
  markNotificationsRead,
  notificationsAfter,
  notificationsByIds,
  notificationsAt,
  waitingWork,
  type NotificationRow,
  type NotificationPage,
  type WaitingWork,
} from './notifications/notifications.queries.js';
export { recipientsOf, notificationsFor, NOTIFICATION_KINDS, type NotificationKind, type Person, type RecipientContext } from './notifications/recipients.js';
