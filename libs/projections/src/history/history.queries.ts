import {
  describeEvaluation,
  evaluationStream,
  foldEvaluation,
  type EvaluationContent,
  type EvaluationState,
  type EvaluationSummary,
  type EvaluationVersion,
} from '@hyoka/domain';
import type { ReadModels } from '../read-models.js';
import { fromJson, stmt } from '../sql.js';
import type { HistoryEntry, HistoryVersion } from './history.projection.js';

/** An evaluation's whole story: every event, every version, and where it stands. */
export interface EvaluationHistory {
  itemId: string;
  fiscalYear: number;
  stream: string;
  state: EvaluationState;
  summary: EvaluationSummary;
  /** revision of the stream's last event (send back as expectedVersion); null when the evaluation has not started */
  version: number | null;
  entries: HistoryEntry[];
  versions: HistoryVersion[];
}

/** Pure: the history value from its parts (shared by the live query and the as-of replay). */
export function composeHistory(
  itemId: string,
  fiscalYear: number,
  state: EvaluationState,
  entries: HistoryEntry[],
  versions: HistoryVersion[],
): EvaluationHistory {
  return {
    itemId,
    fiscalYear,
    stream: evaluationStream(itemId, fiscalYear),
    state,
    summary: describeEvaluation(state),
    version: entries.at(-1)?.revision ?? null,
    entries,
    versions,
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
  version_number: bigint | null;
  data: string;
}

/** The history of one evaluation (an empty one, NotStarted, when nothing was recorded for it). */
export function history(readModels: ReadModels, itemId: string, fiscalYear: number): EvaluationHistory {
  const { db } = readModels;
  const stream = evaluationStream(itemId, fiscalYear);
  const rows = stmt(db, `SELECT * FROM history_entries WHERE stream = ? ORDER BY revision`).safeIntegers(true).all(stream) as EntryRow[];
  const versionRows = stmt(db, `SELECT * FROM history_versions WHERE stream = ? ORDER BY version`).all(stream) as {
    version: number;
    kind: EvaluationVersion['kind'];
    by_user: string;
    by_name: string;
    at: string;
    content: string;
  }[];
  const entries: HistoryEntry[] = rows.map((r) => ({
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
      versionNumber: r.version_number === null ? null : Number(r.version_number),
      data: fromJson(r.data),
    }));
  // The whole state (comments, route, versions) is the domain's fold of the recorded events, whose data every entry
  // keeps as the projection applied it (upcast); the projection itself keeps only a compact state.
  const state = foldEvaluation(entries);
  return composeHistory(
    itemId,
    fiscalYear,
    state,
    entries,
    versionRows.map((v) => ({
      version: v.version,
      kind: v.kind,
      by: v.by_user,
      at: v.at,
      content: fromJson<EvaluationContent>(v.content),
      byName: v.by_name,
    })),
  );
}
