import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder for one test's SQLite files, and its removal. */
export function tempDir(): { path: string; file: (name: string) => string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'hyoka-projections-'));
  return { path, file: (name) => join(path, name), remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Every row of every table of the projections (bookkeeping excluded), sorted, for comparing two databases. */
export function dumpTables(db: import('better-sqlite3').Database, tables: readonly string[]): Record<string, unknown[]> {
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
    dump[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return dump;
}
