import {
  COMMAND_LABELS,
  EVALUATION_STATUSES,
  FORWARD_COMMANDS,
  STAGE_LABELS,
  authorize,
  describeEvaluation,
  dueDateFor,
  type DueDates,
  initialEvaluationState,
  type Actor,
  type EvaluationItem,
  type EvaluationStatus,
  type PermittedCommandType,
  type Role,
} from '@hyoka/domain';
import type { ReadModels } from '../read-models.js';
import { stmt } from '../sql.js';
import { isRetiredIn, plannedStageOf, type PlanItem } from '../plan/plan-item.js';
import { planItemsFor } from '../plan/plan.queries.js';
import { assignments } from '../assignments/assignments.queries.js';
import { dueDatesByYear } from '../calendar/calendar.queries.js';
import { inboxEntryFromRow, type InboxEntry, type InboxEntryRow } from './inbox.projection.js';

/** Who is looking: the signed-in person with their roles (departmentId for Staff and DepartmentHead). */
export interface Viewer {
  userId: string;
  displayName?: string;
  roles: readonly { role: Role; departmentId?: string | null }[];
  disabled?: boolean;
}

export interface InboxItem {
  itemId: string;
  itemName: string;
  divisionId: string;
  fiscalYear: number;
  status: EvaluationStatus;
  /** the command waiting for the viewer, e.g. 'ApproveEvaluation', and its Japanese label */
  action: PermittedCommandType;
  actionLabel: string;
  /** how the viewer would act (e.g. 'DepartmentHead@<部のID>') */
  actingAs: string;
  /** since when it waits at this stage; null for an evaluation not started */
  since: string | null;
  /** expectedVersion for the action; null before the first event */
  version: number | null;
  /** the reason of the return that sent it back here, if that is how it arrived */
  returnedReason: string | null;
  /** 担当者 of the item (user ids), in the order they were assigned */
  assignees: string[];
  /** the viewer is one of its 担当者 */
  mine: boolean;
  /** due date (JST `YYYY-MM-DD`) of the stage it waits at, when the year's calendar names one; see `compareDue` */
  dueDate?: string | null;
}

export interface InboxGroup {
  status: EvaluationStatus;
  stageLabel: string;
  count: number;
  items: InboxItem[];
}

export interface Inbox {
  total: number;
  /** one group per stage that holds something for the viewer, in route order */
  groups: InboxGroup[];
  /**
   * Every item in working order: returned ones first (with their reason), then the viewer's own (自分の担当), then the
   * rest of the 部; within each, by `sort`.
   */
  items: InboxItem[];
}

