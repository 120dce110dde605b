import { describe, expect, it } from 'vitest';
import { ForbiddenError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { Actor } from '../shared/roles.js';
import { specFor } from '../testing/spec.js';
import { TEST_DEPARTMENTS, TEST_NOW, testActors } from '../testing/fixtures.js';
import { decideMeeting, evolveMeeting, initialMeetingState, inviteesOf, quorumOf, type MeetingCommand, type MeetingContext, type MeetingEvent, type MeetingState } from './meeting.js';

const spec = specFor<MeetingCommand, MeetingState, MeetingEvent, MeetingContext>({ decide: decideMeeting, evolve: evolveMeeting, initialState: initialMeetingState });
const { head, staff, otherStaff, secretaryGeneral, manager, committee, admin, auditor, headOfOtherDepartment } = testActors;
const member2: Actor = { userId: 'u-committee-2', displayName: '委員2', roles: [{ role: 'CommitteeMember', departmentId: null }] };
const member3: Actor = { userId: 'u-committee-3', displayName: '委員3', roles: [{ role: 'CommitteeMember', departmentId: null }] };
const people = new Map<string, Actor>(Object.values({ ...testActors, member2, member3 }).map((p) => [p.userId, p]));
const as = (actor: Actor): MeetingContext => ({ actor, now: TEST_NOW, people, departments: TEST_DEPARTMENTS });
const base = (actor: Actor, actingAs: string) => ({ meetingId: 'M-1', by: actor.userId, actingAs, at: TEST_NOW });

const scheduleCommittee: MeetingCommand = {
  type: 'ScheduleMeeting',
  data: { meetingId: 'M-1', body: 'committee', fiscalYear: 2025, date: '2026-05-20', place: '本会 会議室', chairId: committee.userId, agenda: ['I-001', 'I-002'] },
};
const scheduled: MeetingEvent = {
  type: 'MeetingScheduled',
  data: {
    ...base(committee, 'CommitteeMember'),
    body: 'committee',
    departmentId: null,
    fiscalYear: 2025,
    date: '2026-05-20',
    place: '本会 会議室',
    chairId: committee.userId,
    invited: [committee.userId, member2.userId, member3.userId],
    agenda: ['I-001', 'I-002'],
  },
};
const opened: MeetingEvent = { type: 'MeetingOpened', data: { ...base(committee, 'CommitteeMember'), agenda: ['I-001', 'I-002'] } };

describe('meeting: not scheduled', () => {
  it('ScheduleMeeting of the committee invites its members, chair first', () => {
    const state = spec.given([]).when(scheduleCommittee, as(committee)).then([scheduled]);
    expect(state.status).toBe('Scheduled');
  });

  it('invites by body: 推進会議 = the 部長 and the staff of the 部; 管理職会議 = 事務局長, 管理職 and 部長', () => {
    expect(inviteesOf('promotionMeeting', 'general-affairs', people)).toEqual({ chairs: [head.userId], members: [staff.userId, otherStaff.userId].sort() });
    const managers = inviteesOf('managersMeeting', null, people);
    expect(managers.chairs).toEqual([secretaryGeneral.userId]);
    expect(managers.members).toEqual([head.userId, headOfOtherDepartment.userId, manager.userId].sort());
  });

  it('a 推進会議 is scheduled by its 部長 (chair by default), not by the 部長 of another 部', () => {
    const command: MeetingCommand = { type: 'ScheduleMeeting', data: { meetingId: 'M-1', body: 'promotionMeeting', departmentId: 'general-affairs', fiscalYear: 2025, date: '2026-04-30', place: '第1会議室', agenda: [] } };
    const [event] = decideMeeting(command, initialMeetingState(), as(head));
    expect(event).toMatchObject({ type: 'MeetingScheduled', data: { chairId: head.userId, invited: [head.userId, ...[staff.userId, otherStaff.userId].sort()] } });
    spec.given([]).when(command, as(headOfOtherDepartment)).thenThrows(ForbiddenError, /総務部の推進会議の会議を登録できるのは議長・事務局長・管理者のみ/);
  });

  it.each([
    ['a date that does not exist', { date: '2026-02-30' }, /「開催日」は YYYY-MM-DD/],
    ['no place', { place: ' ' }, /「場所」を入力/],
    ['a chair who is not a member', { chairId: staff.userId }, /「議長」は評価検証委員会の構成員から/],
    ['an unknown body', { body: 'board' }, /「会議体」は/],
  ])('ScheduleMeeting with %s is refused', (_name, over, message) => {
    spec.given([]).when({ ...scheduleCommittee, data: { ...scheduleCommittee.data, ...over } } as MeetingCommand, as(committee)).thenThrows(ValidationError, message);
  });

  it('an auditor and staff may not schedule; any other command on no meeting is NOT_FOUND', () => {
    spec.given([]).when(scheduleCommittee, as(auditor)).thenThrows(ForbiddenError);
    spec.given([]).when(scheduleCommittee, as(staff)).thenThrows(ForbiddenError);
    spec.given([]).when({ type: 'OpenMeeting', data: {} }, as(admin)).thenThrows(NotFoundError, /登録されていません/);
  });
});

describe('meeting: scheduled', () => {
  it('ChangeAgenda edits the agenda; the same agenda records nothing', () => {
    spec.given([scheduled]).when({ type: 'ChangeAgenda', data: { agenda: ['I-002'] } }, as(committee)).then([{ type: 'AgendaChanged', data: { ...base(committee, 'CommitteeMember'), agenda: ['I-002'] } }]);
    spec.given([scheduled]).when({ type: 'ChangeAgenda', data: { agenda: ['I-001', 'I-002'] } }, as(committee)).thenNothing();
  });

  it('OpenMeeting by the chair fixes the agenda; by another member it is forbidden; the 事務局長 and the administrator may', () => {
    const state = spec.given([scheduled]).when({ type: 'OpenMeeting', data: {} }, as(committee)).then([opened]);
    expect(state.status).toBe('Open');
    spec.given([scheduled]).when({ type: 'OpenMeeting', data: {} }, as(member2)).thenThrows(ForbiddenError, /議長・事務局長・管理者のみ/);
    expect(decideMeeting({ type: 'OpenMeeting', data: {} }, evolveMeeting(initialMeetingState(), scheduled), as(admin))).toHaveLength(1);
    expect(decideMeeting({ type: 'OpenMeeting', data: {} }, evolveMeeting(initialMeetingState(), scheduled), as(secretaryGeneral))).toHaveLength(1);
  });

  it('attendance is recorded only once the session is open', () => {
    spec.given([scheduled]).when({ type: 'RecordAttendance', data: { present: [committee.userId] } }, as(committee)).thenThrows(IllegalTransitionError, /「開催予定」/);
  });
});

describe('meeting: open', () => {
  it('RecordAttendance of invited members, in the order invited; the same attendance records nothing', () => {
    const state = spec
      .given([scheduled, opened])
      .when({ type: 'RecordAttendance', data: { present: [member3.userId, committee.userId] } }, as(committee))
      .then([{ type: 'AttendanceRecorded', data: { ...base(committee, 'CommitteeMember'), present: [committee.userId, member3.userId] } }]);
    expect(state.status === 'Open' && state.present).toEqual([committee.userId, member3.userId]);
  });

  it('RecordAttendance of someone not invited is refused', () => {
    spec.given([scheduled, opened]).when({ type: 'RecordAttendance', data: { present: [staff.userId] } }, as(committee)).thenThrows(ValidationError, /招集されていません/);
  });

  it('ChangeAgenda once open is refused (the agenda is fixed)', () => {
    spec.given([scheduled, opened]).when({ type: 'ChangeAgenda', data: { agenda: [] } }, as(committee)).thenThrows(IllegalTransitionError, /「開催中」/);
  });

  it('RecordMinutes, CloseMeeting; minutes may be completed after closing; a second close is refused', () => {
    const minutes: MeetingEvent = { type: 'MinutesRecorded', data: { ...base(committee, 'CommitteeMember'), minutes: '議題1: 確定した' } };
    spec.given([scheduled, opened]).when({ type: 'RecordMinutes', data: { minutes: '議題1: 確定した' } }, as(committee)).then([minutes]);
    const closed: MeetingEvent = { type: 'MeetingClosed', data: base(committee, 'CommitteeMember') };
    const state = spec.given([scheduled, opened, minutes]).when({ type: 'CloseMeeting', data: {} }, as(committee)).then([closed]);
    expect(state.status).toBe('Closed');
    spec.given([scheduled, opened, minutes, closed]).when({ type: 'RecordMinutes', data: { minutes: '議題1: 確定した(追記)' } }, as(committee)).then([{ type: 'MinutesRecorded', data: { ...base(committee, 'CommitteeMember'), minutes: '議題1: 確定した(追記)' } }]);
    spec.given([scheduled, opened, closed]).when({ type: 'CloseMeeting', data: {} }, as(committee)).thenThrows(IllegalTransitionError, /「終了」/);
  });
});

describe('quorum (定足数)', () => {
  it('is a majority of the members invited unless configured', () => {
    expect(quorumOf({ invited: ['a', 'b', 'c'] }, null)).toBe(2);
    expect(quorumOf({ invited: ['a', 'b', 'c', 'd'] }, null)).toBe(3);
    expect(quorumOf({ invited: ['a'] }, null)).toBe(1);
    expect(quorumOf({ invited: ['a', 'b', 'c'] }, 3)).toBe(3);
  });
});
