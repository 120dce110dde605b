import type Database from 'better-sqlite3';
import {
  CorruptEventError,
  EventStoreClosedError,
  EventStoreError,
  GENESIS_HASH,
  canonicalEventTextFrom,
  checkExpectedRevision,
  findRetry,
  normalizeReadAllOptions,
  normalizeReadStreamOptions,
  normalizeSubscribeOptions,
  prepareAppend,
  sha256Hex,
  type AppendOptions,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type JsonObject,
  type LogCompleteness,
  type MissingEvent,
  type PreparedEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@hyoka/event-store';
import { message, openDatabase } from './database.js';
import { CatchUpSubscription, type SubscriptionSource } from './subscription.js';

export interface SqliteEventStoreOptions {
  /** Path of the database file. It and its folder are created on first use. */
  file: string;
  /** Source of `recordedAt`; defaults to the system clock. */
  clock?: () => Date;
  /** Events a subscription reads per page while catching up (default 500). */
  subscriptionPageSize?: number;
  /** Test-only fault injection; never set in production. */
  faults?: SqliteFaults;
}

export interface SqliteFaults {
  /** Called inside an append's transaction after each of its events is written; throwing fails that append alone. */
  afterEventWritten?: (written: number, stream: string) => void;
}

export interface SqliteEventStoreStats {
  /** appends answered (written, deduplicated or refused inside a transaction) */
  appends: number;
  /** transactions committed; fewer than `appends` when group commit batched them */
  commits: number;
}

/** The embedded event store: one SQLite file, WAL, synchronous=FULL, group commit. */
export interface SqliteEventStore extends EventStore {
  readonly file: string;
  stats(): SqliteEventStoreStats;
}

interface PendingAppend {
  stream: string;
  events: PreparedEvent[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type Row = [
  position: bigint,
  stream: string,
  revision: bigint,
  id: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
  previousHash: string,
  hash: string,
];

const COLUMNS = 'position, stream, revision, id, type, data, metadata, recorded_at, previous_hash, hash';
const INT64_MAX = 0x7fffffffffffffffn;
const clamp = (n: bigint) => (n > INT64_MAX ? INT64_MAX : n);

/**
 * Subscriptions waiting for live events, by file: a commit through any store instance of this process on the file
 * wakes them at once. Commits by another process (the admin CLI writing while the API runs) are noticed by polling
 * PRAGMA data_version while anyone waits.
 */
const waitersByFile = new Map<string, Set<() => void>>();

/** How often a store with waiting subscriptions looks for commits by other connections (a cheap pragma read). */
const DATA_VERSION_POLL_MS = 200;

/** Opens the SQLite event store, creating the file and its schema on first use. */
export async function openSqliteEventStore(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
  return new SqliteStore(options);
}

class SqliteStore implements SqliteEventStore, SubscriptionSource {
  readonly file: string;
  closed = false;
  private readonly db: Database.Database;
  private readonly clock: () => Date;
  private readonly pageSize: number;
  private readonly faults: SqliteFaults | undefined;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private counters: SqliteEventStoreStats = { appends: 0, commits: 0 };

  private readonly sql: {
    begin: Database.Statement;
    commit: Database.Statement;
    rollback: Database.Statement;
    savepoint: Database.Statement;
    release: Database.Statement;
    rollbackToSavepoint: Database.Statement;
    lastEvent: Database.Statement;
    dataVersion: Database.Statement;
    heldEvent: Database.Statement;
    insert: Database.Statement;
    head: Database.Statement;
    extent: Database.Statement;
    readAll: Database.Statement;
    readPositions: Database.Statement;
    readForwards: Database.Statement;
    readBackwards: Database.Statement;
  };

  constructor(options: SqliteEventStoreOptions) {
    this.db = openDatabase(options.file);
    this.file = this.db.name;
    this.clock = options.clock ?? (() => new Date());
    this.pageSize = options.subscriptionPageSize ?? 500;
    this.faults = options.faults;
    const db = this.db;
    this.sql = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append'),
      release: db.prepare('RELEASE append'),
      rollbackToSavepoint: db.prepare('ROLLBACK TO append'),
      lastEvent: db.prepare('SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1'),
      heldEvent: db.prepare('SELECT revision, position, hash FROM events WHERE stream = ? AND id = ?'),
      insert: db.prepare(
        'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
      head: db.prepare('SELECT COALESCE(MAX(position), 0) FROM events').pluck(),
      extent: db
        .prepare(
          'SELECT (SELECT last_position FROM log_extent WHERE id = 1), (SELECT MIN(position) FROM events WHERE position > ?), ' +
            '(SELECT COALESCE(MAX(position), 0) FROM events)',
        )
        .raw(),
      readAll: db.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw(),
      // any number of positions in one statement: a list goes in as one JSON parameter, so one prepared text serves all
      readPositions: db
        .prepare(`SELECT ${COLUMNS} FROM events WHERE position IN (SELECT value FROM json_each(?)) ORDER BY position`)
        .raw(),
      // The position bound makes these as-of reads; without toPosition it is INT64_MAX.
      readForwards: db
        .prepare(
          `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? AND position <= ? ORDER BY revision LIMIT ?`,
        )
        .raw(),
      readBackwards: db
        .prepare(
          `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? AND position <= ? ORDER BY revision DESC LIMIT ?`,
        )
        .raw(),
    };
  }

  appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new EventStoreClosedError());
    let prepared: PreparedEvent[];
    try {
      prepared = prepareAppend(stream, events, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ stream, events: prepared, expected: options.expectedRevision, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // Group commit: appends made in the same turn of the event loop (concurrent callers) share one transaction.
        // A lone caller waits for nothing but this microtask.
        queueMicrotask(this.flush);
      }
    });
  }

  /**
   * Writes every queued append in one transaction, each inside its own savepoint so that a conflict or a fault fails
   * that append alone. Callers are answered only after COMMIT, which synchronous=FULL makes durable.
   */
  private readonly flush = (): void => {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const outcomes: Array<{ ok: AppendResult } | { error: unknown }> = new Array(batch.length);
    let wrote = false;
    try {
      this.sql.begin.run();
      const recordedAt = this.clock().toISOString();
      for (let i = 0; i < batch.length; i++) {
        const append = batch[i]!;
        this.sql.savepoint.run();
        try {
          const result = this.appendOne(append, recordedAt);
          this.sql.release.run();
          if (!result.deduplicated) wrote = true;
          outcomes[i] = { ok: result };
        } catch (error) {
          this.sql.rollbackToSavepoint.run();
          this.sql.release.run();
          outcomes[i] = { error: asStoreError(error, append.stream) };
        }
      }
      this.sql.commit.run();
      this.counters.commits++;
    } catch (cause) {
      if (this.db.inTransaction) this.sql.rollback.run();
      const error = new EventStoreError(`Committing ${batch.length} append(s) failed; nothing was written: ${message(cause)}`, {
        cause,
      });
      for (const append of batch) append.reject(error);
      return;
    }
    this.counters.appends += batch.length;
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes[i]!;
      if ('ok' in outcome) batch[i]!.resolve(outcome.ok);
      else batch[i]!.reject(outcome.error);
    }
    if (wrote) this.notifyCommit();
  };

  private appendOne({ stream, events, expected }: PendingAppend, recordedAt: string): AppendResult {
    const held = events.map(
      (e) => this.sql.heldEvent.get(stream, e.id) as { revision: bigint; position: bigint; hash: string } | undefined,
    );
    const retry = findRetry(stream, events, held);
    if (retry) return retry;

    const last = this.sql.lastEvent.get(stream) as { revision: bigint; hash: string } | undefined;
    checkExpectedRevision(stream, expected, last?.revision ?? 'no_stream');
    let revision = last?.revision ?? -1n;
    let hash = last?.hash ?? GENESIS_HASH;
    let position = 0n;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      revision++;
      const previousHash = hash;
      hash = sha256Hex(
        canonicalEventTextFrom(stream, revision, e.id, e.type, e.canonicalData, e.canonicalMetadata, previousHash),
      );
      const info = this.sql.insert.run(stream, revision, e.id, e.type, e.dataJson, e.metadataJson, recordedAt, previousHash, hash);
      position = BigInt(info.lastInsertRowid);
      this.faults?.afterEventWritten?.(i + 1, stream);
    }
    return { nextExpectedRevision: revision, position, hash, deduplicated: false };
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const o = normalizeReadStreamOptions(stream, options);
    const toPosition = clamp(o.toPosition ?? INT64_MAX);
    const limit = o.maxCount ?? -1;
    return this.readEvents(() =>
      o.direction === 'forwards'
        ? (this.sql.readForwards.all(stream, clamp(o.fromRevision ?? 0n), toPosition, limit) as Row[])
        : (this.sql.readBackwards.all(stream, clamp(o.fromRevision ?? INT64_MAX), toPosition, limit) as Row[]),
    );
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    const { after, maxCount } = normalizeReadAllOptions(options);
    return this.readPage(after, maxCount ?? -1);
  }

  async readPositions(positions: readonly bigint[]): Promise<RecordedEvent[]> {
    if (positions.length === 0) return this.read(() => []);
    const list = `[${positions.map(String).join(',')}]`;
    return this.readEvents(() => this.sql.readPositions.all(list) as Row[]);
  }

  readPage(after: bigint, maxCount: number): RecordedEvent[] {
    return this.readEvents(() => this.sql.readAll.all(clamp(after), maxCount) as Row[]);
  }

  async headPosition(): Promise<bigint> {
    return this.read(() => this.sql.head.get() as bigint);
  }

  /** Positions have no gaps, and log_extent remembers the highest one ever given (see database.ts). */
  readonly completeness: LogCompleteness = {
    contiguousPositions: true,
    findMissing: async ({ lastPosition }) => this.read(() => this.findMissing(lastPosition)),
  };

  private findMissing(lastPosition: bigint): MissingEvent | undefined {
    // one statement, one snapshot: events appended since verify read the end move the head, not the verdict
    const [extent, next, head] = this.sql.extent.get(clamp(lastPosition)) as [bigint | null, bigint | null, bigint];
    const none = { stream: null, revision: null };
    if (next !== null && next !== lastPosition + 1n) {
      return { ...none, position: lastPosition + 1n, expected: `position ${lastPosition + 1n}`, found: `position ${next}` };
    }
    if (extent === null) {
      return { ...none, position: head + 1n, expected: 'the record of the last position given (log_extent)', found: 'none' };
    }
    if (extent > head) {
      return { ...none, position: head + 1n, expected: `events up to position ${extent}`, found: `the log ends at position ${head}` };
    }
    return undefined;
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    const { after, signal } = normalizeSubscribeOptions(options);
    const subscription = new CatchUpSubscription(this, after, this.pageSize, signal);
    this.subscriptions.add(subscription);
    return subscription;
  }

  onNextCommit(wake: () => void): void {
    let waiters = waitersByFile.get(this.file);
    if (!waiters) waitersByFile.set(this.file, (waiters = new Set()));
    waiters.add(wake);
    this.pollForOtherWriters();
  }

  private poller: ReturnType<typeof setInterval> | undefined;
  private seenDataVersion: bigint | undefined;

  /**
   * PRAGMA data_version changes when another connection commits to the file (not for this connection's own commits,
   * which wake waiters directly). Polled only while a subscription of this store waits.
   */
  private pollForOtherWriters(): void {
    if (this.poller || this.closed) return;
    this.seenDataVersion = this.sql.dataVersion.get() as bigint;
    this.poller = setInterval(() => {
      if (this.closed || !this.hasWaitingSubscription()) {
        clearInterval(this.poller);
        this.poller = undefined;
        return;
      }
      const version = this.sql.dataVersion.get() as bigint;
      if (version !== this.seenDataVersion) {
        this.seenDataVersion = version;
        this.notifyCommit();
      }
    }, DATA_VERSION_POLL_MS);
    // a waiting subscription alone does not keep the process alive, as before
    this.poller.unref();
  }

  private hasWaitingSubscription(): boolean {
    for (const subscription of this.subscriptions) if (subscription.waiting) return true;
    return false;
  }

  offNextCommit(wake: () => void): void {
    waitersByFile.get(this.file)?.delete(wake);
  }

  forget(subscription: CatchUpSubscription): void {
    this.subscriptions.delete(subscription);
  }

  stats(): SqliteEventStoreStats {
    return { ...this.counters };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already accepted are written before the file closes.
    this.flush();
    this.closed = true;
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
    for (const subscription of [...this.subscriptions]) await subscription.close();
    this.db.close();
  }

  private notifyCommit(): void {
    const waiters = waitersByFile.get(this.file);
    if (!waiters) return;
    waitersByFile.delete(this.file);
    for (const wake of waiters) wake();
  }

  private readEvents(query: () => Row[]): RecordedEvent[] {
    return this.read(() => query().map(toRecordedEvent));
  }

  private read<T>(query: () => T): T {
    if (this.closed) throw new EventStoreClosedError();
    try {
      return query();
    } catch (cause) {
      if (cause instanceof EventStoreError) throw cause;
      throw new EventStoreError(`Reading the SQLite event store failed: ${message(cause)}`, { cause });
    }
  }
}

function toRecordedEvent(row: Row): RecordedEvent {
  let data: JsonObject;
  let metadata: EventMetadata;
  try {
    data = JSON.parse(row[5]) as JsonObject;
    metadata = JSON.parse(row[6]) as EventMetadata;
  } catch (cause) {
    throw new CorruptEventError(
      `The event at position ${row[0]} ('${row[1]}'@${row[2]}) holds JSON that cannot be read: ${message(cause)}`,
      row[1],
      row[2],
      row[0],
      { cause },
    );
  }
  return {
    id: row[3],
    type: row[4],
    data,
    metadata,
    stream: row[1],
    revision: row[2],
    position: row[0],
    recordedAt: row[7],
    hash: row[9],
    previousHash: row[8],
  };
}

function asStoreError(error: unknown, stream: string): unknown {
  if (error instanceof EventStoreError) return error;
  return new EventStoreError(`Append to '${stream}' failed; nothing of it was written: ${message(error)}`, {
    cause: error,
  });
}
