import { NotFoundError, ValidationError } from '../shared/errors.js';
import type { Command, DomainEvent } from '../shared/json.js';
import { requireAuthorized, type CommandContext } from '../shared/context.js';
import { holdsRole, type Actor } from '../shared/roles.js';
import { invalid, LIMITS, requireId, requireObject, requireTimestamp } from '../shared/validation.js';
import type { EvaluationItem } from '../evaluation/types.js';

/** 担当者 of one 実施項目 (stream assignment-<itemId>, all fiscal years). */
export type AssignmentState = { assignees: readonly string[] };
export const initialAssignmentState = (): AssignmentState => ({ assignees: [] });

/** REPLACE: the list becomes `assignees`; ADD: they join; REMOVE: they leave. */
export const ASSIGNMENT_MODES = ['REPLACE', 'ADD', 'REMOVE'] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];

export type AssignItem = Command<'AssignItem', { itemId: string; assignees: string[]; mode: AssignmentMode }>;
export type AssignmentCommand = AssignItem;
export const ASSIGNMENT_COMMAND_TYPES: readonly AssignmentCommand['type'][] = ['AssignItem'];

/** `assignees` is the whole list after the change, so a reader needs no earlier event to know who holds the item. */
export type ItemAssigneesChanged = DomainEvent<
  'ItemAssigneesChanged',
  { itemId: string; assignees: string[]; added: string[]; removed: string[]; by: string; actingAs: string; at: string }
>;
export type AssignmentEvent = ItemAssigneesChanged;

/**
 * What decide needs besides the stream: the item (its owning 部 decides who may assign and who may be assigned) and
 * the people the command names, as the user directory knows them (a name missing from `people` is unknown).
 */
export type AssignmentContext = CommandContext & {
  item: Pick<EvaluationItem, 'id' | 'owningDepartmentId' | 'owningDepartmentName'>;
  people: ReadonlyMap<string, Actor>;
};

function requireMode(value: unknown): AssignmentMode {
  if (!(ASSIGNMENT_MODES as readonly unknown[]).includes(value)) {
    throw invalid('mode', '「割り当て方法」は REPLACE(置き換え)・ADD(追加)・REMOVE(解除)のいずれかを指定してください');
  }
  return value as AssignmentMode;
}

function requireAssignees(value: unknown): string[] {
  if (!Array.isArray(value)) throw invalid('assignees', '「担当者」はユーザーIDの一覧で指定してください');
  const ids = [...new Set(value.map((id) => requireId(id, 'assignees')))];
  if (ids.length > LIMITS.assignees) throw invalid('assignees', `「担当者」は1つの実施項目に${LIMITS.assignees}人までです`);
  return ids;
}

/** Refuses a person who cannot take the item: unknown, disabled, or not 担当職員 of the item's 部. */
function requireAssignable(userId: string, ctx: AssignmentContext): void {
  const person = ctx.people.get(userId);
  if (!person) throw new NotFoundError(`担当者に指定されたユーザー「${userId}」が見つかりません`, { field: 'assignees' });
  const name = person.displayName ?? userId;
  if (person.disabled) throw invalid('assignees', `「${name}」は無効化されているため担当者にできません`);
  const department = ctx.item.owningDepartmentId;
  if (!holdsRole(person, 'Staff', department)) {
    throw invalid('assignees', `「${name}」は${ctx.item.owningDepartmentName ?? department}の担当職員ではないため、この実施項目の担当者にできません`);
  }
}

/** decide for one item's 担当者. A change that changes nothing records nothing (a bulk ADD may touch items that have them). */
export function decideAssignment(command: AssignmentCommand, state: AssignmentState, ctx: AssignmentContext): AssignmentEvent[] {
  if (command?.type !== 'AssignItem') throw new ValidationError(`不明な担当者コマンドです: ${String(command?.type).slice(0, 50)}`);
  const at = requireTimestamp(ctx.now);
  const actingAs = requireAuthorized(ctx.actor, command.type, undefined, ctx.item);
  const data = requireObject(command.data ?? {}, 'data');
  const itemId = requireId(data.itemId, 'itemId');
  if (itemId !== ctx.item.id) throw invalid('itemId', `「実施項目ID」${itemId}がこの担当者の記録(${ctx.item.id})と一致しません`);
  const mode = requireMode(data.mode);
  const requested = requireAssignees(data.assignees);
  if (mode !== 'REPLACE' && requested.length === 0) throw invalid('assignees', '「担当者」を1人以上選んでください');

  const before = state.assignees;
  const after =
    mode === 'REPLACE'
      ? requested
      : mode === 'ADD'
        ? [...before, ...requested.filter((id) => !before.includes(id))]
        : before.filter((id) => !requested.includes(id));
  if (after.length > LIMITS.assignees) throw invalid('assignees', `「担当者」は1つの実施項目に${LIMITS.assignees}人までです`);
  const added = after.filter((id) => !before.includes(id));
  const removed = before.filter((id) => !after.includes(id));
  // only people who join are checked: someone disabled or moved to another 部 can still be taken off
  for (const userId of added) requireAssignable(userId, ctx);
  if (added.length === 0 && removed.length === 0) return [];
  return [{ type: 'ItemAssigneesChanged', data: { itemId, assignees: after, added, removed, by: ctx.actor.userId, actingAs, at } }];
}

export function evolveAssignment(state: AssignmentState, event: AssignmentEvent | { type: string; data: unknown }): AssignmentState {
  const e = event as AssignmentEvent;
  if (e.type === 'ItemAssigneesChanged') return { assignees: [...e.data.assignees] };
  return state;
}

export const foldAssignment = (events: readonly { type: string; data: unknown }[]): AssignmentState =>
  events.reduce<AssignmentState>(evolveAssignment, initialAssignmentState());
