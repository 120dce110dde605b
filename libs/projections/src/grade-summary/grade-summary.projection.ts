import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import { isFinal, gradesOf, type Grade } from '@hyoka/domain';
import type { Projection } from '../projection.js';
import { fromJson, stmt, toJson } from '../sql.js';
import { parseEvaluationStream } from '../streams.js';
import {
  evolveCompactEvaluation,
  initialCompactEvaluation,
  type CompactEvaluation,
} from '../shared/compact-evaluation.js';
import { HeldRows, inBatch, type ApplyBatch } from '../batch.js';

/** An evaluation as the grade summary counts it. */
export interface GradedEvaluation {
  itemId: string;
  fiscalYear: number;
  evaluation: CompactEvaluation;
  selfGrade: Grade | null;
  /** the 総合評価, counted only once the evaluation is finalised (a reopened one is not) */
  finalGrade: Grade | null;
}

/** Pure row logic: the graded evaluation after one event of its stream (undefined for other streams). */
export function evolveGradedEvaluation(entry: GradedEvaluation | undefined, event: RecordedEvent): GradedEvaluation | undefined {
  const evaluation = parseEvaluationStream(event.stream);
  if (!evaluation) return entry;
  return gradedAfter(evaluation, evolveCompactEvaluation(entry?.evaluation ?? initialCompactEvaluation(), event));
}

function gradedAfter(evaluation: { itemId: string; fiscalYear: number }, after: CompactEvaluation): GradedEvaluation {
  const state = after.state;
  const grades = gradesOf(state);
  return {
    itemId: evaluation.itemId,
    fiscalYear: evaluation.fiscalYear,
    evaluation: after,
    selfGrade: grades.self,
    finalGrade: isFinal(state.status) ? grades.final : null,
  };
}

const ddl = `
  CREATE TABLE IF NOT EXISTS grade_summary_evaluations (
    item_id TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    status TEXT NOT NULL,
    self_grade TEXT,
    final_grade TEXT,
    -- the evaluation's compact form (CompactEvaluation) as JSON
    state TEXT NOT NULL,
    PRIMARY KEY (fiscal_year, item_id)
  ) STRICT;
`;

export interface GradedEvaluationRow {
  item_id: string;
  fiscal_year: number;
  status: string;
  self_grade: Grade | null;
  final_grade: Grade | null;
  state: string;
}

export function gradedEvaluationFromRow(row: GradedEvaluationRow): GradedEvaluation {
  return {
    itemId: row.item_id,
    fiscalYear: row.fiscal_year,
    evaluation: fromJson<CompactEvaluation>(row.state),
    selfGrade: row.self_grade,
    finalGrade: row.final_grade,
  };
}

function saveGraded(db: Database.Database, entry: GradedEvaluation): void {
  stmt(
    db,
    `INSERT INTO grade_summary_evaluations (item_id, fiscal_year, status, self_grade, final_grade, state)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (fiscal_year, item_id) DO UPDATE SET status = excluded.status, self_grade = excluded.self_grade,
       final_grade = excluded.final_grade, state = excluded.state`,
  ).run(entry.itemId, entry.fiscalYear, entry.evaluation.state.status, entry.selfGrade, entry.finalGrade, toJson(entry.evaluation));
}

const openGradedPart = (db: Database.Database) =>
  new HeldRows<GradedEvaluation>(
    (stream) => {
      const { fiscalYear, itemId } = parseEvaluationStream(stream)!;
      const row = stmt(db, `SELECT * FROM grade_summary_evaluations WHERE fiscal_year = ? AND item_id = ?`).get(fiscalYear, itemId) as
        | GradedEvaluationRow
        | undefined;
      return row ? gradedEvaluationFromRow(row) : undefined;
    },
    (_, entry) => saveGraded(db, entry),
  );

export const gradeSummaryProjection: Projection = {
  name: 'grade-summary',
  schemaVersion: 3,
  tables: ['grade_summary_evaluations'],
  ddl,
  apply(db: Database.Database, event: RecordedEvent, batch?: ApplyBatch) {
    const evaluation = parseEvaluationStream(event.stream);
    if (!evaluation) return;
    inBatch(batch, 'grade-summary', () => openGradedPart(db), (entries, folds) => {
      const fold = folds.fold(entries.get(event.stream)?.evaluation ?? initialCompactEvaluation(), event);
      entries.set(event.stream, gradedAfter(evaluation, fold.after));
    });
  },
};
