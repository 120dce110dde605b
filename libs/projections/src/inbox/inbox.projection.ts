import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import type { Projection } from '../projection.js';
import { fromJson, stmt, toJson } from '../sql.js';
import { parseEvaluationStream } from '../streams.js';
import {
  evolveCompactEvaluation,
  initialCompactEvaluation,
  type CompactEvaluation,
} from '../shared/compact-evaluation.js';
import { HeldRows, inBatch, type ApplyBatch } from '../batch.js';

/** An evaluation as the inbox holds it: its (compact) state and since when it waits at its stage. */
export interface InboxEntry {
  itemId: string;
  fiscalYear: number;
  evaluation: CompactEvaluation;
  revision: number;
  /** when the evaluation entered its current stage */
  since: string;
}

/** Pure row logic: the inbox entry after one event of its evaluation stream (undefined for other streams). */
export function evolveInboxEntry(entry: InboxEntry | undefined, event: RecordedEvent): InboxEntry | undefined {
  const evaluation = parseEvaluationStream(event.stream);
  if (!evaluation) return entry;
  const before = entry?.evaluation ?? initialCompactEvaluation();
  return inboxEntryAfter(entry, evaluation, before, evolveCompactEvaluation(before, event), event);
}

function inboxEntryAfter(
  entry: InboxEntry | undefined,
  evaluation: { itemId: string; fiscalYear: number },
  before: CompactEvaluation,
  after: CompactEvaluation,
  event: RecordedEvent,
): InboxEntry {
  return {
    itemId: evaluation.itemId,
    fiscalYear: evaluation.fiscalYear,
    evaluation: after,
    revision: Number(event.revision),
    since: entry && after.state.status === before.state.status ? entry.since : event.metadata.occurredAt,
  };
}

/** Pure: the fiscal years opened so far, after one event. */
export function evolveOpenYears(years: readonly number[], event: Pick<RecordedEvent, 'type' | 'data'>): number[] {
  if (event.type !== 'FiscalYearOpened') return [...years];
  const fiscalYear = Number((event.data as { fiscalYear?: unknown }).fiscalYear);
  return years.includes(fiscalYear) ? [...years] : [...years, fiscalYear].sort();
}

const ddl = `
  CREATE TABLE IF NOT EXISTS inbox_evaluations (
    item_id TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    status TEXT NOT NULL,
    revision INTEGER NOT NULL,
    since TEXT NOT NULL,
    comment_count INTEGER NOT NULL,
    edition_count INTEGER NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (fiscal_year, item_id)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS inbox_evaluations_by_status ON inbox_evaluations (status);
  CREATE TABLE IF NOT EXISTS inbox_fiscal_years (
    fiscal_year INTEGER PRIMARY KEY
  ) STRICT;
`;

export interface InboxEntryRow {
  item_id: string;
  fiscal_year: number;
  revision: number;
  since: string;
  comment_count: number;
  edition_count: number;
  state: string;
}

export function inboxEntryFromRow(row: InboxEntryRow): InboxEntry {
  return {
    itemId: row.item_id,
    fiscalYear: row.fiscal_year,
    evaluation: {
      state: fromJson<CompactEvaluation['state']>(row.state),
      commentCount: row.comment_count,
      editionCount: row.edition_count,
    },
    revision: row.revision,
    since: row.since,
  };
}

function saveInboxEntry(db: Database.Database, entry: InboxEntry): void {
  stmt(
    db,
    `INSERT INTO inbox_evaluations (item_id, fiscal_year, status, revision, since, comment_count, edition_count, state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (fiscal_year, item_id) DO UPDATE SET status = excluded.status, revision = excluded.revision,
       since = excluded.since, comment_count = excluded.comment_count, edition_count = excluded.edition_count,
       state = excluded.state`,
  ).run(
    entry.itemId,
    entry.fiscalYear,
    entry.evaluation.state.status,
    entry.revision,
    entry.since,
    entry.evaluation.commentCount,
    entry.evaluation.editionCount,
    toJson(entry.evaluation.state),
  );
}

const openInboxPart = (db: Database.Database) =>
  new HeldRows<InboxEntry>(
    (stream) => {
      const { fiscalYear, itemId } = parseEvaluationStream(stream)!;
      const row = stmt(db, `SELECT * FROM inbox_evaluations WHERE fiscal_year = ? AND item_id = ?`).get(fiscalYear, itemId) as
        | InboxEntryRow
        | undefined;
      return row ? inboxEntryFromRow(row) : undefined;
    },
    (_, entry) => saveInboxEntry(db, entry),
  );

export const inboxProjection: Projection = {
  name: 'inbox',
  schemaVersion: 3,
  tables: ['inbox_evaluations', 'inbox_fiscal_years'],
  ddl,
  apply(db: Database.Database, event: RecordedEvent, batch?: ApplyBatch) {
    if (event.type === 'FiscalYearOpened') {
      for (const fiscalYear of evolveOpenYears([], event)) {
        stmt(db, `INSERT OR IGNORE INTO inbox_fiscal_years (fiscal_year) VALUES (?)`).run(fiscalYear);
      }
      return;
    }
    const evaluation = parseEvaluationStream(event.stream);
    if (!evaluation) return;
    inBatch(batch, 'inbox', () => openInboxPart(db), (entries, folds) => {
      const entry = entries.get(event.stream);
      const fold = folds.fold(entry?.evaluation ?? initialCompactEvaluation(), event);
      entries.set(event.stream, inboxEntryAfter(entry, evaluation, fold.before, fold.after, event));
    });
  },
};
