import type { Projection } from './projection.js';
import { assignmentsProjection } from './assignments/assignments.projection.js';
import { auditLogProjection } from './audit-log/audit-log.projection.js';
import { calendarProjection } from './calendar/calendar.projection.js';
import { boardProjection } from './board/board.projection.js';
import { gradeSummaryProjection } from './grade-summary/grade-summary.projection.js';
import { historyProjection } from './history/history.projection.js';
import { inboxProjection } from './inbox/inbox.projection.js';
import { planProjection } from './plan/plan.projection.js';
import { usersProjection } from './users/users.projection.js';
import { notificationsProjection } from './notifications/notifications.projection.js';
import { meetingsProjection } from './meetings/meetings.projection.js';

/** Every read model, in the order an event is applied to them. */
export const PROJECTIONS: readonly Projection[] = [
  planProjection,
  usersProjection,
  boardProjection,
  inboxProjection,
  historyProjection,
  auditLogProjection,
  gradeSummaryProjection,
  assignmentsProjection,
  notificationsProjection,
  calendarProjection,
  meetingsProjection,
];
