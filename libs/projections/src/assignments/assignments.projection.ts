import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import { evolveAssignment, initialAssignmentState, type AssignmentState } from '@hyoka/domain';
import type { Projection } from '../projection.js';
import { fromJson, stmt, toJson } from '../sql.js';

const ASSIGNMENT_STREAM = /^assignment-(.+)$/;

/** itemId of an `assignment-<itemId>` stream; undefined for any other stream */
export function parseAssignmentStream(stream: string): string | undefined {
  return ASSIGNMENT_STREAM.exec(stream)?.[1];
}

/** Pure row logic: an item's 担当者 after one event of its stream (the domain's evolve). */
export const evolveAssignmentRow = (state: AssignmentState | undefined, event: RecordedEvent): AssignmentState =>
  evolveAssignment(state ?? initialAssignmentState(), event);

const ddl = `
  CREATE TABLE IF NOT EXISTS assignments (
    item_id TEXT PRIMARY KEY,
    assignees TEXT NOT NULL
  ) STRICT;
`;

/** 担当者 per 実施項目: item id → user ids, in the order they were assigned. */
export const assignmentsProjection: Projection = {
  name: 'assignments',
  schemaVersion: 1,
  tables: ['assignments'],
  ddl,
  apply(db: Database.Database, event: RecordedEvent) {
    const itemId = parseAssignmentStream(event.stream);
    if (itemId === undefined) return;
    const row = stmt(db, `SELECT assignees FROM assignments WHERE item_id = ?`).get(itemId) as { assignees: string } | undefined;
    const before = row ? { assignees: fromJson<string[]>(row.assignees) } : undefined;
    const after = evolveAssignmentRow(before, event);
    stmt(db, `INSERT INTO assignments (item_id, assignees) VALUES (?, ?) ON CONFLICT (item_id) DO UPDATE SET assignees = excluded.assignees`).run(
      itemId,
      toJson(after.assignees),
    );
  },
};
