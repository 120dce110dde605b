import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { PlanCatalogue } from '@hyoka/catalogue';
import type { EventStore, RecordedEvent } from '@hyoka/event-store';
import {
  EVENT_SCHEMA_VERSIONS,
  catalogueStateFor,
  catalogueStream,
  evolveCatalogue,
  initialCatalogueState,
  upcast,
  type CatalogueState,
} from '@hyoka/domain';
import { catalogueAsOfPosition, evaluationAsOf, planAsOfPosition } from '../as-of.js';
import type { BoardEntry } from '../board/board.projection.js';
import { composeBoard, type BoardRow } from '../board/board.queries.js';
import type { EvaluationHistory } from '../history/history.queries.js';
import { planItemsOf } from '../plan/plan-item.js';
import { parseEvaluationStream } from '../streams.js';
import { emptyBoardFold, foldBoardEvent, type BoardFold } from './board-fold.js';

/**
 * Bump when the board fold (evolveBoardEntry, evolveEvaluation, evolveActorNames) changes what it makes of an event:
 * snapshots of another fold version are dropped and rebuilt. The upcasters' versions are part of the key as well.
 */
export const REPLAY_FOLD_VERSION = 3;
const FOLD_KEY = `${REPLAY_FOLD_VERSION}:${JSON.stringify(EVENT_SCHEMA_VERSIONS)}`;
const FILE_VERSION = '1';
/** events per block of the time index */
const BLOCK = 256;
const PAGE = 1000;

export interface OpenReplayIndexOptions {
  /** the index file, e.g. `${dataDir}/replay-index.sqlite` beside the read models; created on first use */
  file: string;
  /** the store it indexes; the index holds nothing that cannot be rebuilt from it */
  store: EventStore;
  /** events between two board snapshots (default 2000): fewer means faster as-of reads and a bigger file */
  snapshotEvery?: number;
}

export interface ReplayIndexStats {
  /** events indexed (time → position) */
  events: number;
  /** position of the last indexed event */
  position: bigint;
  snapshots: number;
  /** evaluation states stored by the snapshots (each written once per snapshot that changed it) */
  entries: number;
  /** compressed bytes of those states */
  entryBytes: number;
  /** times the index found the store was not the one it had indexed (restored, replaced) and started over */
  resets: number;
}

/**
 * A derived, rebuildable cache for "as it stood then" reads, built only from the event store (never from the live
 * read models): a time → position index of every event, and snapshots of the board fold every `snapshotEvery` events.
 * Each read first catches up with the store, so it answers for every event committed before it was called.
 */
export interface ReplayIndex {
  readonly file: string;
  /** indexes every event the store holds now; resolves with the indexed position */
  catchUp(): Promise<bigint>;
  /** the last position with recordedAt ≤ isoTime (0n when none), as `positionAtTime` but by index lookup */
  positionAtTime(isoTime: string): Promise<bigint>;
  /** as `boardAsOf`: the nearest snapshot at or before the position, then the events after it */
  boardAsOf(fiscalYear: number, asOfPosition: bigint): Promise<BoardRow[]>;
  /** as `evaluationAsOf` (one stream and its actors' streams: already short, read directly) */
  evaluationAsOf(itemId: string, fiscalYear: number, asOfPosition: bigint): Promise<EvaluationHistory>;
  /** as `planAsOfPosition` */
  planAsOfPosition(asOfPosition: bigint): Promise<PlanCatalogue | null>;
  /** as `catalogueAsOfPosition`: every plan period as it stood */
  catalogueAsOfPosition(asOfPosition: bigint): Promise<CatalogueState>;
  stats(): ReplayIndexStats;
  close(): void;
}

const DDL = `
  CREATE TABLE IF NOT EXISTS replay_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  -- every event: its ordinal in the log (seq), its position, and recordedAt in ms
  CREATE TABLE IF NOT EXISTS replay_times (seq INTEGER PRIMARY KEY, position INTEGER NOT NULL, recorded_ms INTEGER NOT NULL) STRICT;
  CREATE INDEX IF NOT EXISTS replay_times_by_position ON replay_times (position);
  -- the board fold after the first seq events, the last of which is at position (event_id)
  CREATE TABLE IF NOT EXISTS replay_snapshots (
    seq INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    fold_version TEXT NOT NULL,
    names TEXT NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS replay_snapshots_by_position ON replay_snapshots (position);
  -- a stream's board entry as of the snapshot at position; a snapshot stores only the streams changed since the last one
  CREATE TABLE IF NOT EXISTS replay_entries (
    stream TEXT NOT NULL,
    position INTEGER NOT NULL,
    fiscal_year INTEGER NOT NULL,
    entry BLOB NOT NULL,
    PRIMARY KEY (stream, position)
  ) STRICT, WITHOUT ROWID;
`;

