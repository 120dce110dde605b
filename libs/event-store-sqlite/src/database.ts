import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { EventStoreError, GENESIS_HASH, canonicalEventTextFrom, canonicalJson, sha256Hex, type JsonObject } from '@hyoka/event-store';

/**
 * Schema version kept in PRAGMA user_version; a file from a newer Hyoka is refused rather than misread.
 * 1: events; 2: each event's hash chain (previous_hash, hash), filled in for the events of a version-1 file on open;
 * 3: log_extent, the highest position ever given, so that verify finds a removed newest event.
 */
export const SCHEMA_VERSION = 3;

/**
 * Positions are the rowid: 1, 2, 3, … in commit order, never reused because rows are never deleted. log_extent keeps
 * the highest position ever given (a trigger raises it in the inserting transaction): a deleted newest event leaves
 * no gap among the positions, but a last position below it.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  stream      TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  id          TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  previous_hash TEXT  NOT NULL,
  hash        TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream, revision);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_id ON events (stream, id);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TABLE IF NOT EXISTS log_extent (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  last_position INTEGER NOT NULL
) STRICT;
CREATE TRIGGER IF NOT EXISTS events_extent AFTER INSERT ON events
  BEGIN UPDATE log_extent SET last_position = NEW.position WHERE id = 1 AND NEW.position > last_position; END;
CREATE TRIGGER IF NOT EXISTS log_extent_no_lowering BEFORE UPDATE ON log_extent WHEN NEW.last_position < OLD.last_position
  BEGIN SELECT RAISE(ABORT, 'the log extent only grows'); END;
CREATE TRIGGER IF NOT EXISTS log_extent_no_delete BEFORE DELETE ON log_extent
  BEGIN SELECT RAISE(ABORT, 'the log extent only grows'); END;
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
    // Read inside the write lock, so two processes opening an old file migrate it once.
    db.exec('BEGIN IMMEDIATE');
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new EventStoreError(
        `Refusing to use ${path}: its schema version is ${version}, newer than this Hyoka's ${SCHEMA_VERSION}`,
      );
    }
    if (version === 1) addHashChain(db, path);
    db.exec(SCHEMA);
    // only when the table is new: a row missing later is itself a sign of tampering, not something to fill in again
    if (version < 3) db.exec('INSERT INTO log_extent (id, last_position) SELECT 1, COALESCE(MAX(position), 0) FROM events');
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}; COMMIT;`);
    db.defaultSafeIntegers(true);
    return db;
  } catch (cause) {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    if (cause instanceof EventStoreError) throw cause;
    throw new EventStoreError(`Cannot open the SQLite event store at ${path}: ${message(cause)}`, { cause });
  }
}

/**
 * Version 1 → 2: adds the hash columns and computes every event's hash in position order, as the append would have.
 * Runs inside the caller's transaction: a failure leaves the file as it was.
 */
function addHashChain(db: Database.Database, path: string): void {
  db.exec(`
    ALTER TABLE events ADD COLUMN previous_hash TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN hash TEXT NOT NULL DEFAULT '';
    DROP TRIGGER IF EXISTS events_no_update;
  `);
  const page = db
    .prepare('SELECT position, stream, revision, id, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT 5000')
    .raw()
    .safeIntegers(true);
  const update = db.prepare('UPDATE events SET previous_hash = ?, hash = ? WHERE position = ?');
  const tips = new Map<string, string>();
  let after = 0n;
  for (;;) {
    const rows = page.all(after) as [bigint, string, bigint, string, string, string, string][];
    if (rows.length === 0) break;
    for (const [position, stream, revision, id, type, data, metadata] of rows) {
      let text: string;
      try {
        const canonicalData = canonicalJson(JSON.parse(data) as JsonObject);
        const canonicalMetadata = canonicalJson(JSON.parse(metadata) as JsonObject);
        text = canonicalEventTextFrom(stream, revision, id, type, canonicalData, canonicalMetadata, tips.get(stream) ?? GENESIS_HASH);
      } catch (cause) {
        throw new EventStoreError(
          `Cannot add the hash chain to ${path}: the event at position ${position} ('${stream}'@${revision}) is not readable JSON`,
          { cause },
        );
      }
      const hash = sha256Hex(text);
      update.run(tips.get(stream) ?? GENESIS_HASH, hash, position);
      tips.set(stream, hash);
      after = position;
    }
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
