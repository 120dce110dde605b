import { closeSync, fsyncSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { EventStore, RecordedEvent } from '@hyoka/event-store';
import type { Projection, ProjectionName } from './projection.js';
import { PROJECTIONS } from './projections.js';
import { stmt } from './sql.js';

/** Version of the bookkeeping tables below (checkpoints, dead letters); each projection versions its own tables. */
const INFRA_VERSION = 1;

export interface OpenReadModelsOptions {
  /** path of the SQLite file; ':memory:' for a throw-away database */
  file: string;
  /**
   * The store the read models are built from. The audit log and the history keep each event's position, not its data:
   * their queries read the events from here (docs/design.md, "Projections").
   */
  events: EventsByPosition;
}

/** What the audit log's and the history's queries read from the store. */
export type EventsByPosition = Pick<EventStore, 'readPositions'>;

/** The read-model database: every projection's tables, their checkpoints and the dead letters. */
export interface ReadModels {
  readonly db: Database.Database;
  readonly file: string;
  readonly projections: readonly Projection[];
  /** the events at these positions by position, in one read of the store; throws when the store lacks one */
  eventsAt(positions: readonly bigint[]): Promise<Map<bigint, RecordedEvent>>;
  /** position of the last event this projection has taken into account (0n: none) */
  checkpoint(name: ProjectionName): bigint;
  checkpoints(): Record<ProjectionName, bigint>;
  /** the lowest checkpoint: every projection reflects the events up to here */
  position(): bigint;
  close(): void;
}

/** An event a projection could not apply. Its checkpoint moved past it so the others go on; fix the code, then rebuild. */
export interface DeadLetter {
  projection: ProjectionName;
  position: bigint;
  eventId: string;
  stream: string;
  type: string;
  error: string;
  failedAt: string;
}

/**
 * Opens (creating when missing) the read-model database: WAL, synchronous=FULL.
 * A projection whose stored schema version differs from its code is dropped and recreated at checkpoint 0,
 * so the runner rebuilds it from the start of the store.
 */
export function openReadModels(options: OpenReadModelsOptions): ReadModels {
  const db = new Database(options.file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const projections = PROJECTIONS;
  const checkpoint = (name: ProjectionName): bigint => readCheckpoint(db, name);
  const checkpoints = (): Record<ProjectionName, bigint> => readCheckpoints(db);
  return {
    db,
    file: options.file,
    projections,
    eventsAt: (positions) => eventsAt(options.events, positions),
    checkpoint,
    checkpoints,
    position: () => {
      const all = Object.values(checkpoints());
      return all.reduce((min, p) => (p < min ? p : min), all[0] ?? 0n);
    },
    close: () => db.close(),
  };
}

async function eventsAt(events: EventsByPosition, positions: readonly bigint[]): Promise<Map<bigint, RecordedEvent>> {
  const found = new Map<bigint, RecordedEvent>();
  if (positions.length === 0) return found;
  for (const event of await events.readPositions(positions)) found.set(event.position, event);
  const missing = positions.find((p) => !found.has(p));
  // a row whose event the store does not hold: the log lost an event (verify says which), or the read models belong to another store
  if (missing !== undefined) throw new Error(`the event store holds no event at position ${missing}, which the read models refer to`);
  return found;
}

function migrate(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS read_model_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  `);
  const infra = db.prepare(`SELECT value FROM read_model_meta WHERE key = 'infra_version'`).get() as
    | { value: string }
    | undefined;
  if (infra && Number(infra.value) !== INFRA_VERSION) {
    // Bookkeeping changed shape: drop it and let every projection rebuild.
    db.exec(`DROP TABLE IF EXISTS projection_checkpoints; DROP TABLE IF EXISTS projection_dead_letters;`);
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS projection_checkpoints (
      name TEXT PRIMARY KEY,
      position INTEGER NOT NULL,
      schema_version INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS projection_dead_letters (
      projection TEXT NOT NULL,
      position INTEGER NOT NULL,
      event_id TEXT NOT NULL,
      stream TEXT NOT NULL,
      type TEXT NOT NULL,
      error TEXT NOT NULL,
      failed_at TEXT NOT NULL,
      PRIMARY KEY (projection, position)
    ) STRICT;
  `);
  db.prepare(`INSERT OR REPLACE INTO read_model_meta (key, value) VALUES ('infra_version', ?)`).run(String(INFRA_VERSION));
  db.transaction(() => {
    for (const projection of PROJECTIONS) {
      const row = db.prepare(`SELECT schema_version FROM projection_checkpoints WHERE name = ?`).get(projection.name) as
        | { schema_version: number }
        | undefined;
      if (row?.schema_version === projection.schemaVersion) db.exec(projection.ddl);
      else resetProjection(db, projection);
    }
  })();
}

/** Drops and recreates the projection's tables, clears its dead letters and sets its checkpoint to 0. Call inside a transaction. */
export function resetProjection(db: Database.Database, projection: Projection): void {
  for (const table of [...projection.tables, ...(projection.retiredTables ?? [])]) db.exec(`DROP TABLE IF EXISTS "${table}"`);
  db.exec(projection.ddl);
  stmt(db, `DELETE FROM projection_dead_letters WHERE projection = ?`).run(projection.name);
  stmt(
    db,
    `INSERT INTO projection_checkpoints (name, position, schema_version) VALUES (?, 0, ?)
     ON CONFLICT (name) DO UPDATE SET position = 0, schema_version = excluded.schema_version`,
  ).run(projection.name, projection.schemaVersion);
}

/** Drops the indexes a full rebuild creates at its end (Projection.rebuildIndexes). Call inside a transaction. */
export function dropRebuildIndexes(db: Database.Database, projection: Projection): void {
  for (const index of projection.rebuildIndexes ?? []) db.exec(`DROP INDEX IF EXISTS "${index}"`);
}

/** Creates whatever of the projection's tables and indexes is missing (its ddl is IF NOT EXISTS throughout). */
export function createMissing(db: Database.Database, projection: Projection): void {
  db.exec(projection.ddl);
}

/**
 * Commits without fsync (synchronous=OFF) until the returned function is called, which makes all written since
 * durable (fsync of the file and its WAL) and goes back to synchronous=FULL. For a full rebuild only: after a process
 * crash it resumes from its checkpoint (the OS holds every commit); after a power loss or an OS crash during it the
 * file may be damaged — it is derived data: delete it and it is rebuilt from the store (docs/design.md).
 */
export function bulkWrites(readModels: ReadModels): () => void {
  const { db } = readModels;
  db.pragma('synchronous = OFF');
  return () => {
    if (!db.open) return;
    db.pragma('synchronous = FULL');
    if (db.memory) return;
    for (const file of [readModels.file, `${readModels.file}-wal`]) fsyncFile(file);
  };
}

function fsyncFile(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function readCheckpoint(db: Database.Database, name: ProjectionName): bigint {
  const row = stmt(db, `SELECT position FROM projection_checkpoints WHERE name = ?`).safeIntegers(true).get(name) as
    | { position: bigint }
    | undefined;
  if (!row) throw new Error(`Unknown projection '${name}'`);
  return row.position;
}

export function readCheckpoints(db: Database.Database): Record<ProjectionName, bigint> {
  const rows = stmt(db, `SELECT name, position FROM projection_checkpoints`).safeIntegers(true).all() as {
    name: ProjectionName;
    position: bigint;
  }[];
  const result = {} as Record<ProjectionName, bigint>;
  for (const projection of PROJECTIONS) {
    const row = rows.find((r) => r.name === projection.name);
    result[projection.name] = row ? row.position : 0n;
  }
  return result;
}

/** Dead letters, oldest first; of one projection when named. */
export function deadLetters(readModels: ReadModels, projection?: ProjectionName): DeadLetter[] {
  const rows = (
    projection
      ? stmt(readModels.db, `SELECT * FROM projection_dead_letters WHERE projection = ? ORDER BY position, projection`)
          .safeIntegers(true)
          .all(projection)
      : stmt(readModels.db, `SELECT * FROM projection_dead_letters ORDER BY position, projection`).safeIntegers(true).all()
  ) as {
    projection: ProjectionName;
    position: bigint;
    event_id: string;
    stream: string;
    type: string;
    error: string;
    failed_at: string;
  }[];
  return rows.map((r) => ({
    projection: r.projection,
    position: r.position,
    eventId: r.event_id,
    stream: r.stream,
    type: r.type,
    error: r.error,
    failedAt: r.failed_at,
  }));
}