interface SnapshotRow {
  seq: bigint;
  position: bigint;
  event_id: string;
  names: string;
}

const pack = (entry: BoardEntry): Buffer => deflateRawSync(JSON.stringify(entry), { level: 1 });
const unpack = (blob: Buffer): BoardEntry => JSON.parse(inflateRawSync(blob).toString('utf8')) as BoardEntry;

function parseTime(isoTime: string): number {
  const time = Date.parse(isoTime);
  if (Number.isNaN(time)) throw new RangeError(`Not an ISO-8601 time: '${isoTime}'`);
  return time;
}

/** Opens (or creates) the replay index of a store. Call `catchUp()` at start-up to index a large store ahead of reads. */
export function openReplayIndex(options: OpenReplayIndexOptions): ReplayIndex {
  return new SqliteReplayIndex(options);
}

class SqliteReplayIndex implements ReplayIndex {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly store: EventStore;
  private readonly snapshotEvery: number;

  // the fold as of the last indexed event
  private seq = 0;
  private position = 0n;
  private lastEventId = '';
  private fold: BoardFold = emptyBoardFold();
  private dirty = new Set<string>();
  /** seq → position and time of events indexed since the last write */
  private pendingTimes: [number, bigint, number][] = [];
  /** minimum recordedAt (ms) per block of BLOCK events, for the time lookup */
  private blockMin: number[] = [];
  private resets = 0;
  private running: Promise<bigint> | null = null;
  private catalogueCache: { position: bigint; state: CatalogueState } | null = null;
  private closed = false;

  constructor(options: OpenReplayIndexOptions) {
    const every = options.snapshotEvery ?? 2000;
    if (!Number.isSafeInteger(every) || every < 1) throw new RangeError(`snapshotEvery must be a positive integer, not ${every}`);
    this.snapshotEvery = every;
    this.store = options.store;
    mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.file = this.db.name;
    // a cache: losing the last transactions to a power cut only means catching up again
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.defaultSafeIntegers(true);
    this.db.exec(DDL);
    const meta = this.meta('file_version');
    if (meta !== null && meta !== FILE_VERSION) this.clear();
    this.setMeta('file_version', FILE_VERSION);
    // snapshots of another fold are of no use: drop them and fold again from the start
    if (this.meta('fold_version') !== FOLD_KEY) this.clearSnapshots();
    this.setMeta('fold_version', FOLD_KEY);
    this.restore();
  }

  private meta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM replay_meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  private setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO replay_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  private clear(): void {
    this.db.exec('DELETE FROM replay_times; DELETE FROM replay_snapshots; DELETE FROM replay_entries; DELETE FROM replay_meta;');
  }

  private clearSnapshots(): void {
    this.db.exec('DELETE FROM replay_snapshots; DELETE FROM replay_entries;');
  }

  /** The fold as of the last snapshot; the events after it are folded again by the next catch-up. */
  private restore(): void {
    const snapshot = this.db
      .prepare('SELECT seq, position, event_id, names FROM replay_snapshots WHERE fold_version = ? ORDER BY seq DESC LIMIT 1')
      .get(FOLD_KEY) as SnapshotRow | undefined;
    this.fold = emptyBoardFold();
    this.dirty = new Set();
    this.pendingTimes = [];
    this.catalogueCache = null;
    if (snapshot) {
      this.seq = Number(snapshot.seq);
      this.position = snapshot.position;
      this.lastEventId = snapshot.event_id;
      this.fold.names = new Map(JSON.parse(snapshot.names) as [string, string][]);
      const rows = this.db
        .prepare(
          `SELECT e.stream, e.entry FROM replay_entries e
           WHERE e.position = (SELECT MAX(position) FROM replay_entries WHERE stream = e.stream AND position <= ?)`,
        )
        .all(snapshot.position) as { stream: string; entry: Buffer }[];
      for (const row of rows) this.fold.entries.set(row.stream, unpack(row.entry));
    } else {
      this.seq = 0;
      this.position = 0n;
      this.lastEventId = '';
    }
    // times of events after the snapshot are indexed again as they are folded again
    this.db.prepare('DELETE FROM replay_times WHERE seq >= ?').run(this.seq);
    this.blockMin = [];
    const blocks = this.db
      .prepare('SELECT seq / ? AS block, MIN(recorded_ms) AS min FROM replay_times GROUP BY block ORDER BY block')
      .all(BLOCK) as { block: bigint; min: bigint }[];
    for (const { block, min } of blocks) this.blockMin[Number(block)] = Number(min);
  }

