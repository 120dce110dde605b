import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import { isStarted, evolveEvaluation, type EvaluationState, type EvaluationStatus, type EvaluationEdition } from '@hyoka/domain';
import type { Projection } from '../projection.js';
import { fromJson, stmt, toJson } from '../sql.js';
import { parseEvaluationStream } from '../streams.js';
import { initialCompactEvaluation, type CompactEvaluation } from '../shared/compact-evaluation.js';
import { ActorNameCache, actorNameOf, actorNamesDdl, type ActorNames } from '../shared/actor-names.js';
import { HeldRows, inBatch, type ApplyBatch } from '../batch.js';

/** One event of an evaluation's history: who, as what, when, and how the stage moved. */
export interface HistoryEntry {
  position: bigint;
  revision: number;
  type: string;
  actor: string;
  /** the actor's display name when the event was recorded */
  actorName: string;
  actingAs: string | null;
  occurredAt: string;
  recordedAt: string;
  stageBefore: EvaluationStatus;
  stageAfter: EvaluationStatus;
  /** the reason of a return, reopen or grade change; null when the event has none */
  reason: string | null;
  /** the text of a comment, a reply to one, or an 意見 */
  comment: string | null;
  /** the edition (第n版) the event snapshotted (submission, proposal, decision); null for the others */
  editionNumber: number | null;
  data: Record<string, unknown>;
}

/** An edition: the evaluation's content at a move up the route, for comparing editions around a return. */
export interface HistoryEdition extends EvaluationEdition {
  byName: string;
}

/** The events that record what someone said: a comment, a reply to one, an 意見. */
const SPOKEN = new Set(['EvaluationCommented', 'CommentReplied', 'OpinionAdded']);

/** What the history keeps of an entry beyond the event itself: the name of its actor then, and the stage it moved. */
export interface HistoryEntryFacts {
  actorName: string;
  stageBefore: EvaluationStatus;
  stageAfter: EvaluationStatus;
  editionNumber: number | null;
}

/** Pure: the history entry of an (upcast) evaluation event with what the history kept of it. */
export function historyEntryOf(
  event: Pick<RecordedEvent, 'position' | 'revision' | 'type' | 'data' | 'metadata' | 'recordedAt'>,
  facts: HistoryEntryFacts,
): HistoryEntry {
  const data = event.data as Record<string, unknown>;
  return {
    position: event.position,
    revision: Number(event.revision),
    type: event.type,
    actor: event.metadata.actor,
    actorName: facts.actorName,
    actingAs: event.metadata.actingAs ?? (typeof data.actingAs === 'string' ? data.actingAs : null),
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    stageBefore: facts.stageBefore,
    stageAfter: facts.stageAfter,
    reason: typeof data.reason === 'string' ? data.reason : null,
    comment: SPOKEN.has(event.type) && typeof data.text === 'string' ? data.text : null,
    editionNumber: facts.editionNumber,
    data,
  };
}

/** Pure row logic: the history entry of an evaluation event and the state after it. */
export function historyStep(
  before: EvaluationState,
  event: RecordedEvent,
  names: ActorNames,
  state: EvaluationState = evolveEvaluation(before, event),
): { state: EvaluationState; entry: HistoryEntry; newEditions: HistoryEdition[] } {
  const beforeCount = isStarted(before) ? before.editions.length : 0;
  const editions = isStarted(state) ? state.editions.slice(beforeCount) : [];
  const entry = historyEntryOf(event, {
    actorName: actorNameOf(names, event.metadata.actor),
    stageBefore: before.status,
    stageAfter: state.status,
    editionNumber: editions.at(-1)?.edition ?? null,
  });
  return {
    state,
    entry,
    newEditions: editions.map((e) => ({ ...e, byName: actorNameOf(names, e.by) })),
  };
}

const ddl = `
  -- keyed by position (rows are appended in position order); one index to read a stream's entries by revision. The event
  -- itself (type, metadata, data) is read from the store by position when the history is read (docs/design.md)
  CREATE TABLE IF NOT EXISTS history_entries (
    position INTEGER PRIMARY KEY,
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    actor_name TEXT NOT NULL,
    stage_before TEXT NOT NULL,
    stage_after TEXT NOT NULL,
    edition_number INTEGER
  ) STRICT;
  CREATE UNIQUE INDEX IF NOT EXISTS history_entries_by_stream ON history_entries (stream, revision);
  CREATE TABLE IF NOT EXISTS history_editions (
    stream TEXT NOT NULL,
    edition INTEGER NOT NULL,
    kind TEXT NOT NULL,
    by_user TEXT NOT NULL,
    by_name TEXT NOT NULL,
    at TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (stream, edition)
  ) STRICT;
  -- each evaluation's compact state (CompactEvaluation as JSON): the stage before the next event, the editions it adds
  CREATE TABLE IF NOT EXISTS history_states (
    stream TEXT PRIMARY KEY,
    state TEXT NOT NULL
  ) STRICT;
  ${actorNamesDdl('history_actors')}
`;

function openHistoryPart(db: Database.Database) {
  const names = new ActorNameCache(db, 'history_actors');
  const states = new HeldRows<CompactEvaluation>(
    (stream) => {
      const stored = stmt(db, `SELECT state FROM history_states WHERE stream = ?`).get(stream) as { state: string } | undefined;
      return stored ? fromJson<CompactEvaluation>(stored.state) : undefined;
    },
    (stream, state) =>
      stmt(
        db,
        `INSERT INTO history_states (stream, state) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET state = excluded.state`,
      ).run(stream, toJson(state)),
  );
  return { names, states, flush: () => states.flush() };
}

export const historyProjection: Projection = {
  name: 'history',
  schemaVersion: 5,
  tables: ['history_entries', 'history_editions', 'history_states', 'history_actors'],
  retiredTables: ['history_versions'],
  rebuildIndexes: ['history_entries_by_stream'],
  ddl,
  apply(db: Database.Database, event: RecordedEvent, batch?: ApplyBatch) {
    inBatch(batch, 'history', () => openHistoryPart(db), ({ names, states }, folds) => {
      names.save(event);
      if (!parseEvaluationStream(event.stream)) return;
      const fold = folds.fold(states.get(event.stream) ?? initialCompactEvaluation(), event);
      const known = names.load([event.metadata.actor, ...editionAuthors(event)]);
      const { entry, newEditions } = historyStep(fold.before.state, event, known, fold.next);
      stmt(
        db,
        `INSERT INTO history_entries (position, stream, revision, actor_name, stage_before, stage_after, edition_number)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(entry.position, event.stream, entry.revision, entry.actorName, entry.stageBefore, entry.stageAfter, entry.editionNumber);
      for (const e of newEditions) {
        stmt(
          db,
          `INSERT INTO history_editions (stream, edition, kind, by_user, by_name, at, content) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(event.stream, e.edition, e.kind, e.by, e.byName, e.at, toJson(e.content));
      }
      states.set(event.stream, fold.after);
    });
  },
};

/** The user an edition names (`data.by`), which is the event's actor in practice. */
function editionAuthors(event: RecordedEvent): string[] {
  const by = (event.data as { by?: unknown }).by;
  return typeof by === 'string' ? [by] : [];
}
