import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import { gradesOf } from '@hyoka/domain';
import type { Projection } from '../projection.js';
import { fromJson, stmt, toJson } from '../sql.js';
import { parseEvaluationStream } from '../streams.js';
import {
  evolveCompactEvaluation,
  initialCompactEvaluation,
  type CompactEvaluation,
} from '../shared/compact-evaluation.js';
import { ActorNameCache, actorNameOf, actorNamesDdl, type ActorNames } from '../shared/actor-names.js';
import { HeldRows, inBatch, type ApplyBatch } from '../batch.js';

/** One evaluation (item × year) as the board holds it: its (compact) state and who touched it last. */
export interface BoardEntry {
  itemId: string;
  fiscalYear: number;
  evaluation: CompactEvaluation;
  /** revision of the stream's last event: the version the UI sends back as expectedVersion */
  revision: number;
  lastActor: string;
  lastActorName: string;
  lastActingAs: string | null;
  lastActedAt: string;
}

/** Pure row logic: the board entry after one event of its evaluation stream (undefined for other streams). */
export function evolveBoardEntry(entry: BoardEntry | undefined, event: RecordedEvent, names: ActorNames): BoardEntry | undefined {
  const evaluation = parseEvaluationStream(event.stream);
  if (!evaluation) return entry;
  return entryAfter(evaluation, evolveCompactEvaluation(entry?.evaluation ?? initialCompactEvaluation(), event), event, names);
}

function entryAfter(
  evaluation: { itemId: string; fiscalYear: number },
  after: CompactEvaluation,
  event: RecordedEvent,
  names: ActorNames,
): BoardEntry {
  return {
    itemId: evaluation.itemId,
    fiscalYear: evaluation.fiscalYear,
    evaluation: after,
    revision: Number(event.revision),
    lastActor: event.metadata.actor,
    lastActorName: actorNameOf(names, event.metadata.actor),
    lastActingAs: event.metadata.actingAs ?? null,
    lastActedAt: event.metadata.occurredAt,
  };
}

const ddl = `
  CREATE TABLE IF NOT EXISTS board_evaluations (
    item_id TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    status TEXT NOT NULL,
    self_grade TEXT,
    proposed_grade TEXT,
    final_grade TEXT,
    revision INTEGER NOT NULL,
    last_actor TEXT NOT NULL,
    last_actor_name TEXT NOT NULL,
    last_acting_as TEXT,
    last_acted_at TEXT NOT NULL,
    comment_count INTEGER NOT NULL,
    edition_count INTEGER NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (fiscal_year, item_id)
  ) STRICT;
  ${actorNamesDdl('board_actors')}
`;

interface EntryRow {
  item_id: string;
  fiscal_year: number;
  revision: number;
  last_actor: string;
  last_actor_name: string;
  last_acting_as: string | null;
  last_acted_at: string;
  comment_count: number;
  edition_count: number;
  state: string;
}

export function entryFromRow(row: EntryRow): BoardEntry {
  return {
    itemId: row.item_id,
    fiscalYear: row.fiscal_year,
    evaluation: {
      state: fromJson<CompactEvaluation['state']>(row.state),
      commentCount: row.comment_count,
      editionCount: row.edition_count,
    },
    revision: row.revision,
    lastActor: row.last_actor,
    lastActorName: row.last_actor_name,
    lastActingAs: row.last_acting_as,
    lastActedAt: row.last_acted_at,
  };
}

function saveEntry(db: Database.Database, entry: BoardEntry): void {
  const grades = gradesOf(entry.evaluation.state);
  stmt(
    db,
    `INSERT INTO board_evaluations (item_id, fiscal_year, status, self_grade, proposed_grade, final_grade, revision,
       last_actor, last_actor_name, last_acting_as, last_acted_at, comment_count, edition_count, state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (fiscal_year, item_id) DO UPDATE SET status = excluded.status, self_grade = excluded.self_grade,
       proposed_grade = excluded.proposed_grade, final_grade = excluded.final_grade, revision = excluded.revision,
       last_actor = excluded.last_actor, last_actor_name = excluded.last_actor_name,
       last_acting_as = excluded.last_acting_as, last_acted_at = excluded.last_acted_at,
       comment_count = excluded.comment_count, edition_count = excluded.edition_count, state = excluded.state`,
  ).run(
    entry.itemId,
    entry.fiscalYear,
    entry.evaluation.state.status,
    grades.self,
    grades.proposed,
    grades.final,
    entry.revision,
    entry.lastActor,
    entry.lastActorName,
    entry.lastActingAs,
    entry.lastActedAt,
    entry.evaluation.commentCount,
    entry.evaluation.editionCount,
    toJson(entry.evaluation.state),
  );
}

function openBoardPart(db: Database.Database) {
  const names = new ActorNameCache(db, 'board_actors');
  const entries = new HeldRows<BoardEntry>(
    (stream) => {
      const { fiscalYear, itemId } = parseEvaluationStream(stream)!;
      const row = stmt(db, `SELECT * FROM board_evaluations WHERE fiscal_year = ? AND item_id = ?`).get(fiscalYear, itemId) as
        | EntryRow
        | undefined;
      return row ? entryFromRow(row) : undefined;
    },
    (_, entry) => saveEntry(db, entry),
  );
  return { names, entries, flush: () => entries.flush() };
}

export const boardProjection: Projection = {
  name: 'board',
  schemaVersion: 3,
  tables: ['board_evaluations', 'board_actors'],
  ddl,
  apply(db: Database.Database, event: RecordedEvent, batch?: ApplyBatch) {
    inBatch(batch, 'board', () => openBoardPart(db), ({ names, entries }, folds) => {
      names.save(event);
      const evaluation = parseEvaluationStream(event.stream);
      if (!evaluation) return;
      const before = entries.get(event.stream);
      const fold = folds.fold(before?.evaluation ?? initialCompactEvaluation(), event);
      entries.set(event.stream, entryAfter(evaluation, fold.after, event, names.load([event.metadata.actor])));
    });
  },
};
