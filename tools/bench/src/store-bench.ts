import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  GENESIS_HASH,
  canonicalEventTextFrom,
  canonicalJson,
  sha256Hex,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type JsonObject,
} from '@hyoka/event-store';
import { SCHEMA, openSqliteEventStore } from '@hyoka/event-store-sqlite';

/*
 * Hyoka's SQLite adapter against raw better-sqlite3 on the same schema and settings (a file, WAL, synchronous=FULL).
 * The raw side does the least an application must do for the same guarantees: one transaction per append that
 * checks the expected revision and inserts the JSON; reads turn rows into objects with parsed JSON.
 */

export interface StoreBenchOptions {
  /** appends by the single client, per run */
  singleAppends: number;
  /** concurrent clients and the appends each makes, per run */
  clients: number;
  appendsPerClient: number;
  /** events in the log for the read benchmarks, and events of the one stream read */
  readAllEvents: number;
  streamLength: number;
  streamReads: number;
  /** runs of each measurement; the median is reported */
  runs: number;
}

export const defaultStoreBenchOptions: StoreBenchOptions = {
  singleAppends: 2000,
  clients: 32,
  appendsPerClient: 200,
  readAllEvents: 20_000,
  streamLength: 50,
  streamReads: 400,
  runs: 3,
};

export interface Measurement {
  name: string;
  events: number;
  rawEventsPerSecond: number;
  hyokaEventsPerSecond: number;
  /** hyoka / baseline */
  ratio: number;
  baseline: string;
  target?: number;
  met?: boolean;
}

export interface StoreBenchResult {
  suite: 'event-store';
  startedAt: string;
  node: string;
  sqlite: string;
  options: StoreBenchOptions;
  measurements: Measurement[];
  /** events per commit when the 32 clients appended through Hyoka (group commit at work) */
  groupCommitEventsPerCommit: number;
}

const metadata = (): EventMetadata => {
  const commandId = randomUUID();
  return {
    actor: 'user-bench',
    actingAs: 'Staff',
    commandId,
    correlationId: commandId,
    causationId: commandId,
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
  };
};
const data = (i: number): JsonObject => ({
  itemId: `item-${i % 150}`,
  fiscalYear: 2025,
  actual: i % 7,
  narrative: {
    achievements: '地域福祉活動計画に基づき研修会を4回開催し、延べ120名が参加した。',
    issues: '担い手の高齢化',
    nextYear: '若年層への周知を強化する',
  },
  evidenceLinks: ['https://example.org/report.pdf'],
});
const event = (i: number): EventToAppend => ({ id: randomUUID(), type: 'SelfEvaluationSaved', data: data(i), metadata: metadata() });
/** The store suite's event, for the other stores' legs of the same workloads. */
export const benchEvent = event;

