import { IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { Command, DomainEvent } from '../shared/json.js';
import { requireAuthorized, type CommandContext } from '../shared/context.js';
import { DEFAULT_THRESHOLDS, validateThresholds, type Thresholds } from '../shared/grading.js';
import { invalid, requireObject, requireTimestamp } from '../shared/validation.js';
import type { FiscalYearSettings } from '../evaluation/types.js';
import { emptyDueDates, mergeDueDates, CALENDAR_KEYS, type CalendarKey, type DueDates } from './calendar.js';

export type FiscalYearState =
  | { status: 'NotOpened' }
  | { status: 'Open'; fiscalYear: number; thresholds: Thresholds; openedAt: string; dueDates: DueDates };
export const initialFiscalYearState = (): FiscalYearState => ({ status: 'NotOpened' });

/** Opens a plan year with the grading thresholds that will grade it for good (default 第3章: 100/80/60). */
export type OpenFiscalYear = Command<'OpenFiscalYear', { fiscalYear: number; thresholds?: Thresholds | null }>;
/** 期限: sets (a date) or clears (null) the year's due dates; keys left out keep their date. */
export type SetDueDates = Command<'SetDueDates', { fiscalYear: number; dueDates: Partial<Record<CalendarKey, string | null>> }>;
export type FiscalYearCommand = OpenFiscalYear | SetDueDates;
export const FISCAL_YEAR_COMMAND_TYPES: readonly FiscalYearCommand['type'][] = ['OpenFiscalYear', 'SetDueDates'];

export type FiscalYearOpened = DomainEvent<
  'FiscalYearOpened',
  { fiscalYear: number; thresholds: Thresholds; by: string; actingAs: string; at: string }
>;
/** The year's whole calendar after the change (every key, null when not set). */
export type DueDatesSet = DomainEvent<'DueDatesSet', { fiscalYear: number; dueDates: DueDates; by: string; actingAs: string; at: string }>;
export type FiscalYearEvent = FiscalYearOpened | DueDatesSet;

/** 令和7年度 (2025年度): the council's year label. */
export const formatFiscalYear = (fiscalYear: number): string => `令和${fiscalYear - 2018}年度(${fiscalYear}年度)`;

export function requireFiscalYear(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 2019 || value > 2100) {
    throw invalid('fiscalYear', '「年度」は2019〜2100の西暦年(整数)で指定してください');
  }
  return value;
}

/** decide for one fiscal year stream (fiscal-year-<fy>). */
export function decideFiscalYear(command: FiscalYearCommand, state: FiscalYearState, ctx: CommandContext): FiscalYearEvent[] {
  if (command?.type !== 'OpenFiscalYear' && command?.type !== 'SetDueDates') {
    throw new ValidationError(`不明な年度コマンドです: ${String((command as { type?: unknown } | undefined)?.type).slice(0, 50)}`);
  }
  const at = requireTimestamp(ctx.now);
  const actingAs = requireAuthorized(ctx.actor, command.type);
  const data = requireObject(command.data ?? {}, 'data');
  const fiscalYear = requireFiscalYear(data.fiscalYear);
  if (command.type === 'SetDueDates') {
    const settings = fiscalYearSettings(state, fiscalYear);
    const current = (state as Extract<FiscalYearState, { status: 'Open' }>).dueDates;
    const dueDates = mergeDueDates(settings.fiscalYear, current, data.dueDates);
    if (CALENDAR_KEYS.every((key) => dueDates[key] === current[key])) return [];
    return [{ type: 'DueDatesSet', data: { fiscalYear, dueDates, by: ctx.actor.userId, actingAs, at } }];
  }
  if (state.status === 'Open') throw new IllegalTransitionError(`${formatFiscalYear(state.fiscalYear)}は既に開始されています`);
  const thresholds = data.thresholds === undefined || data.thresholds === null ? { ...DEFAULT_THRESHOLDS } : validateThresholds(data.thresholds);
  return [{ type: 'FiscalYearOpened', data: { fiscalYear, thresholds, by: ctx.actor.userId, actingAs, at } }];
}

export function evolveFiscalYear(state: FiscalYearState, event: FiscalYearEvent | { type: string; data: unknown }): FiscalYearState {
  const e = event as FiscalYearEvent;
  if (e.type === 'FiscalYearOpened') {
    return { status: 'Open', fiscalYear: e.data.fiscalYear, thresholds: { ...e.data.thresholds }, openedAt: e.data.at, dueDates: emptyDueDates() };
  }
  if (e.type === 'DueDatesSet' && state.status === 'Open') {
    return { ...state, dueDates: { ...emptyDueDates(), ...e.data.dueDates } };
  }
  return state;
}

export const foldFiscalYear = (events: readonly { type: string; data: unknown }[]): FiscalYearState =>
  events.reduce<FiscalYearState>(evolveFiscalYear, initialFiscalYearState());

/** The settings evaluations of the year are decided under; refuses a year that was not opened. */
export function fiscalYearSettings(state: FiscalYearState, fiscalYear: number): FiscalYearSettings {
  if (state.status !== 'Open') throw new NotFoundError(`${formatFiscalYear(fiscalYear)}はまだ開始されていません(管理者が年度を開始してください)`);
  return { fiscalYear: state.fiscalYear, thresholds: { ...state.thresholds } };
}
