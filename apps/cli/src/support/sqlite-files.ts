import { existsSync, renameSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CliError } from '../errors.js';

/** What a look at an event-store file found: SQLite's own check and the size of the log. */
export interface StoreFileCheck {
  integrity: string;
  events: number;
  head: bigint;
}

/** PRAGMA integrity_check of an event-store file and its event count; refuses a file that is not an event store. */
export function checkStoreFile(file: string): StoreFileCheck {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (error) {
    throw new CliError(`${file} を開けません / cannot open ${file}: ${(error as Error).message}`);
  }
  try {
    let integrity: string;
    try {
      integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    } catch (error) {
      throw new CliError(`${file} は SQLite のデータベースではありません / ${file} is not a SQLite database: ${(error as Error).message}`);
    }
    const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'events'`).get();
    if (!table) throw new CliError(`${file} は Hyoka のイベントストアではありません (events 表がない) / ${file} is not a Hyoka event store`);
    const row = db.prepare('SELECT COUNT(*) AS events, COALESCE(MAX(position), 0) AS head FROM events').safeIntegers(true).get() as {
      events: bigint;
      head: bigint;
    };
    return { integrity, events: Number(row.events), head: row.head };
  } finally {
    db.close();
  }
}

/** Moves a SQLite file aside together with its -wal and -shm companions (so they stay a consistent set). */
export function moveSqliteFile(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(from + suffix)) renameSync(from + suffix, to + suffix);
  }
}
