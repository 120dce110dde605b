import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import {
  catalogueStream,
  evolveCatalogue,
  evolveFiscalYear,
  initialCatalogueState,
  initialFiscalYearState,
  type CatalogueState,
  type Thresholds,
} from '@hyoka/domain';
import type { Projection } from '../projection.js';
import { fromJson, stmt, toJson } from '../sql.js';

/** A fiscal year opened for evaluation, with the thresholds that grade it. */
export interface OpenFiscalYearRow {
  fiscalYear: number;
  thresholds: Thresholds;
  openedAt: string;
  openedBy: string;
}

const ddl = `
  CREATE TABLE IF NOT EXISTS plan_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    position INTEGER NOT NULL,
    state TEXT NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS plan_revisions (
    position INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    -- the revision's subject: the item, or the 部, 会議体 or 部門 of an organisation revision
    item_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    data TEXT NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS plan_fiscal_years (
    fiscal_year INTEGER PRIMARY KEY,
    thresholds TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    opened_by TEXT NOT NULL
  ) STRICT;
`;

/** Pure: the fiscal year an event opens, if it opens one. */
export function fiscalYearOpenedBy(event: RecordedEvent): OpenFiscalYearRow | undefined {
  const state = evolveFiscalYear(initialFiscalYearState(), event);
  if (state.status !== 'Open') return undefined;
  return { fiscalYear: state.fiscalYear, thresholds: state.thresholds, openedAt: state.openedAt, openedBy: event.metadata.actor };
}

export function loadCatalogueState(db: Database.Database): { state: CatalogueState; position: bigint } {
  const row = stmt(db, `SELECT position, state FROM plan_state WHERE id = 1`).safeIntegers(true).get() as
    | { position: bigint; state: string }
    | undefined;
  return row ? { state: fromJson<CatalogueState>(row.state), position: row.position } : { state: initialCatalogueState(), position: 0n };
}

export const planProjection: Projection = {
  name: 'plan',
  schemaVersion: 1,
  tables: ['plan_state', 'plan_revisions', 'plan_fiscal_years'],
  ddl,
  apply(db: Database.Database, event: RecordedEvent) {
    const opened = fiscalYearOpenedBy(event);
    if (opened) {
      stmt(
        db,
        `INSERT INTO plan_fiscal_years (fiscal_year, thresholds, opened_at, opened_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (fiscal_year) DO NOTHING`,
      ).run(opened.fiscalYear, toJson(opened.thresholds), opened.openedAt, opened.openedBy);
      return;
    }
    if (event.stream !== catalogueStream()) return;
    const { state: before } = loadCatalogueState(db);
    const state = evolveCatalogue(before, event);
    if (state === before) return;
    stmt(
      db,
      `INSERT INTO plan_state (id, position, state) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET position = excluded.position, state = excluded.state`,
    ).run(event.position, toJson(state));
    if (state.status === 'Imported' && before.status === 'Imported' && state.revisions.length > before.revisions.length) {
      const revision = state.revisions.at(-1)!;
      stmt(
        db,
        `INSERT INTO plan_revisions (position, type, item_id, reason, approved_by, actor, at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        event.position,
        revision.type,
        revision.subjectId,
        revision.reason,
        revision.approvedBy,
        event.metadata.actor,
        revision.at,
        toJson(event.data),
      );
    }
  },
};
