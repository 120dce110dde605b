import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { CommandContext } from '../shared/context.js';
import type { Actor } from '../shared/roles.js';
import { specFor } from '../testing/spec.js';
import { TEST_NOW, testActors } from '../testing/fixtures.js';
import { ROUTE } from '../evaluation/route.js';
import { decideFiscalYear, evolveFiscalYear, initialFiscalYearState, type FiscalYearCommand, type FiscalYearEvent, type FiscalYearState } from './fiscal-year.js';
import { CALENDAR_KEYS, describeDue, dueDateFor, emptyDueDates, jstDate, overdueDays, type DueDates } from './calendar.js';

const spec = specFor<FiscalYearCommand, FiscalYearState, FiscalYearEvent, CommandContext>({
  decide: decideFiscalYear,
  evolve: evolveFiscalYear,
  initialState: initialFiscalYearState,
});
const as = (actor: Actor): CommandContext => ({ actor, now: TEST_NOW });
const opened: FiscalYearEvent = {
  type: 'FiscalYearOpened',
  data: { fiscalYear: 2026, thresholds: { A: 100, B: 80, C: 60 }, by: 'u-admin', actingAs: 'Admin', at: TEST_NOW },
};
const dueDatesSet = (dates: Partial<DueDates>): FiscalYearEvent => ({
  type: 'DueDatesSet',
  data: { fiscalYear: 2026, dueDates: { ...emptyDueDates(), ...dates }, by: 'u-admin', actingAs: 'Admin', at: TEST_NOW },
});
const setDueDates = (dueDates: Record<string, string | null>, fiscalYear = 2026): FiscalYearCommand => ({
  type: 'SetDueDates',
  data: { fiscalYear, dueDates },
});

describe('calendar: a year not opened', () => {
  it('SetDueDates is refused: the year must be opened first', () => {
    spec.given([]).when(setDueDates({ planSubmission: '2026-05-31' }), as(testActors.admin)).thenThrows(NotFoundError, /まだ開始されていません/);
  });
});

describe('calendar: an open year', () => {
  it('SetDueDates records the whole calendar after the change', () => {
    const state = spec
      .given([opened])
      .when(setDueDates({ planSubmission: '2026-05-31', planApproval: '2026-06-15' }), as(testActors.admin))
      .then([dueDatesSet({ planSubmission: '2026-05-31', planApproval: '2026-06-15' })]);
    expect(state.status === 'Open' && state.dueDates.planApproval).toBe('2026-06-15');
  });

  it('keys left out keep their date; null clears one', () => {
    spec
      .given([opened, dueDatesSet({ planSubmission: '2026-05-31', planApproval: '2026-06-15' })])
      .when(setDueDates({ planApproval: null, committee: '2027-03-20' }), as(testActors.admin))
      .then([dueDatesSet({ planSubmission: '2026-05-31', committee: '2027-03-20' })]);
  });

  it('the same dates again record nothing', () => {
    spec.given([opened, dueDatesSet({ planSubmission: '2026-05-31' })]).when(setDueDates({ planSubmission: '2026-05-31' }), as(testActors.admin)).thenNothing();
  });

  it.each([
    ['a date that does not exist', { selfEvaluation: '2027-02-30' }, /「自己評価の提出」の期限は実在する日付/],
    ['a date in another format', { selfEvaluation: '2027/02/01' }, /実在する日付\(YYYY-MM-DD\)/],
    ['a date before the year', { planSubmission: '2026-03-31' }, /2026年4月1日〜2027年3月31日の間/],
    ['a date after the year', { committee: '2027-04-01' }, /2026年4月1日〜2027年3月31日の間/],
    ['approval before submission', { planSubmission: '2026-05-31', planApproval: '2026-05-30' }, /「単年度計画の承認」の期限\(2026-05-30\)は「単年度計画の提出」の期限\(2026-05-31\)より前/],
    ['an unknown key', { deadline: '2026-05-31' }, /不明な項目/],
  ])('%s is refused', (_name, dueDates, message) => {
    spec.given([opened]).when(setDueDates(dueDates), as(testActors.admin)).thenThrows(ValidationError, message);
  });

  it('the order is checked against the dates already set', () => {
    spec
      .given([opened, dueDatesSet({ committee: '2027-03-01' })])
      .when(setDueDates({ managersMeeting: '2027-03-10' }), as(testActors.admin))
      .thenThrows(ValidationError, /「評価検証委員会の審査」の期限\(2027-03-01\)は「管理職会議の審査」の期限\(2027-03-10\)より前/);
  });

  it.each([['a 部長', testActors.head], ['a CommitteeMember', testActors.committee]])('SetDueDates by %s is forbidden (administrators only)', (_n, actor) => {
    spec.given([opened]).when(setDueDates({ planSubmission: '2026-05-31' }), as(actor as Actor)).thenThrows(ForbiddenError, /管理者のみ/);
  });
});

describe('calendar: due dates of the route', () => {
  it('every stage but the last names a calendar key, in the calendar order along the main line (a side stage has its own)', () => {
    const keys = ROUTE.filter((row) => row.sideOf === null).map((row) => row.due);
    expect(keys.at(-1)).toBeNull();
    const order = keys.filter((k) => k !== null).map((k) => CALENDAR_KEYS.indexOf(k!));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((i) => i >= 0)).toBe(true);
  });

  it('dueDateFor reads the key of the stage the evaluation waits at', () => {
    const calendar = { ...emptyDueDates(), planSubmission: '2026-05-31', selfEvaluation: '2027-01-31' };
    expect(dueDateFor(calendar, 'NotStarted')).toBe('2026-05-31');
    expect(dueDateFor(calendar, 'Draft')).toBe('2027-01-31');
    expect(dueDateFor(calendar, 'PromotionMeetingReview')).toBeNull();
    expect(dueDateFor(calendar, 'Finalized')).toBeNull();
    expect(dueDateFor(null, 'Draft')).toBeNull();
  });
});

describe('calendar: overdue days in JST', () => {
  it('the due day itself is not overdue; the JST day after it is', () => {
    expect(overdueDays('2026-05-31', '2026-05-31T14:59:59.000Z')).toBe(0); // 23:59:59 JST on the 31st
    expect(overdueDays('2026-05-31', '2026-05-31T15:00:00.000Z')).toBe(1); // 00:00 JST on 6月1日
    expect(overdueDays('2026-05-31', '2026-06-03T03:00:00.000Z')).toBe(3);
    expect(overdueDays('2026-05-31', '2026-05-26T00:00:00.000Z')).toBe(-5);
  });

  it('in Japanese', () => {
    expect(describeDue(3)).toBe('期限を3日超過');
    expect(describeDue(-5)).toBe('期限まで5日');
    expect(describeDue(0)).toBe('本日が期限');
    expect(jstDate('2026-12-31T15:00:00.000Z')).toBe('2027-01-01');
  });
});
