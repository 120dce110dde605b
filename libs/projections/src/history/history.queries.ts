import {
  describeEvaluation,
  evaluationStream,
  foldEvaluation,
  type EvaluationContent,
  type EvaluationState,
  type EvaluationSummary,
  type EvaluationEdition,
} from '@hyoka/domain';
import type { ReadModels } from '../read-models.js';
import { fromJson, stmt } from '../sql.js';
import type { HistoryEntry, HistoryEdition } from './history.projection.js';

/** An evaluation's whole story: every event, every edition (第n版), and where it stands. */
export interface EvaluationHistory {
  itemId: string;
  fiscalYear: number;
  stream: string;
  state: EvaluationState;
  summary: EvaluationSummary;
  /** revision of the stream's last event (send back as expectedVersion); null when the evaluation has not started */
  version: number | null;
  entries: HistoryEntry[];
  editions: HistoryEdition[];
}

/** Pure: the history value from its parts (shared by the live query and the as-of replay). */
export function composeHistory(
  itemId: string,
  fiscalYear: number,
  state: EvaluationState,
  entries: HistoryEntry[],
  editions: HistoryEdition[],
): EvaluationHistory {
  return {
    itemId,
    fiscalYear,
    stream: evaluationStream(itemId, fiscalYear),
    state,
    summary: describeEvaluation(state),
    version: entries.at(-1)?.revision ?? null,
    entries,
    editions,
  };
}

interface EntryRow {
  position: bigint;
  revision: bigint;
  type: string;
  actor: string;
  actor_name: string;
  acting_as: string | null;
  occurred_at: string;
  recorded_at: string;
  stage_before: HistoryEntry['stageBefore'];
  stage_after: HistoryEntry['stageAfter'];
  reason: string | null;
  comment: string | null;
  edition_number: bigint | null;
  data: string;
}

const toEntry = (r: EntryRow): HistoryEntry => ({
  position: r.position,
  revision: Number(r.revision),
  type: r.type,
  actor: r.actor,
  actorName: r.actor_name,
  actingAs: r.acting_as,
  occurredAt: r.occurred_at,
  recordedAt: r.recorded_at,
  stageBefore: r.stage_before,
  stageAfter: r.stage_after,
  reason: r.reason,
  comment: r.comment,
  editionNumber: r.edition_number === null ? null : Number(r.edition_number),
  data: fromJson(r.data),
});

/** The history of one evaluation (an empty one, NotStarted, when nothing was recorded for it). */
export function history(readModels: ReadModels, itemId: string, fiscalYear: number): EvaluationHistory {
  const { db } = readModels;
  const stream = evaluationStream(itemId, fiscalYear);
  const rows = stmt(db, `SELECT * FROM history_entries WHERE stream = ? ORDER BY revision`).safeIntegers(true).all(stream) as EntryRow[];
  const editionRows = stmt(db, `SELECT * FROM history_editions WHERE stream = ? ORDER BY edition`).all(stream) as {
    edition: number;
    kind: EvaluationEdition['kind'];
    by_user: string;
    by_name: string;
    at: string;
    content: string;
  }[];
  const entries: HistoryEntry[] = rows.map(toEntry);
  // The whole state (comments, route, editions) is the domain's fold of the recorded events, whose data every entry
  // keeps as the projection applied it (upcast); the projection itself keeps only a compact state.
  const state = foldEvaluation(entries);
  return composeHistory(
    itemId,
    fiscalYear,
    state,
    entries,
    editionRows.map((e) => ({
      edition: e.edition,
      kind: e.kind,
      by: e.by_user,
      at: e.at,
      content: fromJson<EvaluationContent>(e.content),
      byName: e.by_name,
    })),
  );
}

/** One page of an evaluation's history, newest first: the entries before `beforeRevision` (all when null). */
export function historyPage(
  readModels: ReadModels,
  stream: string,
  first: number,
  beforeRevision: number | null,
): { entries: HistoryEntry[]; hasNextPage: boolean } {
  const rows = stmt(readModels.db, `SELECT * FROM history_entries WHERE stream = ? AND revision < ? ORDER BY revision DESC LIMIT ?`)
    .safeIntegers(true)
    .all(stream, beforeRevision ?? Number.MAX_SAFE_INTEGER, first + 1) as EntryRow[];
  return { entries: rows.slice(0, first).map(toEntry), hasNextPage: rows.length > first };
}

/** How many events an evaluation's history holds up to `revision` (all when null). */
export function historyCount(readModels: ReadModels, stream: string, revision: number | null = null): number {
  const row = stmt(readModels.db, `SELECT COUNT(*) AS n FROM history_entries WHERE stream = ? AND revision <= ?`).get(
    stream,
    revision ?? Number.MAX_SAFE_INTEGER,
  ) as { n: number };
  return row.n;
}

/** An evaluation's recorded events after `afterRevision` (all when null), oldest first: to fold onto a state held at that revision. */
export function historyEventsAfter(
  readModels: ReadModels,
  stream: string,
  afterRevision: number | null,
): { revision: number; type: string; data: Record<string, unknown>; actor: string; actorName: string }[] {
  const rows = stmt(
    readModels.db,
    `SELECT revision, type, data, actor, actor_name FROM history_entries WHERE stream = ? AND revision > ? ORDER BY revision`,
  ).all(stream, afterRevision ?? -1) as { revision: number; type: string; data: string; actor: string; actor_name: string }[];
  return rows.map((r) => ({ revision: r.revision, type: r.type, data: fromJson(r.data), actor: r.actor, actorName: r.actor_name }));
}