  catchUp(): Promise<bigint> {
    if (this.closed) return Promise.reject(new Error('The replay index is closed'));
    // one catch-up at a time; a read that arrives meanwhile waits for it and then catches up the rest
    const previous = this.running ?? Promise.resolve(0n);
    const next = previous.catch(() => 0n).then(() => this.catchUpNow());
    this.running = next;
    void next.finally(() => {
      if (this.running === next) this.running = null;
    }).catch(() => {});
    return next;
  }

  private async catchUpNow(): Promise<bigint> {
    const same = await this.sameLog();
    if (this.closed) return this.position;
    if (!same) {
      // the store is not the log this index was built from (restored from a backup, replaced): start over
      this.resets += 1;
      this.clear();
      this.setMeta('file_version', FILE_VERSION);
      this.setMeta('fold_version', FOLD_KEY);
      this.restore();
    }
    for (;;) {
      const page = await this.store.readAll({ after: this.position, maxCount: PAGE });
      // closed while reading (shutdown): stop quietly, the next start catches up from the last snapshot
      if (this.closed) return this.position;
      for (const event of page) this.index(event);
      if (page.length < PAGE) break;
      // an embedded store reads synchronously: without a macrotask between pages, indexing a large log at start-up
      // kept the server from answering anyone until it was done (docs/design.md, start-up)
      await new Promise((resolve) => setImmediate(resolve));
      if (this.closed) return this.position;
    }
    this.flushTimes();
    return this.position;
  }

  /** Whether the event the fold ends with is still in the store, where it was. */
  private async sameLog(): Promise<boolean> {
    if (this.seq === 0) return true;
    const before = this.seq >= 2 ? this.positionOfSeq(this.seq - 2) : 0n;
    if (before === null) return false;
    const [event] = await this.store.readAll({ after: before, maxCount: 1 });
    return event !== undefined && event.position === this.position && event.id === this.lastEventId;
  }

  private positionOfSeq(seq: number): bigint | null {
    const pending = this.pendingTimes.find(([s]) => s === seq);
    if (pending) return pending[1];
    const row = this.db.prepare('SELECT position FROM replay_times WHERE seq = ?').get(seq) as { position: bigint } | undefined;
    return row?.position ?? null;
  }

  private index(event: RecordedEvent): void {
    const changed = foldBoardEvent(this.fold, event);
    if (changed) this.dirty.add(changed);
    const ms = Date.parse(event.recordedAt);
    this.pendingTimes.push([this.seq, event.position, ms]);
    const block = Math.floor(this.seq / BLOCK);
    const min = this.blockMin[block];
    this.blockMin[block] = min === undefined ? ms : Math.min(min, ms);
    this.seq += 1;
    this.position = event.position;
    this.lastEventId = event.id;
    if (this.seq % this.snapshotEvery === 0) this.snapshot();
  }

