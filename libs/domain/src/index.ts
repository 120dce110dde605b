// Errors, shared vocabulary
export * from './shared/errors.js';
export type { JsonValue, JsonObject, DomainEvent, Command } from './shared/json.js';
export * from './shared/roles.js';
export * from './shared/labels.js';
export * from './shared/streams.js';
export {
  GRADES,
  DIRECTIONS,
  DEFAULT_THRESHOLDS,
  isGrade,
  validateThresholds,
  evaluateQuantitative,
  quantitativeGrade,
  achievementRatio,
  type Grade,
  type Direction,
  type Thresholds,
  type QuantitativeResult,
} from './shared/grading.js';
export { parseDecimal, DECIMAL_LIMITS } from './shared/decimal.js';
export { FIELD_LABELS, LIMITS, type FieldKey } from './shared/validation.js';
export * from './shared/permissions.js';

// Evaluation (実施項目 × 年度)
export * from './evaluation/types.js';
export { decideEvaluation } from './evaluation/decide.js';
export { evolveEvaluation, initialEvaluationState, foldEvaluation, isEvaluationEventType, contentOf } from './evaluation/evolve.js';
export {
  ROUTE,
  ROUTE_ACTION_LABELS,
  RETURN_TARGETS,
  RECALLS,
  REOPENS,
  FORWARD_COMMANDS,
  forwardMove,
  routeRow,
  stageIndex,
  stageDeciding,
  NOT_STARTED,
  FINAL_STAGE,
  isFinal,
  routeTableMarkdown,
  MAIN_STAGES,
  stepOf,
  type RouteActor,
  type RouteRowOf,
  type RoutePermission,
  type RouteSession,
  type SessionRule,
  type SessionMove,
} from './evaluation/route.js';
export { ROUTE_PHASES, ROUTE_PHASE_LABELS, STAGE_PHASES, routePhases, type RoutePhase } from './evaluation/route.js';
export { selfGradeOf, selfGradesOf, gradeNeedsReason, gradesOf } from './evaluation/grades.js';
export { compareEditions, comparePlans, CONTENT_FIELD_LABELS, PLAN_FIELD_LABELS, type FieldDifference } from './evaluation/editions.js';
export { commentThreads, describeEvaluation, type CommentThread, type EvaluationSummary, type GradeView } from './evaluation/describe.js';

// Users, roles and their 部 (stream user-<id>)
export * from './user/user.js';
export { PASSWORD_LIMITS, passwordProblem } from './user/password-policy.js';

// 会議: sessions of the 推進会議, 管理職会議 and 評価検証委員会 (stream meeting-<id>)
export * from './meeting/meeting.js';

// 担当者 of each 実施項目 (stream assignment-<itemId>)
export * from './assignment/assignment.js';

// Fiscal years and their grading thresholds (stream fiscal-year-<fy>)
export * from './fiscal-year/fiscal-year.js';
export * from './fiscal-year/calendar.js';

// The plan catalogue and its revisions (stream plan-catalogue)
export * from './catalogue/catalogue.js';
export * from './catalogue/period.js';
export * from './catalogue/structure.js';
export { PLAN_REVISION_LABELS } from './catalogue/structure-permissions.js';
export * from './catalogue/organisation.js';

export { requireDepartmentInForce, type CommandContext } from './shared/context.js';

// Event versioning: read old events through upcasters, stamp new ones with the current version
export { upcast, schemaVersionOf, EVENT_SCHEMA_VERSIONS, UPCASTERS, UnknownEventVersionError, type Upcaster } from './upcasting/upcasting.js';

// Test support (framework-free)
export * from './testing/spec.js';
export * from './testing/fixtures.js';
export * from './testing/events.js';
export * from './testing/route-table.js';

// Notifications: due-date reminders and their log (stream reminder-<itemId>-<fy>)
export * from './notification/reminders.js';
