import { invalid, requireObject } from '../shared/validation.js';
import { ValidationError } from '../shared/errors.js';
import { routeRow, type EvaluationStatus } from '../evaluation/route.js';

/**
 * The year's calendar (期限): the due dates an administrator sets per fiscal year, in the order the work reaches them
 * along the route. Each route row names the key that applies while an evaluation waits at its stage (`due`).
 */
export const CALENDAR_KEYS = ['planSubmission', 'planApproval', 'selfEvaluation', 'promotionMeeting', 'managersMeeting', 'committee'] as const;
export type CalendarKey = (typeof CALENDAR_KEYS)[number];

export const CALENDAR_LABELS: Readonly<Record<CalendarKey, string>> = {
  planSubmission: '単年度計画の提出',
  planApproval: '単年度計画の承認',
  selfEvaluation: '自己評価の提出',
  promotionMeeting: '推進会議の審査',
  managersMeeting: '管理職会議の審査',
  committee: '評価検証委員会の審査',
};

/** A due date is a JST calendar date `YYYY-MM-DD`; null: not set. */
export type DueDates = Readonly<Record<CalendarKey, string | null>>;

export const emptyDueDates = (): Record<CalendarKey, string | null> =>
  Object.fromEntries(CALENDAR_KEYS.map((key) => [key, null])) as Record<CalendarKey, string | null>;

export const isCalendarKey = (value: unknown): value is CalendarKey =>
  typeof value === 'string' && (CALENDAR_KEYS as readonly string[]).includes(value);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const JST_OFFSET_MS = 9 * 3_600_000;

/** Days since 1970-01-01 of a calendar date, or null when it is no real date (2026-02-30). */
function dayNumber(date: string): number | null {
  const match = DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

/** The JST calendar date (YYYY-MM-DD) of an instant. */
export function jstDate(instant: string | Date): string {
  const ms = (typeof instant === 'string' ? Date.parse(instant) : instant.getTime()) + JST_OFFSET_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * How many JST calendar days the work is past its due date at `now`: 0 on the due day itself, 1 from the JST day
 * after it, negative while days remain (-5: 期限まで5日).
 */
export function overdueDays(dueDate: string, now: string | Date): number {
  const due = dayNumber(dueDate);
  if (due === null) throw new Error(`not a calendar date: ${dueDate}`);
  return dayNumber(jstDate(now))! - due;
}

/** The key of the calendar that applies while an evaluation waits at this stage (null at the end of the route). */
export const dueKeyOf = (status: EvaluationStatus): CalendarKey | null => routeRow(status).due;

/** The due date that applies while an evaluation waits at this stage, or null when none is set. */
export function dueDateFor(calendar: Partial<DueDates> | null | undefined, status: EvaluationStatus): string | null {
  const key = dueKeyOf(status);
  return key === null ? null : (calendar?.[key] ?? null);
}

/** 期限まで5日 / 本日が期限 / 期限を3日超過 */
export function describeDue(days: number): string {
  if (days > 0) return `期限を${days}日超過`;
  if (days === 0) return '本日が期限';
  return `期限まで${-days}日`;
}

/**
 * Validates the due dates of a SetDueDates command against the year and the dates already set: each given key is a
 * real date within the fiscal year (4月1日〜翌年3月31日) or null (cleared); keys not given keep their date. The
 * resulting calendar must keep the route's order (承認 not before 提出, and so on).
 */
export function mergeDueDates(fiscalYear: number, current: DueDates, input: unknown): Record<CalendarKey, string | null> {
  const given = requireObject(input, 'dueDates');
  const unknown = Object.keys(given).filter((key) => !isCalendarKey(key));
  if (unknown.length > 0) throw invalid('dueDates', `「期限」に不明な項目があります: ${unknown.join(', ').slice(0, 100)}`);
  const first = Date.UTC(fiscalYear, 3, 1) / DAY_MS;
  const last = Date.UTC(fiscalYear + 1, 2, 31) / DAY_MS;
  const merged = { ...current };
  for (const key of CALENDAR_KEYS) {
    if (!Object.hasOwn(given, key) || given[key] === undefined) continue;
    const value = given[key];
    if (value === null || value === '') {
      merged[key] = null;
      continue;
    }
    const day = typeof value === 'string' ? dayNumber(value) : null;
    if (day === null) throw invalid('dueDates', `「${CALENDAR_LABELS[key]}」の期限は実在する日付(YYYY-MM-DD)で指定してください`);
    if (day < first || day > last) {
      throw invalid('dueDates', `「${CALENDAR_LABELS[key]}」の期限は${fiscalYear}年4月1日〜${fiscalYear + 1}年3月31日の間で指定してください`);
    }
    merged[key] = value as string;
  }
  let previous: CalendarKey | null = null;
  for (const key of CALENDAR_KEYS) {
    const date = merged[key];
    if (date === null) continue;
    if (previous !== null && date < merged[previous]!) {
      throw new ValidationError(
        `「${CALENDAR_LABELS[key]}」の期限(${date})は「${CALENDAR_LABELS[previous]}」の期限(${merged[previous]})より前にはできません`,
        { field: 'dueDates', label: '期限' },
      );
    }
    previous = key;
  }
  return merged;
}