export const INBOX_SORTS = ['STAGE', 'DUE_DATE'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

export interface InboxOptions {
  /** only this fiscal year */
  fiscalYear?: number;
  /** only work waiting at this stage */
  stage?: EvaluationStatus;
  /** only items this person is 担当者 of */
  assignee?: string;
  /** only items the viewer is 担当者 of */
  mine?: boolean;
  /** order within each section of `items`: route order (default) or the due date, earliest first */
  sort?: InboxSort;
}

/** The domain's actor for a viewer. */
export function viewerActor(viewer: Viewer): Actor {
  return {
    userId: viewer.userId,
    ...(viewer.displayName === undefined ? {} : { displayName: viewer.displayName }),
    roles: viewer.roles.map((r) => ({ role: r.role, departmentId: r.departmentId ?? null })),
    ...(viewer.disabled === undefined ? {} : { disabled: viewer.disabled }),
  };
}

/**
 * Pure: what waits for the viewer's action. `entries` are all the evaluations started (finalised ones included).
 * Candidates are those evaluations and, for each opened fiscal year, every current item not started yet; each is
 * kept when `authorize` allows the viewer the stage's forward action.
 */
export function composeInbox(
  viewer: Viewer,
  /** the plan's items, or the items of the plan period each fiscal year belongs to */
  items: readonly PlanItem[] | ((fiscalYear: number) => readonly PlanItem[]),
  openYears: readonly number[],
  entries: readonly InboxEntry[],
  options: InboxOptions = {},
  assignments: ReadonlyMap<string, readonly string[]> = new Map(),
  calendars: ReadonlyMap<number, DueDates> = new Map(),
): Inbox {
  const actor = viewerActor(viewer);
  const itemsFor = typeof items === 'function' ? items : () => items;
  const byYear = new Map<number, Map<string, PlanItem>>();
  const itemsById = (fiscalYear: number) => {
    let byId = byYear.get(fiscalYear);
    if (!byId) byYear.set(fiscalYear, (byId = new Map(itemsFor(fiscalYear).map((i) => [i.itemId, i]))));
    return byId;
  };
  const started = new Set(entries.map((e) => `${e.fiscalYear}/${e.itemId}`));
  const candidates: { item: PlanItem; fiscalYear: number; entry: InboxEntry | undefined }[] = [];
  for (const entry of entries) {
    const item = itemsById(entry.fiscalYear).get(entry.itemId);
    // a retired item's evaluation can no longer be acted on (the domain finds no item context for it)
    if (item && !isRetiredIn(item, entry.fiscalYear)) candidates.push({ item, fiscalYear: entry.fiscalYear, entry });
  }
  for (const fiscalYear of openYears) {
    for (const item of itemsFor(fiscalYear)) {
      if (!isRetiredIn(item, fiscalYear) && !started.has(`${fiscalYear}/${item.itemId}`)) candidates.push({ item, fiscalYear, entry: undefined });
    }
  }
  const waiting: InboxItem[] = [];
  for (const { item, fiscalYear, entry } of candidates) {
    if (options.fiscalYear !== undefined && fiscalYear !== options.fiscalYear) continue;
    const assignees = [...(assignments.get(item.itemId) ?? [])];
    if (options.assignee !== undefined && !assignees.includes(options.assignee)) continue;
    const mine = assignees.includes(viewer.userId);
    if (options.mine && !mine) continue;
    const state = entry?.evaluation.state ?? initialEvaluationState();
    if (options.stage !== undefined && state.status !== options.stage) continue;
    const action = FORWARD_COMMANDS[state.status];
    if (!action) continue;
    const decision = authorize(actor, action, state, evaluationItemOf(item, fiscalYear));
    if (!decision.allowed) continue;
    const summary = describeEvaluation(state);
    waiting.push({
      itemId: item.itemId,
      itemName: item.name,
      divisionId: item.divisionId,
      fiscalYear,
      status: state.status,
      action,
      actionLabel: COMMAND_LABELS[action],
      actingAs: decision.actingAs,
      since: entry?.since ?? null,
      version: entry ? entry.revision : null,
      returnedReason: summary.openReturn?.reason ?? null,
      assignees,
      mine,
      dueDate: dueDateFor(calendars.get(fiscalYear), state.status),
    });
  }
  const groups: InboxGroup[] = [];
  for (const status of EVALUATION_STATUSES) {
    const inStage = waiting
      .filter((w) => w.status === status)
      .sort((a, b) => a.fiscalYear - b.fiscalYear || orderOf(itemsById(a.fiscalYear), a.itemId) - orderOf(itemsById(b.fiscalYear), b.itemId));
    if (inStage.length > 0) groups.push({ status, stageLabel: STAGE_LABELS[status], count: inStage.length, items: inStage });
  }
  const byRoute = (a: InboxItem, b: InboxItem) =>
    EVALUATION_STATUSES.indexOf(a.status) - EVALUATION_STATUSES.indexOf(b.status) ||
    a.fiscalYear - b.fiscalYear ||
    orderOf(itemsById(a.fiscalYear), a.itemId) - orderOf(itemsById(b.fiscalYear), b.itemId);
  const within = options.sort === 'DUE_DATE' ? (a: InboxItem, b: InboxItem) => compareDue(a, b) || byRoute(a, b) : byRoute;
  const ordered = [...waiting].sort((a, b) => sectionOf(a) - sectionOf(b) || within(a, b));
  return { total: waiting.length, groups, items: ordered };
}

/** 0 returned (差し戻し, reason shown), 1 the viewer's own, 2 the rest of the 部. */
const sectionOf = (item: InboxItem): number => (item.returnedReason !== null ? 0 : item.mine ? 1 : 2);

/** Earliest due date first; work without one after all that have one. */
export function compareDue(a: Pick<InboxItem, 'dueDate'>, b: Pick<InboxItem, 'dueDate'>): number {
  const x = a.dueDate ?? null;
  const y = b.dueDate ?? null;
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return x < y ? -1 : 1;
}

/** The domain's item context for authorize, from the plan's item. */
export function evaluationItemOf(item: PlanItem, fiscalYear: number): EvaluationItem {
  return {
    id: item.itemId,
    divisionId: item.divisionId,
    owningDepartmentId: item.owningDepartmentId,
    promotionMeetingId: item.promotionMeetingId,
    plannedStage: plannedStageOf(item, fiscalYear),
  };
}

const orderOf = (items: Map<string, PlanItem>, itemId: string) => items.get(itemId)?.order ?? Number.MAX_SAFE_INTEGER;

/** The live inbox of a viewer. */
export function inbox(readModels: ReadModels, viewer: Viewer, options: InboxOptions = {}): Inbox {
  const { db } = readModels;
  // finalised ones too: they tell composeInbox the item is started (and waits for nobody)
  const rows = stmt(db, `SELECT * FROM inbox_evaluations`).all() as InboxEntryRow[];
  const years = (stmt(db, `SELECT fiscal_year FROM inbox_fiscal_years ORDER BY fiscal_year`).all() as { fiscal_year: number }[]).map(
    (r) => r.fiscal_year,
  );
  return composeInbox(viewer, (fiscalYear) => planItemsFor(readModels, fiscalYear), years, rows.map(inboxEntryFromRow), options, assignments(readModels), dueDatesByYear(readModels));
}
