import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import type { ApplyBatch } from './batch.js';

export const PROJECTION_NAMES = ['plan', 'users', 'board', 'inbox', 'history', 'audit-log', 'grade-summary', 'assignments', 'notifications', 'calendar', 'meetings'] as const;
export type ProjectionName = (typeof PROJECTION_NAMES)[number];

/**
 * One read model: its tables, and how one event evolves its rows.
 * `apply` reads and writes only the projection's own tables, so the projection can be rebuilt alone
 * while the others stay where they are. The runner calls it inside a transaction that also moves the
 * projection's checkpoint; a throw rolls back this projection's work for this event only.
 */
export interface Projection {
  readonly name: ProjectionName;
  /** bump when the tables or the row logic change: opening the read models then rebuilds this projection from 0 */
  readonly schemaVersion: number;
  /** the projection's tables, dropped on reset */
  readonly tables: readonly string[];
  /** tables an older schema version had under other names: dropped on reset too, so a rebuild leaves none behind */
  readonly retiredTables?: readonly string[];
  /** CREATE TABLE / CREATE INDEX statements (IF NOT EXISTS) */
  readonly ddl: string;
  /**
   * true: `apply` gets each event as the store recorded it (the audit log shows the record itself).
   * Otherwise it gets the event upcast to its type's current schema version, as every fold must.
   */
  readonly readsRecordedEvents?: boolean;
  /**
   * Secondary indexes of its tables that `apply` never reads by (only queries do). A full rebuild drops them and
   * creates them (the ddl) once it has caught up: one sort at the end instead of a B-tree insert per row and index.
   * A crash before then leaves them to the next `openReadModels`, which runs the ddl (CREATE INDEX IF NOT EXISTS).
   */
  readonly rebuildIndexes?: readonly string[];
  /**
   * Evolves the rows by one event. With a `batch` (many events in one transaction) it may hold rows in memory until
   * the batch's flush; without one it writes them at once. Both give the same rows.
   */
  apply(db: Database.Database, event: RecordedEvent, batch?: ApplyBatch): void;
}
