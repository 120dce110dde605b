import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import { applyEvents, deadLetters, openReadModels, type ReadModels } from '@hyoka/projections';
import type { Ledger } from './workload.js';

/** `PRAGMA integrity_check` of a SQLite file, read-only: 'ok' or SQLite's list of problems. */
export function integrityCheck(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** Every event of the store, through the SQLite adapter itself (it recovers the WAL a killed process left). */
export async function readWholeStore(file: string): Promise<RecordedEvent[]> {
  const store = await openSqliteEventStore({ file });
  try {
    const events: RecordedEvent[] = [];
    for (;;) {
      const page = await store.readAll({ after: events.at(-1)?.position ?? 0n, maxCount: 5000 });
      if (page.length === 0) return events;
      events.push(...page);
    }
  } finally {
    await store.close();
  }
}

const isEvaluation = (stream: string) => stream.startsWith('evaluation-');

/**
 * The log against what the clients were told. Returns one line per problem (none: the log is sound):
 * - every stream's revisions run 0, 1, 2, … in position order;
 * - every command's events are one append: one stream, consecutive revisions and positions, exactly as many as the
 *   command appends (all or none), starting right after the version the client saw;
 * - every acknowledged command is there, ending at the version its answer gave;
 * - no evaluation event comes from a command no client sent;
 * - no command answered CONFLICT is there, and its stream had indeed moved past the version the client sent.
 */
export function checkLog(events: readonly RecordedEvent[], ledger: Ledger): string[] {
  const problems: string[] = [];
  const nextRevision = new Map<string, bigint>();
  let lastPosition = 0n;
  const groups = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    if (event.position <= lastPosition) problems.push(`position ${event.position} does not follow ${lastPosition}`);
    lastPosition = event.position;
    const expected = nextRevision.get(event.stream) ?? 0n;
    if (event.revision !== expected) problems.push(`${event.stream}: revision ${event.revision} where ${expected} was next`);
    nextRevision.set(event.stream, event.revision + 1n);
    const commandId = String(event.metadata.commandId);
    const group = groups.get(commandId);
    if (group) group.push(event);
    else groups.set(commandId, [event]);
  }

  const bulkItems = new Map<string, RecordedEvent[]>(); // `${bulkId} ${stream}` → events
  for (const [commandId, group] of groups) {
    const first = group[0]!;
    for (const [i, event] of group.entries()) {
      if (event.stream !== first.stream) problems.push(`command ${commandId} wrote to ${first.stream} and ${event.stream}`);
      if (event.revision !== first.revision + BigInt(i) || event.position !== first.position + BigInt(i)) {
        problems.push(`command ${commandId}: its events are not one append (revision ${event.revision}, position ${event.position})`);
      }
    }
    if (!isEvaluation(first.stream)) continue;
    const sent = ledger.sent.get(commandId);
    const correlation = String(first.metadata.correlationId);
    if (sent) {
      if (sent.stream !== first.stream) problems.push(`command ${commandId} was sent for ${sent.stream}, recorded on ${first.stream}`);
      if (group.length !== sent.expectedEvents) {
        problems.push(`command ${commandId} (${sent.operation}) appends ${sent.expectedEvents} event(s); the log holds ${group.length}`);
      }
      const start = sent.expectedVersion === null ? 0n : BigInt(sent.expectedVersion) + 1n;
      if (first.revision !== start) problems.push(`command ${commandId} starts at revision ${first.revision}, not ${start}`);
    } else if (ledger.bulks.has(correlation)) {
      const key = `${correlation} ${first.stream}`;
      bulkItems.set(key, [...(bulkItems.get(key) ?? []), ...group]);
      if (!ledger.bulks.get(correlation)!.includes(first.stream)) problems.push(`bulk ${correlation} wrote to ${first.stream}, not one of its items`);
      if (group.some((e) => e.type !== 'EvaluationApproved')) problems.push(`bulk ${correlation} wrote ${group.map((e) => e.type).join(', ')}`);
    } else {
      problems.push(`${first.stream} holds events of command ${commandId}, which no client sent`);
    }
  }
  for (const [key, items] of bulkItems) if (items.length !== 1) problems.push(`bulk item ${key} recorded ${items.length} times`);

  for (const ack of ledger.acks) {
    const found = ack.bulk ? bulkItems.get(`${ack.commandId} ${ack.stream}`) : groups.get(ack.commandId);
    if (!found?.length) {
      problems.push(`acknowledged ${ack.operation} ${ack.commandId} on ${ack.stream} (version ${ack.version}) is not in the log`);
      continue;
    }
    const last = found.at(-1)!;
    if (last.stream !== ack.stream || last.revision !== BigInt(ack.version)) {
      problems.push(`acknowledged ${ack.commandId} answered version ${ack.version}; the log has it at ${last.stream}@${last.revision}`);
    }
  }
  for (const conflict of ledger.conflicts) {
    const found = conflict.bulk ? bulkItems.get(`${conflict.commandId} ${conflict.stream}`) : groups.get(conflict.commandId);
    if (found?.length) problems.push(`${conflict.commandId} on ${conflict.stream} was answered CONFLICT, yet the log holds it`);
    const head = nextRevision.get(conflict.stream) ?? 0n;
    const seen = conflict.expectedVersion === null ? 0n : BigInt(conflict.expectedVersion) + 1n;
    if (head <= seen) {
      problems.push(`${conflict.commandId} on ${conflict.stream} was answered CONFLICT at version ${conflict.expectedVersion}, which the stream never went past`);
    }
  }
  return problems;
}

