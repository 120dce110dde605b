import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import { stmt } from '../sql.js';

/** user id → display name, as the user events have set it so far */
export type ActorNames = ReadonlyMap<string, string>;

const SYSTEM_NAME = 'システム';

/** The display name of an actor; the user id itself when no user event named them. */
export function actorNameOf(names: ActorNames, userId: string): string {
  if (userId === 'system') return SYSTEM_NAME;
  return names.get(userId) ?? userId;
}

/** The names an event sets (user id → display name); empty for any other event. */
export function namesSetBy(event: Pick<RecordedEvent, 'type' | 'data'>): [string, string][] {
  if (event.type === 'UserRegistered') {
    const { userId, displayName } = event.data as { userId: string; displayName: string };
    return [[userId, displayName]];
  }
  return [];
}

/** Pure: the names after one event. */
export function evolveActorNames(names: ActorNames, event: Pick<RecordedEvent, 'type' | 'data'>): ActorNames {
  const set = namesSetBy(event);
  if (set.length === 0) return names;
  const next = new Map(names);
  for (const [userId, name] of set) next.set(userId, name);
  return next;
}

/** DDL of a projection's own copy of the display names (each projection names actors as they were named then). */
export const actorNamesDdl = (table: string): string =>
  `CREATE TABLE IF NOT EXISTS ${table} (user_id TEXT PRIMARY KEY, display_name TEXT NOT NULL) STRICT;`;

/** The stored names of these users (only them: a projection needs a handful per event). */
export function loadActorNames(db: Database.Database, table: string, userIds: readonly string[]): ActorNames {
  const names = new Map<string, string>();
  const select = stmt(db, `SELECT display_name FROM ${table} WHERE user_id = ?`);
  for (const userId of new Set(userIds)) {
    const row = select.get(userId) as { display_name: string } | undefined;
    if (row) names.set(userId, row.display_name);
  }
  return names;
}

/** A projection's names during a batch: each read at most once, saved through to the table. */
export class ActorNameCache {
  private readonly known = new Map<string, string>();
  private readonly missing = new Set<string>();

  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
  ) {}

  /** the stored names of these users (a superset: every name looked up in this batch) */
  load(userIds: readonly string[]): ActorNames {
    const select = stmt(this.db, `SELECT display_name FROM ${this.table} WHERE user_id = ?`);
    for (const userId of userIds) {
      if (this.known.has(userId) || this.missing.has(userId)) continue;
      const row = select.get(userId) as { display_name: string } | undefined;
      if (row) this.known.set(userId, row.display_name);
      else this.missing.add(userId);
    }
    return this.known;
  }

  save(event: Pick<RecordedEvent, 'type' | 'data'>): void {
    saveActorNames(this.db, this.table, event);
    for (const [userId, name] of namesSetBy(event)) {
      this.known.set(userId, name);
      this.missing.delete(userId);
    }
  }
}

/** Stores the names the event sets. */
export function saveActorNames(db: Database.Database, table: string, event: Pick<RecordedEvent, 'type' | 'data'>): void {
  const set = namesSetBy(event);
  // most events set no name: no statement to look up for them
  if (set.length === 0) return;
  const upsert = stmt(
    db,
    `INSERT INTO ${table} (user_id, display_name) VALUES (?, ?)
     ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name`,
  );
  for (const [userId, name] of set) upsert.run(userId, name);
}