/** Raw better-sqlite3: the same file settings and schema, no Hyoka code. */
class RawStore {
  readonly db: Database.Database;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly lastRevision: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly all: Database.Statement;
  private readonly stream: Database.Statement;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
    this.db.defaultSafeIntegers(true);
    this.begin = this.db.prepare('BEGIN IMMEDIATE');
    this.commit = this.db.prepare('COMMIT');
    this.rollback = this.db.prepare('ROLLBACK');
    this.lastRevision = this.db.prepare('SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1');
    this.insert = this.db.prepare(
      'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // Array rows (.raw()) are better-sqlite3's fastest read mode: the baseline gets the best the driver offers.
    this.all = this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw();
    this.stream = this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? ORDER BY revision`).raw();
  }

  /** One transaction: check the expected revision (-1n: no stream), chain the event's hash, insert, commit. */
  append(stream: string, expected: bigint, e: EventToAppend): bigint {
    this.begin.run();
    const last = this.lastRevision.get(stream) as { revision: bigint; hash: string } | undefined;
    const current = last?.revision ?? -1n;
    if (current !== expected) {
      this.rollback.run();
      throw new Error(`conflict on ${stream}`);
    }
    const revision = current + 1n;
    const previousHash = last?.hash ?? GENESIS_HASH;
    const hash = sha256Hex(
      canonicalEventTextFrom(stream, revision, e.id, e.type, canonicalJson(e.data), canonicalJson(e.metadata), previousHash),
    );
    const when = new Date().toISOString();
    this.insert.run(stream, revision, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), when, previousHash, hash);
    this.commit.run();
    return revision;
  }

  readAll(after: bigint, maxCount: number) {
    return (this.all.all(after, maxCount) as RawRow[]).map(fromRow);
  }

  readStream(stream: string) {
    return (this.stream.all(stream) as RawRow[]).map(fromRow);
  }
}

const COLUMNS = 'position, stream, revision, id, type, data, metadata, recorded_at';
type RawRow = [bigint, string, bigint, string, string, string, string, string];
const fromRow = (r: RawRow) => ({
  id: r[3],
  type: r[4],
  data: JSON.parse(r[5]) as JsonObject,
  metadata: JSON.parse(r[6]) as EventMetadata,
  stream: r[1],
  revision: r[2],
  position: r[0],
  recordedAt: r[7],
});

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A fresh folder per run, so file growth does not favour either side. */
function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'hyoka-bench-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

async function hyokaAppends(clients: number, perClient: number) {
  return withTempDir(async (dir) => {
    const store = await openSqliteEventStore({ file: join(dir, 'hyoka.db') });
    const events = Array.from({ length: clients * perClient }, (_, i) => event(i));
    const start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const stream = `evaluation-bench-${c}`;
        let revision = -1n;
        for (let i = 0; i < perClient; i++) {
          const result = await store.appendToStream(stream, [events[c * perClient + i]!], {
            expectedRevision: revision < 0n ? 'no_stream' : revision,
          });
          revision = result.nextExpectedRevision;
        }
      }),
    );
    const elapsed = seconds(start);
    const stats = store.stats();
    await store.close();
    return { eventsPerSecond: (clients * perClient) / elapsed, eventsPerCommit: stats.appends / stats.commits };
  });
}

async function rawAppends(clients: number, perClient: number) {
  return withTempDir(async (dir) => {
    const raw = new RawStore(join(dir, 'raw.db'));
    const events = Array.from({ length: clients * perClient }, (_, i) => event(i));
    const start = process.hrtime.bigint();
    // Concurrent async callers, as with Hyoka; better-sqlite3 is synchronous, so each append is its own transaction.
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const stream = `evaluation-bench-${c}`;
        let revision = -1n;
        for (let i = 0; i < perClient; i++) {
          await Promise.resolve();
          revision = raw.append(stream, revision, events[c * perClient + i]!);
        }
      }),
    );
    const elapsed = seconds(start);
    raw.db.close();
    return (clients * perClient) / elapsed;
  });
}

/** Fills both files with the same events (in big transactions: this is set-up, not measured). */
async function filledStores(dir: string, o: StoreBenchOptions) {
  const raw = new RawStore(join(dir, 'raw.db'));
  const hyoka = await openSqliteEventStore({ file: join(dir, 'hyoka.db') });
  const streams = Math.ceil(o.readAllEvents / o.streamLength);
  const batch = 500;
  const insert = raw.db.prepare(
    'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // schema v2 chains each stream's events by hash, as RawStore.append does
  const lastHash = new Map<string, string>();
  for (let start = 0; start < o.readAllEvents; start += batch) {
    const appends: Promise<unknown>[] = [];
    raw.db.exec('BEGIN');
    for (let i = start; i < Math.min(start + batch, o.readAllEvents); i++) {
      const stream = `evaluation-bench-${i % streams}`;
      const revision = BigInt(Math.floor(i / streams));
      const e = event(i);
      const previousHash = lastHash.get(stream) ?? GENESIS_HASH;
      const hash = sha256Hex(
        canonicalEventTextFrom(stream, revision, e.id, e.type, canonicalJson(e.data), canonicalJson(e.metadata), previousHash),
      );
      lastHash.set(stream, hash);
      insert.run(stream, revision, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), new Date().toISOString(), previousHash, hash);
      appends.push(hyoka.appendToStream(stream, [e], { expectedRevision: revision === 0n ? 'no_stream' : revision - 1n }));
    }
    raw.db.exec('COMMIT');
    await Promise.all(appends);
  }
  return { raw, hyoka, streams };
}

async function readAllRate(read: (after: bigint, max: number) => Promise<{ position: bigint }[]> | { position: bigint }[]) {
  const start = process.hrtime.bigint();
  let after = 0n;
  let count = 0;
  for (;;) {
    const page = await read(after, 1000);
    if (page.length === 0) break;
    count += page.length;
    after = page.at(-1)!.position;
  }
  return count / seconds(start);
}

async function readStreamRate(o: StoreBenchOptions, streams: number, read: (stream: string) => Promise<unknown[]> | unknown[]) {
  const start = process.hrtime.bigint();
  let count = 0;
  for (let i = 0; i < o.streamReads; i++) count += (await read(`evaluation-bench-${(i * 7) % streams}`)).length;
  return count / seconds(start);
}

export async function runStoreBenchmark(
  o: StoreBenchOptions = defaultStoreBenchOptions,
  log: (line: string) => void = () => undefined,
): Promise<StoreBenchResult> {
  const startedAt = new Date().toISOString();
  // Warm-up (JIT, file system), not reported.
  await rawAppends(1, 200);
  await hyokaAppends(1, 200);

  // Alternate the two sides run by run, so drift on the machine hits both alike.
  const raw1: number[] = [];
  const hyoka1: number[] = [];
  const raw32: number[] = [];
  const hyoka32: number[] = [];
  const perCommit: number[] = [];
  for (let run = 0; run < o.runs; run++) {
    raw1.push(await rawAppends(1, o.singleAppends));
    hyoka1.push((await hyokaAppends(1, o.singleAppends)).eventsPerSecond);
    raw32.push(await rawAppends(o.clients, o.appendsPerClient));
    const h = await hyokaAppends(o.clients, o.appendsPerClient);
    hyoka32.push(h.eventsPerSecond);
    perCommit.push(h.eventsPerCommit);
    log(`  appends run ${run + 1}/${o.runs} done`);
  }

  const rawAll: number[] = [];
  const hyokaAll: number[] = [];
  const rawStream: number[] = [];
  const hyokaStream: number[] = [];
  await withTempDir(async (dir) => {
    const { raw, hyoka, streams } = await filledStores(dir, o);
    await readAllRate((after, max) => raw.readAll(after, max));
    await readAllRate((after, max) => hyoka.readAll({ after, maxCount: max }));
    for (let run = 0; run < o.runs; run++) {
      rawAll.push(await readAllRate((after, max) => raw.readAll(after, max)));
      hyokaAll.push(await readAllRate((after, max) => hyoka.readAll({ after, maxCount: max })));
      rawStream.push(await readStreamRate(o, streams, (s) => raw.readStream(s)));
      hyokaStream.push(await readStreamRate(o, streams, (s) => hyoka.readStream(s)));
    }
    raw.db.close();
    await hyoka.close();
    log('  reads done');
  });

  const measure = (
    name: string,
    events: number,
    raw: number[],
    hyoka: number[],
    baseline: string,
    target?: number,
  ): Measurement => {
    const r = median(raw);
    const h = median(hyoka);
    const ratio = h / r;
    return {
      name,
      events,
      rawEventsPerSecond: Math.round(r),
      hyokaEventsPerSecond: Math.round(h),
      ratio: Math.round(ratio * 100) / 100,
      baseline,
      ...(target === undefined ? {} : { target, met: ratio >= target }),
    };
  };
  const versions = new Database(':memory:');
  const sqlite = String(versions.prepare('SELECT sqlite_version()').pluck().get());
  versions.close();
  return {
    suite: 'event-store',
    startedAt,
    node: process.version,
    sqlite,
    options: o,
    measurements: [
      measure('append, 1 client', o.singleAppends, raw1, hyoka1, 'raw, 1 client', 0.8),
      measure(
        `append, ${o.clients} clients (group commit)`,
        o.clients * o.appendsPerClient,
        raw1,
        hyoka32,
        'raw single-transaction rate (1 client)',
        3,
      ),
      measure(`append, ${o.clients} clients vs raw ${o.clients} clients`, o.clients * o.appendsPerClient, raw32, hyoka32, `raw, ${o.clients} clients`),
      measure('read all (pages of 1000)', o.readAllEvents, rawAll, hyokaAll, 'raw', 0.8),
      measure(`read one stream (${o.streamLength} events)`, o.streamReads * o.streamLength, rawStream, hyokaStream, 'raw'),
    ],
    groupCommitEventsPerCommit: Math.round(median(perCommit) * 10) / 10,
  };
}

export function formatStoreBench(result: StoreBenchResult): string {
  const rows = result.measurements.map((m) => [
    m.name,
    m.rawEventsPerSecond.toLocaleString('en-US'),
    m.hyokaEventsPerSecond.toLocaleString('en-US'),
    `${m.ratio.toFixed(2)}×`,
    m.baseline,
    m.target === undefined ? '' : `≥ ${m.target}× ${m.met ? 'met' : 'NOT MET'}`,
  ]);
  const header = ['measurement', 'baseline ev/s', 'hyoka ev/s', 'ratio', 'baseline', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    `Event store: Hyoka SQLite adapter vs raw better-sqlite3 (WAL, synchronous=FULL; SQLite ${result.sqlite}, Node ${result.node})`,
    line(header),
    ...rows.map(line),
    `group commit: ${result.groupCommitEventsPerCommit} appends per commit with ${result.options.clients} clients`,
  ].join('\n');
}
