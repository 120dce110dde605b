import Database from 'better-sqlite3';
import type { EventStore } from '@hyoka/event-store';
import { openReadModels, startProjections } from '@hyoka/projections';

/** Builds the read models live (the way the API does) up to the store's head. */
export async function catchUp(store: EventStore, file: string): Promise<void> {
  const readModels = openReadModels({ file, events: store });
  const runner = startProjections(store, readModels);
  try {
    await runner.waitForPosition(await store.headPosition(), { timeoutMs: 30_000 });
  } finally {
    await runner.stop();
    readModels.close();
  }
}

/** Every row of every table, sorted, for comparing two read-model files. */
export function dumpTables(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
    const dump: Record<string, unknown[]> = {};
    for (const table of tables) {
      const columns = (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => `"${c.name}"`);
      dump[table] = db.prepare(`SELECT * FROM "${table}" ORDER BY ${columns.join(', ')}`).all();
    }
    return dump;
  } finally {
    db.close();
  }
}
