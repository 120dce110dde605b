import {
  FINAL_STAGE,
  isStarted,
  routeRow,
  type EvaluationState,
  type EvaluationStatus,
  type RoleAssignment,
  type RouteActor,
} from '@hyoka/domain';

/**
 * In-app notification kinds: work waiting for you, returned to you, your item approved or finalised, reminders; a reply
 * to your comment; an 意見 given at the 推進会議 you chair.
 */
export const NOTIFICATION_KINDS = ['waiting', 'returned', 'approved', 'finalized', 'dueSoon', 'overdue', 'replied', 'opinion'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Person {
  userId: string;
  roles: readonly RoleAssignment[];
  disabled: boolean;
}

/** What the recipient rule knows of an evaluation besides its state. */
export interface RecipientContext {
  people: readonly Person[];
  owningDepartmentId: string | null;
  /** the item's 担当者 (user ids; empty when nobody is assigned) */
  assignees: readonly string[];
}

/**
 * THE recipient rule: who a stage's actor (a route-table row's `actor`) is for one evaluation. The owning 部's staff
 * are the item's 担当者 when it has any (assignees first), else every staff member of the 部; other roles are everyone
 * holding the role (for the owning 部 where the row says owning). Disabled people get nothing.
 */
export function recipientsOf(actor: RouteActor, context: RecipientContext): string[] {
  const active = context.people.filter((p) => !p.disabled);
  const holds = (p: Person) =>
    p.roles.some((r) => r.role === actor.principal && (actor.department !== 'owning' || r.departmentId === context.owningDepartmentId));
  if (actor.department === 'owning' && context.owningDepartmentId === null) return [];
  if (actor.principal === 'Staff' && context.assignees.length > 0) {
    const assigned = active.filter((p) => context.assignees.includes(p.userId) && holds(p));
    if (assigned.length > 0) return assigned.map((p) => p.userId);
  }
  return active.filter(holds).map((p) => p.userId);
}

const OWNING_STAFF: RouteActor = { principal: 'Staff', department: 'owning' };
const OWNING_HEAD: RouteActor = { principal: 'DepartmentHead', department: 'owning' };

export interface Addressed {
  recipient: string;
  kind: NotificationKind;
  stage: EvaluationStatus;
  reason: string | null;
}

/**
 * The notifications one evaluation event makes, one per recipient, from the state before and after it and the route
 * table: a return tells the actor of the stage returned to; a forward move tells the next stage's actor the work waits
 * for them, and the owning 部's staff that the 部長 approved it (a forward move out of a stage the 部長 acts at) or
 * that it is final (it reached the end of the route); a reopen tells the stage reopened to. A recall tells nobody
 * (the sender took the work back themself), nor does a move among the same people (e.g. starting a draft). The
 * person who made the move is never told of it.
 */
export function notificationsFor(
  before: EvaluationState,
  after: EvaluationState,
  context: RecipientContext,
  event?: { type: string; data: unknown },
): Addressed[] {
  if (event && isStarted(after)) {
    const spoken = spokenTo(event, after, context);
    if (spoken) return spoken;
  }
  if (!isStarted(after) || before.status === after.status) return [];
  const step = after.history.at(-1);
  if (!step || step.to !== after.status || step.action === 'Recalled') return [];
  const entered = routeRow(after.status);
  const left = routeRow(before.status);
  const out = new Map<string, Addressed>();
  const add = (actor: RouteActor | null, kind: NotificationKind) => {
    if (!actor) return;
    for (const recipient of recipientsOf(actor, context)) {
      if (recipient === step.by || out.has(recipient)) continue;
      out.set(recipient, { recipient, kind, stage: after.status, reason: step.reason });
    }
  };
  if (step.action === 'Returned') {
    add(entered.actor, 'returned');
  } else if (after.status === FINAL_STAGE) {
    add(OWNING_STAFF, 'finalized');
    add(OWNING_HEAD, 'finalized');
  } else {
    if (left.actor?.principal === 'DepartmentHead') add(OWNING_STAFF, 'approved');
    if (!sameActor(left.actor, entered.actor) || step.action === 'Reopened') add(entered.actor, 'waiting');
  }
  return [...out.values()];
}

/**
 * What someone said that stays at its stage: a reply tells the comment's author (named by the event); an 意見 tells the
 * stage's actor — the 部長 chairing the 推進会議. Null for every other event. The speaker is never told.
 */
function spokenTo(event: { type: string; data: unknown }, after: EvaluationState, context: RecipientContext): Addressed[] | null {
  const data = event.data as { by?: unknown; commentBy?: unknown };
  const tell = (recipients: readonly string[], kind: NotificationKind): Addressed[] =>
    [...new Set(recipients)].filter((r) => r !== data.by).map((recipient) => ({ recipient, kind, stage: after.status, reason: null }));
  if (event.type === 'CommentReplied') {
    const author = context.people.find((p) => p.userId === data.commentBy && !p.disabled);
    return tell(author ? [author.userId] : [], 'replied');
  }
  if (event.type === 'OpinionAdded') {
    const chair = routeRow(after.status).actor;
    return tell(chair ? recipientsOf(chair, context) : [], 'opinion');
  }
  return null;
}

const sameActor = (a: RouteActor | null, b: RouteActor | null): boolean =>
  a !== null && b !== null && a.principal === b.principal && a.department === b.department;
