import {
  COMMAND_LABELS,
  EVALUATION_STATUSES,
  FORWARD_COMMANDS,
  STAGE_LABELS,
  authorize,
  describeEvaluation,
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
import { planItems } from '../plan/plan.queries.js';
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
  /** how the viewer would act (e.g. 'DepartmentHead@general-affairs') */
  actingAs: string;
  /** since when it waits at this stage; null for an evaluation not started */
  since: string | null;
  /** expectedVersion for the action; null before the first event */
  version: number | null;
  /** the reason of the return that sent it back here, if that is how it arrived */
  returnedReason: string | null;
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
}

export interface InboxOptions {
  /** only this fiscal year */
  fiscalYear?: number;
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
  items: readonly PlanItem[],
  openYears: readonly number[],
  entries: readonly InboxEntry[],
  options: InboxOptions = {},
): Inbox {
  const actor = viewerActor(viewer);
  const itemById = new Map(items.map((i) => [i.itemId, i]));
  const started = new Set(entries.map((e) => `${e.fiscalYear}/${e.itemId}`));
  const candidates: { item: PlanItem; fiscalYear: number; entry: InboxEntry | undefined }[] = [];
  for (const entry of entries) {
    const item = itemById.get(entry.itemId);
    // a retired item's evaluation can no longer be acted on (the domain finds no item context for it)
    if (item && !isRetiredIn(item, entry.fiscalYear)) candidates.push({ item, fiscalYear: entry.fiscalYear, entry });
  }
  for (const fiscalYear of openYears) {
    for (const item of items) {
      if (!isRetiredIn(item, fiscalYear) && !started.has(`${fiscalYear}/${item.itemId}`)) candidates.push({ item, fiscalYear, entry: undefined });
    }
  }
  const waiting: InboxItem[] = [];
  for (const { item, fiscalYear, entry } of candidates) {
    if (options.fiscalYear !== undefined && fiscalYear !== options.fiscalYear) continue;
    const state = entry?.evaluation.state ?? initialEvaluationState();
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
    });
  }
  const groups: InboxGroup[] = [];
  for (const status of EVALUATION_STATUSES) {
    const inStage = waiting
      .filter((w) => w.status === status)
      .sort((a, b) => a.fiscalYear - b.fiscalYear || orderOf(itemById, a.itemId) - orderOf(itemById, b.itemId));
    if (inStage.length > 0) groups.push({ status, stageLabel: STAGE_LABELS[status], count: inStage.length, items: inStage });
  }
  return { total: waiting.length, groups };
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
  return composeInbox(viewer, planItems(readModels), years, rows.map(inboxEntryFromRow), options);
}
