import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import { isStarted, evolveEvaluation, type EvaluationState, type EvaluationStatus, type EvaluationVersion } from '@hyoka/domain';
import type { Projection } from '../projection.js';
import { fromJson, stmt, toJson } from '../sql.js';
import { parseEvaluationStream } from '../streams.js';
import { compactAfter, initialCompactEvaluation, type CompactEvaluation } from '../shared/compact-evaluation.js';
import { actorNameOf, actorNamesDdl, loadActorNames, saveActorNames, type ActorNames } from '../shared/actor-names.js';

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
  /** a comment's text */
  comment: string | null;
  /** the version the event snapshotted (submission, proposal, decision); null for the others */
  versionNumber: number | null;
  data: Record<string, unknown>;
}

/** A snapshot of the evaluation's content at a move up the route, for comparing versions around a return. */
export interface HistoryVersion extends EvaluationVersion {
  byName: string;
}

/** Pure row logic: the history entry of an evaluation event and the state after it. */
export function historyStep(
  before: EvaluationState,
  event: RecordedEvent,
  names: ActorNames,
): { state: EvaluationState; entry: HistoryEntry; newVersions: HistoryVersion[] } {
  const state = evolveEvaluation(before, event);
  const beforeCount = isStarted(before) ? before.versions.length : 0;
  const versions = isStarted(state) ? state.versions.slice(beforeCount) : [];
  const data = event.data as Record<string, unknown>;
  const entry: HistoryEntry = {
    position: event.position,
    revision: Number(event.revision),
    type: event.type,
    actor: event.metadata.actor,
    actorName: actorNameOf(names, event.metadata.actor),
    actingAs: event.metadata.actingAs ?? (typeof data.actingAs === 'string' ? data.actingAs : null),
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    stageBefore: before.status,
    stageAfter: state.status,
    reason: typeof data.reason === 'string' ? data.reason : null,
    comment: event.type === 'EvaluationCommented' && typeof data.text === 'string' ? data.text : null,
    versionNumber: versions.at(-1)?.version ?? null,
    data,
  };
  return {
    state,
    entry,
    newVersions: versions.map((v) => ({ ...v, byName: actorNameOf(names, v.by) })),
  };
}

const ddl = `
  CREATE TABLE IF NOT EXISTS history_entries (
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    position INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    type TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    acting_as TEXT,
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    stage_before TEXT NOT NULL,
    stage_after TEXT NOT NULL,
    reason TEXT,
    comment TEXT,
    version_number INTEGER,
    data TEXT NOT NULL,
    PRIMARY KEY (stream, revision)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS history_entries_by_item ON history_entries (item_id, fiscal_year, position);
  CREATE TABLE IF NOT EXISTS history_versions (
    stream TEXT NOT NULL,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    by_user TEXT NOT NULL,
    by_name TEXT NOT NULL,
    at TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (stream, version)
  ) STRICT;
  -- each evaluation's compact state (CompactEvaluation as JSON): the stage before the next event, the versions it adds
  CREATE TABLE IF NOT EXISTS history_states (
    stream TEXT PRIMARY KEY,
    state TEXT NOT NULL
  ) STRICT;
  ${actorNamesDdl('history_actors')}
`;

export const historyProjection: Projection = {
  name: 'history',
  schemaVersion: 2,
  tables: ['history_entries', 'history_versions', 'history_states', 'history_actors'],
  ddl,
  apply(db: Database.Database, event: RecordedEvent) {
    saveActorNames(db, 'history_actors', event);
    const evaluation = parseEvaluationStream(event.stream);
    if (!evaluation) return;
    const stored = stmt(db, `SELECT state FROM history_states WHERE stream = ?`).get(event.stream) as
      | { state: string }
      | undefined;
    const before = stored ? fromJson<CompactEvaluation>(stored.state) : initialCompactEvaluation();
    const names = loadActorNames(db, 'history_actors', [event.metadata.actor, ...versionAuthors(event)]);
    const { state, entry, newVersions } = historyStep(before.state, event, names);
    stmt(
      db,
      `INSERT INTO history_entries (stream, revision, position, item_id, fiscal_year, type, actor, actor_name, acting_as,
         occurred_at, recorded_at, stage_before, stage_after, reason, comment, version_number, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      event.stream,
      entry.revision,
      entry.position,
      evaluation.itemId,
      evaluation.fiscalYear,
      entry.type,
      entry.actor,
      entry.actorName,
      entry.actingAs,
      entry.occurredAt,
      entry.recordedAt,
      entry.stageBefore,
      entry.stageAfter,
      entry.reason,
      entry.comment,
      entry.versionNumber,
      toJson(entry.data),
    );
    const insertVersion = stmt(
      db,
      `INSERT INTO history_versions (stream, version, kind, by_user, by_name, at, content) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const v of newVersions) insertVersion.run(event.stream, v.version, v.kind, v.by, v.byName, v.at, toJson(v.content));
    stmt(
      db,
      `INSERT INTO history_states (stream, state) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET state = excluded.state`,
    ).run(event.stream, toJson(compactAfter(before, state)));
  },
};

/** The user a version snapshot names (`data.by`), which is the event's actor in practice. */
function versionAuthors(event: RecordedEvent): string[] {
  const by = (event.data as { by?: unknown }).by;
  return typeof by === 'string' ? [by] : [];
}
