import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { EventStoreError } from '@hyoka/event-store';

/** Schema version kept in PRAGMA user_version; a file from a newer Hyoka is refused rather than misread. */
export const SCHEMA_VERSION = 1;

/** Positions are the rowid: 1, 2, 3, … in commit order, never reused because rows are never deleted. */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  stream      TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  id          TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream, revision);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_id ON events (stream, id);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
`;

/**
 * Opens (creating on first use) the store's file with the settings that make a COMMIT durable: WAL and
 * synchronous=FULL. Both are read back; a file where they do not hold is refused with a clear error.
 */
export function openDatabase(file: string): Database.Database {
  if (typeof file !== 'string' || file.trim() === '' || file === ':memory:' || file.startsWith('file:')) {
    throw new EventStoreError(
      `The SQLite event store needs a plain file path, not ${JSON.stringify(file)}: events must survive a restart`,
    );
  }
  const path = resolve(file);
  let db: Database.Database;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: 5000 });
  } catch (cause) {
    throw new EventStoreError(`Cannot open the SQLite event store at ${path}: ${message(cause)}`, { cause });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    checkDurability(path, db.pragma('journal_mode', { simple: true }), db.pragma('synchronous', { simple: true }));
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new EventStoreError(
        `Refusing to use ${path}: its schema version is ${version}, newer than this Hyoka's ${SCHEMA_VERSION}`,
      );
    }
    db.exec(`BEGIN IMMEDIATE; ${SCHEMA} PRAGMA user_version = ${SCHEMA_VERSION}; COMMIT;`);
    db.defaultSafeIntegers(true);
    return db;
  } catch (cause) {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    if (cause instanceof EventStoreError) throw cause;
    throw new EventStoreError(`Cannot open the SQLite event store at ${path}: ${message(cause)}`, { cause });
  }
}

/** Refuses the file unless the settings read back from it are WAL and synchronous=FULL (2). */
export function checkDurability(path: string, journalMode: unknown, synchronous: unknown): void {
  const journal = String(journalMode).toLowerCase();
  if (journal !== 'wal') {
    throw new EventStoreError(`Refusing to use ${path}: journal_mode is '${journal}', and the event store needs WAL`);
  }
  if (Number(synchronous) !== 2) {
    throw new EventStoreError(
      `Refusing to use ${path}: synchronous is ${String(synchronous)}, and the event store needs FULL (2) so commits are durable`,
    );
  }
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
