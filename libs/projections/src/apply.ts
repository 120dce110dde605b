import { upcast } from '@hyoka/domain';
import type { RecordedEvent } from '@hyoka/event-store';
import type { ProjectionName } from './projection.js';
import { readCheckpoints, type ReadModels } from './read-models.js';
import { stmt } from './sql.js';
import { ApplyBatch } from './batch.js';

export interface ApplyResult {
  /** events at least one projection took (the others it had already seen) */
  applied: RecordedEvent[];
  /** projection and position of every event that threw and went to the dead letters */
  failed: { projection: ProjectionName; position: bigint; error: string }[];
}

/**
 * Applies events (in position order) to every projection in ONE transaction with their checkpoints.
 * An event at or below a projection's checkpoint is skipped by it, so delivering an event twice changes nothing.
 * An event a projection throws on is rolled back for that projection alone, recorded as a dead letter,
 * and the checkpoint moves past it.
 *
 * The events go first as one batch (each projection holds its rows in memory until the end, each evaluation event is
 * folded once, no savepoint per event). Should anything throw, that transaction is rolled back and the same events
 * go again one savepoint per projection and event, which is where a dead letter is recorded (docs/design.md).
 */
export function applyEvents(readModels: ReadModels, events: readonly RecordedEvent[]): ApplyResult {
  if (events.length === 0) return { applied: [], failed: [] };
  try {
    return applyAsOneBatch(readModels, events);
  } catch (error) {
    if (isResourceFailure(error)) throw error;
    return applyEventByEvent(readModels, events);
  }
}

function applyAsOneBatch(readModels: ReadModels, events: readonly RecordedEvent[]): ApplyResult {
  const { db, projections } = readModels;
  const result: ApplyResult = { applied: [], failed: [] };
  db.transaction(() => {
    const checkpoints = readCheckpoints(db);
    const batch = new ApplyBatch();
    const moved = new Set<ProjectionName>();
    for (const event of events) {
      let taken = false;
      let current: RecordedEvent | undefined;
      for (const projection of projections) {
        if (event.position <= checkpoints[projection.name]) continue;
        taken = true;
        projection.apply(db, projection.readsRecordedEvents ? event : (current ??= upcast(event)), batch);
        checkpoints[projection.name] = event.position;
        moved.add(projection.name);
      }
      if (taken) result.applied.push(event);
    }
    batch.flush();
    const save = stmt(db, `UPDATE projection_checkpoints SET position = ? WHERE name = ?`);
    for (const name of moved) save.run(checkpoints[name], name);
  }).immediate();
  return result;
}

function applyEventByEvent(readModels: ReadModels, events: readonly RecordedEvent[]): ApplyResult {
  const { db, projections } = readModels;
  const result: ApplyResult = { applied: [], failed: [] };
  const applyOne = db.transaction((apply: () => void) => apply());
  db.transaction(() => {
    const checkpoints = readCheckpoints(db);
    const moved = new Set<ProjectionName>();
    for (const event of events) {
      let taken = false;
      let current: RecordedEvent | undefined;
      // upcast inside each projection's savepoint: an unreadable version is a dead letter, like any poison event
      const currentEvent = () => (current ??= upcast(event));
      for (const projection of projections) {
        if (event.position <= checkpoints[projection.name]) continue;
        taken = true;
        try {
          // nested transaction = SAVEPOINT: a throw undoes this projection's rows for this event only
          applyOne(() => projection.apply(db, projection.readsRecordedEvents ? event : currentEvent()));
        } catch (error) {
          // the database failing (disk full, I/O, locked) is no fault of the event: abort the batch, the runner retries
          if (isResourceFailure(error)) throw error;
          const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          stmt(
            db,
            `INSERT OR REPLACE INTO projection_dead_letters (projection, position, event_id, stream, type, error, failed_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
          ).run(projection.name, event.position, event.id, event.stream, event.type, message, new Date().toISOString());
          result.failed.push({ projection: projection.name, position: event.position, error: message });
        }
        checkpoints[projection.name] = event.position;
        moved.add(projection.name);
      }
      if (taken) result.applied.push(event);
    }
    const save = stmt(db, `UPDATE projection_checkpoints SET position = ? WHERE name = ?`);
    for (const name of moved) save.run(checkpoints[name], name);
  }).immediate();
  return result;
}

const RESOURCE_CODES = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|NOMEM|READONLY|CANTOPEN|INTERRUPT|PROTOCOL)/;

function isResourceFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RESOURCE_CODES.test(code);
}
