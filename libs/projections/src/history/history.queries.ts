import {
  describeEvaluation,
  evaluationStream,
  foldEvaluation,
  type EvaluationContent,
  type EvaluationState,
  type EvaluationSummary,
  type EvaluationEdition,
  upcast,
} from '@hyoka/domain';
import type { ReadModels } from '../read-models.js';
import { fromJson, stmt } from '../sql.js';
import { historyEntryOf, type HistoryEntry, type HistoryEdition } from './history.projection.js';

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
  actor_name: string;
  stage_before: HistoryEntry['stageBefore'];
  stage_after: HistoryEntry['stageAfter'];
  edition_number: bigint | null;
}

const ENTRY_COLUMNS = 'position, actor_name, stage_before, stage_after, edition_number';

/**
 * The entries of these rows, with their events read from the store in one read. The data is upcast as the
 * projection applied it, so an entry reads the same whichever version of an event's schema was recorded.
 */
async function toEntries(readModels: ReadModels, rows: readonly EntryRow[]): Promise<HistoryEntry[]> {
  const events = await readModels.eventsAt(rows.map((r) => r.position));
  return rows.map((r) =>
    historyEntryOf(upcast(events.get(r.position)!), {
      actorName: r.actor_name,
      stageBefore: r.stage_before,
      stageAfter: r.stage_after,
      editionNumber: r.edition_number === null ? null : Number(r.edition_number),
    }),
  );
}

/** The history of one evaluation (an empty one, NotStarted, when nothing was recorded for it). */
export async function history(readModels: ReadModels, itemId: string, fiscalYear: number): Promise<EvaluationHistory> {
  const { db } = readModels;
  const stream = evaluationStream(itemId, fiscalYear);
  const rows = stmt(db, `SELECT ${ENTRY_COLUMNS} FROM history_entries WHERE stream = ? ORDER BY revision`).safeIntegers(true).all(stream) as EntryRow[];
  const editionRows = stmt(db, `SELECT * FROM history_editions WHERE stream = ? ORDER BY edition`).all(stream) as {
    edition: number;
    kind: EvaluationEdition['kind'];
    by_user: string;
    by_name: string;
    at: string;
    content: string;
  }[];
  const entries = await toEntries(readModels, rows);
  // The whole state (comments, route, editions) is the domain's fold of the recorded events (upcast, as the projection
  // applied them); the projection itself keeps only a compact state.
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
export async function historyPage(
  readModels: ReadModels,
  stream: string,
  first: number,
  beforeRevision: number | null,
): Promise<{ entries: HistoryEntry[]; hasNextPage: boolean }> {
  const rows = stmt(readModels.db, `SELECT ${ENTRY_COLUMNS} FROM history_entries WHERE stream = ? AND revision < ? ORDER BY revision DESC LIMIT ?`)
    .safeIntegers(true)
    .all(stream, beforeRevision ?? Number.MAX_SAFE_INTEGER, first + 1) as EntryRow[];
  return { entries: await toEntries(readModels, rows.slice(0, first)), hasNextPage: rows.length > first };
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
export async function historyEventsAfter(
  readModels: ReadModels,
  stream: string,
  afterRevision: number | null,
): Promise<{ revision: number; type: string; data: Record<string, unknown>; actor: string; actorName: string }[]> {
  const rows = stmt(
    readModels.db,
    `SELECT position, actor_name FROM history_entries WHERE stream = ? AND revision > ? ORDER BY revision`,
  )
    .safeIntegers(true)
    .all(stream, afterRevision ?? -1) as { position: bigint; actor_name: string }[];
  const events = await readModels.eventsAt(rows.map((r) => r.position));
  return rows.map((r) => {
    const event = upcast(events.get(r.position)!);
    return { revision: Number(event.revision), type: event.type, data: event.data, actor: event.metadata.actor, actorName: r.actor_name };
  });
}