/** Every row of the read-model tables, sorted, plus the dead letters without their time. */
export function dumpReadModels(file: string, tables: readonly string[]): Record<string, string[]> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const read = db.transaction(() => {
      const dump: Record<string, string[]> = {};
      for (const table of [...tables].sort()) {
        dump[table] = (db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]).map((r) => JSON.stringify(r)).sort();
      }
      dump['(dead letters)'] = (
        db.prepare(`SELECT projection, position, event_id, stream, type, error FROM projection_dead_letters`).all() as object[]
      )
        .map((r) => JSON.stringify(r))
        .sort();
      return dump;
    });
    return read();
  } finally {
    db.close();
  }
}

/** Checkpoints of a read-model file, read from outside the process that writes it. */
export function readCheckpoints(file: string): Record<string, bigint> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(`SELECT name, position FROM projection_checkpoints`).safeIntegers(true).all() as { name: string; position: bigint }[];
    return Object.fromEntries(rows.map((r) => [r.name, r.position]));
  } finally {
    db.close();
  }
}

/**
 * Watches another process's read-model file while its projections catch up. It opens the file only once it is in WAL
 * mode (a reader must not stand in the way of switching the journal) and keeps one read-only connection.
 */
export class CheckpointWatcher {
  private db: Database.Database | undefined;

  constructor(private readonly file: string) {}

  /** true once some projection has moved and some has not reached `head` */
  midWay(head: bigint): boolean {
    try {
      if (!this.db) {
        if (!existsSync(`${this.file}-wal`)) return false;
        this.db = new Database(this.file, { readonly: true, fileMustExist: true });
      }
      const rows = this.db.prepare(`SELECT position FROM projection_checkpoints`).safeIntegers(true).all() as { position: bigint }[];
      return rows.some((r) => r.position > 0n) && rows.some((r) => r.position < head);
    } catch {
      // the tables are being created, or the file is locked for a moment
      this.close();
      return false;
    }
  }

  /** true once every projection has reached `head` */
  reached(head: bigint): boolean {
    return this.positions()?.every((p) => p >= head) ?? false;
  }

  private positions(): bigint[] | undefined {
    try {
      if (!this.db) {
        if (!existsSync(`${this.file}-wal`)) return undefined;
        this.db = new Database(this.file, { readonly: true, fileMustExist: true });
      }
      const rows = this.db.prepare(`SELECT position FROM projection_checkpoints`).safeIntegers(true).all() as { position: bigint }[];
      return rows.length > 0 ? rows.map((r) => r.position) : undefined;
    } catch {
      this.close();
      return undefined;
    }
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}

/**
 * The reference: read models built from position 0 by a process that never crashes, fed the same log. It is fed
 * incrementally between rounds, after checking that the part of the log it already holds did not change.
 */
export class Reference {
  readonly file: string;
  private readonly readModels: ReadModels;
  private fedIds: string[] = [];
  /** the log as last fed: what the reference's audit log and history refer to */
  private fed: readonly RecordedEvent[] = [];

  constructor(dir: string) {
    this.file = join(dir, 'reference-read-models.sqlite');
    const events = {
      readPositions: async (positions: readonly bigint[]) => {
        const wanted = new Set(positions);
        return this.fed.filter((e) => wanted.has(e.position));
      },
    };
    this.readModels = openReadModels({ file: this.file, events });
  }

  get tables(): string[] {
    return this.readModels.projections.flatMap((p) => [...p.tables]);
  }

  /** Applies the events it has not seen; returns problems if the log's earlier part differs from what it saw. */
  feed(events: readonly RecordedEvent[]): string[] {
    const problems: string[] = [];
    if (events.length < this.fedIds.length) problems.push(`the log shrank from ${this.fedIds.length} to ${events.length} events`);
    for (const [i, id] of this.fedIds.entries()) {
      if (events[i]?.id !== id) {
        problems.push(`the event at index ${i} changed (${id} → ${events[i]?.id})`);
        break;
      }
    }
    const fresh = events.slice(this.fedIds.length);
    for (let i = 0; i < fresh.length; i += 500) applyEvents(this.readModels, fresh.slice(i, i + 500));
    this.fedIds = events.map((e) => e.id);
    this.fed = events;
    const letters = deadLetters(this.readModels);
    if (letters.length) problems.push(`the reference dead-lettered ${letters.length} event(s): ${letters[0]!.error}`);
    return problems;
  }

  position(): bigint {
    return this.readModels.position();
  }

  close(): void {
    this.readModels.close();
  }
}
