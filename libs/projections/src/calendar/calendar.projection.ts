import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import { emptyDueDates, type DueDates, type FiscalYearEvent } from '@hyoka/domain';
import type { Projection } from '../projection.js';
import { fromJson, stmt, toJson } from '../sql.js';

const FISCAL_YEAR_STREAM = /^fiscal-year-(\d+)$/;

const ddl = `
  CREATE TABLE IF NOT EXISTS calendar (
    fiscal_year INTEGER PRIMARY KEY,
    due_dates TEXT NOT NULL,
    set_by TEXT,
    set_at TEXT
  ) STRICT;
`;

/** The year's due dates (期限), per fiscal year: a year appears once opened, with no date until an administrator sets them. */
export const calendarProjection: Projection = {
  name: 'calendar',
  schemaVersion: 1,
  tables: ['calendar'],
  ddl,
  apply(db: Database.Database, recorded: RecordedEvent) {
    if (!FISCAL_YEAR_STREAM.test(recorded.stream)) return;
    const event = recorded as unknown as FiscalYearEvent;
    if (event.type === 'FiscalYearOpened') {
      stmt(db, `INSERT OR IGNORE INTO calendar (fiscal_year, due_dates) VALUES (?, ?)`).run(event.data.fiscalYear, toJson(emptyDueDates()));
    } else if (event.type === 'DueDatesSet') {
      const dueDates: DueDates = { ...emptyDueDates(), ...event.data.dueDates };
      stmt(
        db,
        `INSERT INTO calendar (fiscal_year, due_dates, set_by, set_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (fiscal_year) DO UPDATE SET due_dates = excluded.due_dates, set_by = excluded.set_by, set_at = excluded.set_at`,
      ).run(event.data.fiscalYear, toJson(dueDates), event.data.by, event.data.at);
    }
  },
};

export const parseDueDates = (text: string): DueDates => ({ ...emptyDueDates(), ...fromJson<Partial<DueDates>>(text) });
