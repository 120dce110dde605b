import type { DueDates } from '@hyoka/domain';
import type { ReadModels } from '../read-models.js';
import { stmt } from '../sql.js';
import { parseDueDates } from './calendar.projection.js';

/** One year's calendar: its due dates and who set them last (null until set). */
export interface YearCalendar {
  fiscalYear: number;
  dueDates: DueDates;
  setBy: string | null;
  setAt: string | null;
}

interface CalendarRow {
  fiscal_year: number;
  due_dates: string;
  set_by: string | null;
  set_at: string | null;
}

/** The calendar of an opened year; null for a year not opened. */
export function calendar(readModels: ReadModels, fiscalYear: number): YearCalendar | null {
  const row = stmt(readModels.db, `SELECT * FROM calendar WHERE fiscal_year = ?`).get(fiscalYear) as CalendarRow | undefined;
  return row ? { fiscalYear: row.fiscal_year, dueDates: parseDueDates(row.due_dates), setBy: row.set_by, setAt: row.set_at } : null;
}

/** The due dates of every opened year (fiscal year → due dates): what the inbox and the board read. */
export function dueDatesByYear(readModels: ReadModels): Map<number, DueDates> {
  const rows = stmt(readModels.db, `SELECT fiscal_year, due_dates FROM calendar`).all() as Pick<CalendarRow, 'fiscal_year' | 'due_dates'>[];
  return new Map(rows.map((row) => [row.fiscal_year, parseDueDates(row.due_dates)]));
}
