import type Database from 'better-sqlite3';
import { CliError } from '../errors.js';

/**
 * Takes an exclusive lock on a SQLite file for as long as this connection stays open (locking_mode=EXCLUSIVE). In WAL
 * mode every other open connection holds a shared lock, so this fails while any other process (a running Hyoka) has
 * the file open, and while we hold it nobody else can open it.
 */
export function lockExclusively(db: Database.Database, what: string): void {
  db.pragma('busy_timeout = 250');
  db.pragma('locking_mode = EXCLUSIVE');
  try {
    db.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
      throw new CliError(
        `${what} は他のプロセス (起動中の Hyoka など) が使用中です。停止してから実行してください / ${what} is in use by another process (a running Hyoka?); stop it first`,
      );
    }
    throw error;
  }
}