  private flushTimes(): void {
    if (this.pendingTimes.length === 0) return;
    const insert = this.db.prepare('INSERT OR REPLACE INTO replay_times (seq, position, recorded_ms) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const [seq, position, ms] of this.pendingTimes) insert.run(seq, position, ms);
    })();
    this.pendingTimes = [];
  }

  /** Writes the fold as of now: the entries changed since the last snapshot, the names, and the times. */
  private snapshot(): void {
    const insertEntry = this.db.prepare(
      'INSERT OR REPLACE INTO replay_entries (stream, position, fiscal_year, entry) VALUES (?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      this.flushTimes();
      for (const stream of this.dirty) {
        const entry = this.fold.entries.get(stream)!;
        insertEntry.run(stream, this.position, entry.fiscalYear, pack(entry));
      }
      this.db
        .prepare('INSERT OR REPLACE INTO replay_snapshots (seq, position, event_id, fold_version, names) VALUES (?, ?, ?, ?, ?)')
        .run(this.seq, this.position, this.lastEventId, FOLD_KEY, JSON.stringify([...this.fold.names]));
    })();
    this.dirty = new Set();
  }

  async positionAtTime(isoTime: string): Promise<bigint> {
    const time = parseTime(isoTime);
    await this.catchUp();
    // the answer is in the last block holding an event recorded at or before the time (clocks may step back)
    let block = this.blockMin.length - 1;
    while (block >= 0 && !((this.blockMin[block] ?? Infinity) <= time)) block -= 1;
    if (block < 0) return 0n;
    const row = this.db
      .prepare('SELECT MAX(position) AS position FROM replay_times WHERE seq >= ? AND seq < ? AND recorded_ms <= ?')
      .get(block * BLOCK, (block + 1) * BLOCK, time) as { position: bigint | null };
    return row.position ?? 0n;
  }

  async boardAsOf(fiscalYear: number, asOfPosition: bigint): Promise<BoardRow[]> {
    await this.catchUp();
    const snapshot = this.db
      .prepare(
        'SELECT seq, position, event_id, names FROM replay_snapshots WHERE position <= ? AND fold_version = ? ORDER BY position DESC LIMIT 1',
      )
      .get(asOfPosition, FOLD_KEY) as SnapshotRow | undefined;
    const fold = emptyBoardFold();
    let from = 0n;
    if (snapshot) {
      from = snapshot.position;
      fold.names = new Map(JSON.parse(snapshot.names) as [string, string][]);
      const latest = this.db.prepare(
        'SELECT entry FROM replay_entries WHERE stream = ? AND position <= ? ORDER BY position DESC LIMIT 1',
      );
      // every stream of the year the index knows; one that started after the snapshot is found by the replay below
      for (const [stream, entry] of this.fold.entries) {
        if (entry.fiscalYear !== fiscalYear) continue;
        const row = latest.get(stream, snapshot.position) as { entry: Buffer } | undefined;
        if (row) fold.entries.set(stream, unpack(row.entry));
      }
    }
    // read exactly the events after the snapshot up to the position (the time index counts them)
    const last = this.db
      .prepare('SELECT seq FROM replay_times WHERE position <= ? ORDER BY position DESC LIMIT 1')
      .get(asOfPosition) as { seq: bigint } | undefined;
    let remaining = last ? Number(last.seq) + 1 - (snapshot ? Number(snapshot.seq) : 0) : 0;
    let after = from;
    while (remaining > 0) {
      const page = await this.store.readAll({ after, maxCount: Math.min(PAGE, remaining) });
      for (const event of page) {
        if (event.position > asOfPosition) break;
        const evaluation = parseEvaluationStream(event.stream);
        // other years' evaluations cannot change this year's rows; names and everything else still fold
        if (!evaluation || evaluation.fiscalYear === fiscalYear) foldBoardEvent(fold, event);
      }
      if (page.length === 0) break;
      remaining -= page.length;
      after = page.at(-1)!.position;
    }
    const catalogue = await this.catalogueAt(asOfPosition);
    return composeBoard(fiscalYear, planItemsOf(catalogueStateFor(catalogue, fiscalYear)), [...fold.entries.values()]);
  }

  /** The catalogue stream is short (an import and its revisions): read it, and keep the last fold for the next read. */
  private async catalogueAt(asOfPosition: bigint): Promise<CatalogueState> {
    const events = await this.store.readStream(catalogueStream(), { toPosition: asOfPosition });
    const last = events.at(-1)?.position ?? 0n;
    if (this.catalogueCache?.position === last) return this.catalogueCache.state;
    const state = events.map(upcast).reduce<CatalogueState>(evolveCatalogue, initialCatalogueState());
    this.catalogueCache = { position: last, state };
    return state;
  }

  evaluationAsOf(itemId: string, fiscalYear: number, asOfPosition: bigint): Promise<EvaluationHistory> {
    return evaluationAsOf(this.store, itemId, fiscalYear, asOfPosition);
  }

  planAsOfPosition(asOfPosition: bigint): Promise<PlanCatalogue | null> {
    return planAsOfPosition(this.store, asOfPosition);
  }

  catalogueAsOfPosition(asOfPosition: bigint): Promise<CatalogueState> {
    return catalogueAsOfPosition(this.store, asOfPosition);
  }

  stats(): ReplayIndexStats {
    const count = (sql: string) => Number((this.db.prepare(sql).get() as { n: bigint | null }).n ?? 0n);
    return {
      events: this.seq,
      position: this.position,
      snapshots: count('SELECT COUNT(*) AS n FROM replay_snapshots'),
      entries: count('SELECT COUNT(*) AS n FROM replay_entries'),
      entryBytes: count('SELECT SUM(LENGTH(entry)) AS n FROM replay_entries'),
      resets: this.resets,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flushTimes();
    } finally {
      this.db.close();
    }
  }
}
