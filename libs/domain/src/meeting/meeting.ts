import { ForbiddenError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { Command, DomainEvent } from '../shared/json.js';
import { requireAuthorized, type CommandContext } from '../shared/context.js';
import { holdsRole, type Actor } from '../shared/roles.js';
import { requireDepartmentInForce } from '../shared/context.js';
import { invalid, LIMITS, requireId, requireObject, requireText, requireTimestamp } from '../shared/validation.js';

export { MEETING_BODIES, MEETING_BODY_LABELS, MEETING_STATUSES, MEETING_STATUS_LABELS, isMeetingBody, quorumOf, type MeetingBody, type MeetingStatus } from './bodies.js';
import { MEETING_BODY_LABELS, MEETING_STATUS_LABELS, isMeetingBody, type MeetingBody, type MeetingStatus } from './bodies.js';

export type Meeting = {
  meetingId: string;
  body: MeetingBody;
  /** the 部 whose 推進会議 this is (null for the 管理職会議 and the committee) */
  departmentId: string | null;
  fiscalYear: number;
  /** JST calendar date, YYYY-MM-DD */
  date: string;
  place: string;
  chairId: string;
  /** the members invited (chair first), from the roles when the session was scheduled */
  invited: string[];
  /** 実施項目 ids of the evaluations (of `fiscalYear`) on the agenda, in order */
  agenda: string[];
  /** the members present, as last recorded (empty until recorded) */
  present: string[];
  minutes: string | null;
};
export type MeetingState = { status: 'NotScheduled' } | (Meeting & { status: MeetingStatus });
export const initialMeetingState = (): MeetingState => ({ status: 'NotScheduled' });

export type ScheduleMeeting = Command<
  'ScheduleMeeting',
  { meetingId: string; body: MeetingBody; departmentId?: string | null; fiscalYear: number; date: string; place: string; chairId?: string | null; agenda: string[] }
>;
export type ChangeAgenda = Command<'ChangeAgenda', { agenda: string[] }>;
export type OpenMeeting = Command<'OpenMeeting', Record<string, never>>;
export type RecordAttendance = Command<'RecordAttendance', { present: string[] }>;
export type RecordMinutes = Command<'RecordMinutes', { minutes: string }>;
export type CloseMeeting = Command<'CloseMeeting', Record<string, never>>;
export type MeetingCommand = ScheduleMeeting | ChangeAgenda | OpenMeeting | RecordAttendance | RecordMinutes | CloseMeeting;
export type MeetingCommandType = MeetingCommand['type'];
export const MEETING_COMMAND_TYPES: readonly MeetingCommandType[] = ['ScheduleMeeting', 'ChangeAgenda', 'OpenMeeting', 'RecordAttendance', 'RecordMinutes', 'CloseMeeting'];

type MeetingEventBase = { meetingId: string; by: string; actingAs: string; at: string };
export type MeetingScheduled = DomainEvent<
  'MeetingScheduled',
  MeetingEventBase & Pick<Meeting, 'body' | 'departmentId' | 'fiscalYear' | 'date' | 'place' | 'chairId' | 'invited' | 'agenda'>
>;
export type AgendaChanged = DomainEvent<'AgendaChanged', MeetingEventBase & { agenda: string[] }>;
/** The agenda is fixed when the session opens: the event carries it. */
export type MeetingOpened = DomainEvent<'MeetingOpened', MeetingEventBase & { agenda: string[] }>;
export type AttendanceRecorded = DomainEvent<'AttendanceRecorded', MeetingEventBase & { present: string[] }>;
export type MinutesRecorded = DomainEvent<'MinutesRecorded', MeetingEventBase & { minutes: string }>;
export type MeetingClosed = DomainEvent<'MeetingClosed', MeetingEventBase>;
export type MeetingEvent = MeetingScheduled | AgendaChanged | MeetingOpened | AttendanceRecorded | MinutesRecorded | MeetingClosed;
export type MeetingEventType = MeetingEvent['type'];
export const MEETING_EVENT_TYPES: readonly MeetingEventType[] = ['MeetingScheduled', 'AgendaChanged', 'MeetingOpened', 'AttendanceRecorded', 'MinutesRecorded', 'MeetingClosed'];
export const isMeetingEventType = (type: string): type is MeetingEventType => (MEETING_EVENT_TYPES as readonly string[]).includes(type);

/** What decide needs besides the stream: who acts, when, and the people (the user directory) the invitees come from. */
export type MeetingContext = CommandContext & { people: ReadonlyMap<string, Actor> };

/** Who a body invites, chair's role first: 推進会議 = the 部's 部長 and staff; 管理職会議 = 事務局長, 管理職 and 部長; 委員会 = its members. */
export function inviteesOf(body: MeetingBody, departmentId: string | null, people: ReadonlyMap<string, Actor>): { chairs: string[]; members: string[] } {
  const active = [...people.values()].filter((p) => !p.disabled).sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const ids = (match: (p: Actor) => boolean) => active.filter(match).map((p) => p.userId);
  switch (body) {
    case 'promotionMeeting': {
      const chairs = ids((p) => holdsRole(p, 'DepartmentHead', departmentId ?? undefined));
      return { chairs, members: ids((p) => !chairs.includes(p.userId) && holdsRole(p, 'Staff', departmentId ?? undefined)) };
    }
    case 'managersMeeting': {
      const chairs = ids((p) => holdsRole(p, 'SecretaryGeneral'));
      return { chairs, members: ids((p) => !chairs.includes(p.userId) && (holdsRole(p, 'Manager') || holdsRole(p, 'DepartmentHead'))) };
    }
    case 'committee':
      return { chairs: [], members: ids((p) => holdsRole(p, 'CommitteeMember')) };
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function requireDate(value: unknown): string {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  const valid = match && (() => {
    const d = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    return d.getUTCFullYear() === Number(match[1]) && d.getUTCMonth() === Number(match[2]) - 1 && d.getUTCDate() === Number(match[3]);
  })();
  if (!valid) throw invalid('date', '「開催日」は YYYY-MM-DD の形の日付で指定してください');
  return value as string;
}

function requireAgenda(value: unknown): string[] {
  if (!Array.isArray(value)) throw invalid('agenda', '「議題」は実施項目IDの一覧で指定してください');
  const ids = [...new Set(value.map((id) => requireId(id, 'agenda')))];
  if (ids.length > LIMITS.agenda) throw invalid('agenda', `「議題」は${LIMITS.agenda}件までです`);
  return ids;
}

/** 会議を運営できる人: the chair, the 事務局長 and the administrator; before a chair exists, who would chair that body. */
function mayRun(actor: Actor, meeting: Pick<Meeting, 'body' | 'departmentId'> & { chairId?: string }): boolean {
  if (holdsRole(actor, 'Admin') || holdsRole(actor, 'SecretaryGeneral')) return true;
  if (meeting.chairId !== undefined) return meeting.chairId === actor.userId;
  if (meeting.body === 'promotionMeeting') return meeting.departmentId !== null && holdsRole(actor, 'DepartmentHead', meeting.departmentId);
  return meeting.body === 'committee' && holdsRole(actor, 'CommitteeMember');
}

const bodyName = (m: Pick<Meeting, 'body' | 'departmentId'>, departments: MeetingContext['departments']): string =>
  m.body === 'promotionMeeting'
    ? `${departments?.find((d) => d.id === m.departmentId)?.name ?? m.departmentId}の推進会議`
    : MEETING_BODY_LABELS[m.body];

function inStatus(state: MeetingState, ...statuses: MeetingStatus[]): Meeting & { status: MeetingStatus } {
  if (state.status === 'NotScheduled') throw new NotFoundError('この会議は登録されていません', { field: 'meetingId' });
  if (!statuses.includes(state.status)) {
    throw new IllegalTransitionError(`この会議は「${MEETING_STATUS_LABELS[state.status]}」のため、この操作はできません`);
  }
  return state;
}

function schedule(data: Record<string, unknown>, state: MeetingState, ctx: MeetingContext, base: Omit<MeetingEventBase, 'meetingId'>): MeetingEvent[] {
  if (state.status !== 'NotScheduled') throw new IllegalTransitionError('この会議IDの会議はすでに登録されています', { field: 'meetingId' });
  const meetingId = requireId(data.meetingId, 'meetingId');
  if (!isMeetingBody(data.body)) throw invalid('body', '「会議体」は推進会議・管理職会議・評価検証委員会のいずれかを指定してください');
  const body = data.body;
  let departmentId: string | null = null;
  if (body === 'promotionMeeting') {
    departmentId = requireDepartmentInForce(ctx.departments, data.departmentId, 'departmentId', '推進会議にはその「部」を指定してください').id;
  } else if (data.departmentId !== undefined && data.departmentId !== null) {
    throw invalid('departmentId', `${MEETING_BODY_LABELS[body]}には「部」を指定できません`);
  }
  const fiscalYear = data.fiscalYear;
  if (typeof fiscalYear !== 'number' || !Number.isInteger(fiscalYear)) throw invalid('fiscalYear', '「年度」を指定してください');
  if (!mayRun(ctx.actor, { body, departmentId })) {
    throw new ForbiddenError(`${bodyName({ body, departmentId }, ctx.departments)}の会議を登録できるのは議長・事務局長・管理者のみです`);
  }
  const date = requireDate(data.date);
  const place = requireText(data.place, 'place', { max: LIMITS.place });
  const { chairs, members } = inviteesOf(body, departmentId, ctx.people);
  const eligible = [...chairs, ...members];
  if (eligible.length === 0) throw invalid('body', `${bodyName({ body, departmentId }, ctx.departments)}の構成員が登録されていません`);
  const requested = data.chairId === undefined || data.chairId === null ? null : requireId(data.chairId, 'chairId');
  const chairId = requested ?? chairs[0] ?? (eligible.includes(ctx.actor.userId) ? ctx.actor.userId : eligible[0]!);
  if (!eligible.includes(chairId)) throw invalid('chairId', `「議長」は${bodyName({ body, departmentId }, ctx.departments)}の構成員から選んでください`);
  const invited = [chairId, ...eligible.filter((id) => id !== chairId)];
  return [{ type: 'MeetingScheduled', data: { meetingId, ...base, body, departmentId, fiscalYear, date, place, chairId, invited, agenda: requireAgenda(data.agenda ?? []) } }];
}

/** decide for one session. A change that changes nothing (the same attendance, the same minutes) records nothing. */
export function decideMeeting(command: MeetingCommand, state: MeetingState, ctx: MeetingContext): MeetingEvent[] {
  if (!(MEETING_COMMAND_TYPES as readonly string[]).includes(command?.type)) {
    throw new ValidationError(`不明な会議の操作です: ${String(command?.type).slice(0, 50)}`);
  }
  const at = requireTimestamp(ctx.now);
  const actingAs = requireAuthorized(ctx.actor, command.type);
  const data = requireObject(command.data ?? {}, 'data');
  const by = ctx.actor.userId;
  if (command.type === 'ScheduleMeeting') return schedule(data, state, ctx, { by, actingAs, at });
  const current = inStatus(state, 'Scheduled', 'Open', 'Closed');
  if (!mayRun(ctx.actor, current)) throw new ForbiddenError(`この会議を運営できるのは議長・事務局長・管理者のみです`);
  const base: MeetingEventBase = { meetingId: current.meetingId, by, actingAs, at };
  switch (command.type) {
    case 'ChangeAgenda': {
      inStatus(state, 'Scheduled');
      const agenda = requireAgenda(data.agenda);
      return sameList(agenda, current.agenda) ? [] : [{ type: 'AgendaChanged', data: { ...base, agenda } }];
    }
    case 'OpenMeeting':
      inStatus(state, 'Scheduled');
      return [{ type: 'MeetingOpened', data: { ...base, agenda: [...current.agenda] } }];
    case 'RecordAttendance': {
      inStatus(state, 'Open');
      if (!Array.isArray(data.present)) throw invalid('present', '「出席者」はユーザーIDの一覧で指定してください');
      const named = new Set(data.present.map((id) => requireId(id, 'present')));
      const stranger = [...named].find((id) => !current.invited.includes(id));
      if (stranger) throw invalid('present', `「${stranger}」はこの会議に招集されていません`);
      const present = current.invited.filter((id) => named.has(id));
      return sameList(present, current.present) ? [] : [{ type: 'AttendanceRecorded', data: { ...base, present } }];
    }
    case 'RecordMinutes': {
      inStatus(state, 'Open', 'Closed');
      const minutes = requireText(data.minutes, 'minutes', { max: LIMITS.minutes, multiline: true });
      return minutes === current.minutes ? [] : [{ type: 'MinutesRecorded', data: { ...base, minutes } }];
    }
    case 'CloseMeeting':
      inStatus(state, 'Open');
      return [{ type: 'MeetingClosed', data: base }];
    default: {
      const unhandled: never = command;
      throw new ValidationError(`不明な会議の操作です: ${JSON.stringify(unhandled).slice(0, 50)}`);
    }
  }
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

export function evolveMeeting(state: MeetingState, event: MeetingEvent | { type: string; data: unknown }): MeetingState {
  const e = event as MeetingEvent;
  switch (e.type) {
    case 'MeetingScheduled': {
      const { by: _by, actingAs: _as, at: _at, ...meeting } = e.data;
      return { ...meeting, invited: [...meeting.invited], agenda: [...meeting.agenda], present: [], minutes: null, status: 'Scheduled' };
    }
    case 'AgendaChanged':
      return state.status === 'NotScheduled' ? state : { ...state, agenda: [...e.data.agenda] };
    case 'MeetingOpened':
      return state.status === 'NotScheduled' ? state : { ...state, agenda: [...e.data.agenda], status: 'Open' };
    case 'AttendanceRecorded':
      return state.status === 'NotScheduled' ? state : { ...state, present: [...e.data.present] };
    case 'MinutesRecorded':
      return state.status === 'NotScheduled' ? state : { ...state, minutes: e.data.minutes };
    case 'MeetingClosed':
      return state.status === 'NotScheduled' ? state : { ...state, status: 'Closed' };
    default:
      return state;
  }
}

export const foldMeeting = (events: readonly { type: string; data: unknown }[]): MeetingState =>
  events.reduce<MeetingState>(evolveMeeting, initialMeetingState());
