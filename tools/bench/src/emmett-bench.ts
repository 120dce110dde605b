import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchEvent, type StoreBenchOptions, type StoreBenchResult } from './store-bench.js';

/*
 * @event-driven-io/emmett-sqlite on the store suite's workloads: single-event appends with an expected stream version
 * (1 client, then N concurrent clients on one event store), reading the whole log in pages of 1000, reading one
 * stream. Its settings are its own: getSQLiteEventStore takes only a file name, opens a sqlite3 connection per call
 * and sets journal_mode=WAL; `synchronous` is SQLite's default, which this suite reads back and reports.
 * Emmett's event store has no read-all; its exported readMessagesBatch (what its consumers page with) is used.
 */

type EmmettSqlite = typeof import('@event-driven-io/emmett-sqlite');
type Emmett = typeof import('@event-driven-io/emmett');

export interface EmmettMeasurement {
  name: string;
  events: number;
  emmettEventsPerSecond: number | null;
  hyokaEventsPerSecond: number;
  /** hyoka / emmett */
  ratio: number | null;
  /** appends that emmett failed over all runs (an SQLite error or a conflict) — the rate counts only the others */
  failures?: number;
  firstError?: string;
  /** runs whose child process gave no answer within the limit and was killed */
  blockedRuns?: number;
  /** runs not made because the workload had blocked already */
  runsNotRepeatedAfterBlocking?: number;
}

export interface EmmettBenchResult {
  suite: 'emmett-sqlite';
  startedAt: string;
  versions: { emmettSqlite: string; emmett: string; sqlite3Module: string; sqlite: string } | null;
  settings: string | null;
  runs: number;
  /** each workload runs in a child process killed after this many seconds without an answer */
  limitSeconds?: number;
  skipped?: string;
  measurements: EmmettMeasurement[];
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200);

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'hyoka-bench-emmett-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const toEmmett = (i: number) => {
  const e = benchEvent(i);
  return { type: e.type, data: e.data, metadata: { ...e.metadata, messageId: e.id } };
};

async function load(): Promise<{ es: EmmettSqlite; emmett: Emmett } | string> {
  try {
    const es = await import('@event-driven-io/emmett-sqlite');
    const emmett = await import('@event-driven-io/emmett');
    return { es, emmett };
  } catch (e) {
    return `cannot load @event-driven-io/emmett-sqlite: ${message(e)}`;
  }
}

/** A call of emmett-sqlite's that is never answered (seen once: a callback that never came) counts as a failure. */
const ANSWER_MS = 10_000;
class Unanswered extends Error {}
function answered<T>(call: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Unanswered(`no answer within ${ANSWER_MS / 1000} s`)), ANSWER_MS);
  });
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}

/** emmett-sqlite console.logs every failed transaction; count those lines instead of flooding the report. */
async function quietly<T>(fn: () => Promise<T>): Promise<{ value: T; silenced: number }> {
  const original = console.log;
  let silenced = 0;
  console.log = () => {
    silenced += 1;
  };
  try {
    return { value: await fn(), silenced };
  } finally {
    console.log = original;
  }
}

async function appends(m: { es: EmmettSqlite; emmett: Emmett }, clients: number, perClient: number, storePerClient = false) {
  return withTempDir(async (dir) => {
    const fileName = join(dir, 'emmett.db');
    const shared = m.es.getSQLiteEventStore({ fileName });
    // the schema is created by the first call; do it before the clock starts, as Hyoka's open does
    await answered(shared.readStream('evaluation-warm'));
    const stores = Array.from({ length: clients }, () => (storePerClient ? m.es.getSQLiteEventStore({ fileName }) : shared));
    const events = Array.from({ length: clients * perClient }, (_, i) => toEmmett(i));
    let failures = 0;
    let firstError: string | undefined;
    const start = process.hrtime.bigint();
    const { silenced } = await quietly(() => Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const store = stores[c]!;
        const stream = `evaluation-bench${c}`;
        let expected: bigint | typeof m.emmett.STREAM_DOES_NOT_EXIST = m.emmett.STREAM_DOES_NOT_EXIST;
        for (let i = 0; i < perClient; i++) {
          try {
            const result: { nextExpectedStreamVersion: bigint } = await answered(
              store.appendToStream(stream, [events[c * perClient + i]!], { expectedStreamVersion: expected }),
            );
            expected = result.nextExpectedStreamVersion;
          } catch (e) {
            failures += 1;
            firstError ??= message(e);
            // an unanswered call holds emmett's shared connection: every later call would wait too; this client stops
            if (e instanceof Unanswered) {
              failures += perClient - i - 1;
              break;
            }
            // a failed append leaves the version unknown: read it back, as a client would after an error
            const read = await answered(store.readStream(stream)).catch(() => undefined);
            if (read?.streamExists) expected = read.currentStreamVersion;
          }
        }
      }),
    ));
    const elapsed = seconds(start);
    return { eventsPerSecond: (clients * perClient - failures) / elapsed, failures, firstError, silenced };
  });
}

async function sqliteFacts(m: { es: EmmettSqlite }, file: string) {
  const connection = m.es.sqliteConnection({ fileName: file });
  try {
    const [journal] = await connection.query<{ journal_mode: string }>('PRAGMA journal_mode');
    const [sync] = await connection.query<{ synchronous: number }>('PRAGMA synchronous');
    const [version] = await connection.query<{ v: string }>('SELECT sqlite_version() AS v');
    const names = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];
    return {
      settings: `journal_mode=${journal?.journal_mode}, synchronous=${names[sync?.synchronous ?? -1] ?? sync?.synchronous} (its default; emmett-sqlite offers no way to set it)`,
      sqlite: version?.v ?? '?',
    };
  } finally {
    connection.close();
  }
}

/** What one workload, run in a child process, answers (a line of JSON on its stdout). */
export type EmmettWorkload = 'append-1' | 'append-shared' | 'append-separate' | 'reads' | 'versions';
type AppendAnswer = { eventsPerSecond: number; failures: number; firstError?: string };
type ReadsAnswer = { all: number[]; streamRates: number[]; settings: string; sqlite: string };
type VersionsAnswer = { emmettSqlite: string; emmett: string; sqlite3Module: string };

function versionOf(name: string): string {
  const require = createRequire(import.meta.url);
  try {
    // the packages' exports do not list package.json: find it above the resolved entry point
    let dir = dirname(require.resolve(name));
    while (!existsSync(join(dir, 'package.json')) || (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name !== name) {
      const up = dirname(dir);
      if (up === dir) return '?';
      dir = up;
    }
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

/** One workload in this process (the child's side): the answer, or a string saying why emmett could not be loaded. */
export async function emmettWorkload(workload: EmmettWorkload, o: StoreBenchOptions): Promise<unknown> {
  const loaded = await load();
  if (typeof loaded === 'string') return { unavailable: loaded };
  switch (workload) {
    case 'versions':
      return {
        emmettSqlite: versionOf('@event-driven-io/emmett-sqlite'),
        emmett: versionOf('@event-driven-io/emmett'),
        sqlite3Module: versionOf('sqlite3'),
      } satisfies VersionsAnswer;
    case 'append-1':
      await appends(loaded, 1, 200); // warm-up
      return appends(loaded, 1, o.singleAppends);
    case 'append-shared':
      return appends(loaded, o.clients, o.appendsPerClient);
    case 'append-separate':
      return appends(loaded, o.clients, o.appendsPerClient, true);
    case 'reads':
      return reads(loaded, o);
  }
}

async function reads(loaded: { es: EmmettSqlite; emmett: Emmett }, o: StoreBenchOptions): Promise<ReadsAnswer> {
  const all: number[] = [];
  const streamRates: number[] = [];
  return withTempDir(async (dir) => {
    const file = join(dir, 'emmett.db');
    const store = loaded.es.getSQLiteEventStore({ fileName: file });
    const streams = Math.ceil(o.readAllEvents / o.streamLength);
    // set-up, not measured: one append of a whole stream at a time
    for (let s = 0; s < streams; s++) {
      const count = Math.min(o.streamLength, o.readAllEvents - s * o.streamLength);
      await answered(store.appendToStream(
        `evaluation-bench${s}`,
        Array.from({ length: count }, (_, i) => toEmmett(s * o.streamLength + i)),
        { expectedStreamVersion: loaded.emmett.STREAM_DOES_NOT_EXIST },
      ));
    }
    const facts = await sqliteFacts(loaded, file);
    const connection = loaded.es.sqliteConnection({ fileName: file });
    const readAll = async () => {
      const start = process.hrtime.bigint();
      let after = 0n;
      let count = 0;
      for (;;) {
        const page = await answered(loaded.es.readMessagesBatch(connection, { after, batchSize: 1000 }));
        if (page.messages.length === 0) break;
        count += page.messages.length;
        after = page.currentGlobalPosition;
        if (!page.areEventsLeft) break;
      }
      if (count !== o.readAllEvents) throw new Error(`emmett read all returned ${count} of ${o.readAllEvents} events`);
      return count / seconds(start);
    };
    const readStreams = async () => {
      const start = process.hrtime.bigint();
      let count = 0;
      for (let i = 0; i < o.streamReads; i++) count += (await answered(store.readStream(`evaluation-bench${(i * 7) % streams}`))).events.length;
      return count / seconds(start);
    };
    try {
      await readAll();
      for (let run = 0; run < o.runs; run++) {
        all.push(await readAll());
        streamRates.push(await readStreams());
      }
    } finally {
      connection.close();
    }
    return { all, streamRates, ...facts };
  });
}

/** How long one workload's child may take before it counts as blocked and is killed. */
export const WORKLOAD_LIMIT_MS = 180_000;

/**
 * Runs one workload in a child process (`src/emmett-worker.ts`) and waits at most `limitMs` for its answer. emmett-sqlite
 * blocked the whole process here before (the main thread in a futex wait inside its sqlite3 module, where no timer can
 * fire), so only a separate process can be stopped from outside: a child that does not answer in time is killed with
 * SIGKILL and the workload reported as blocked.
 */
export function inChild<T>(workload: EmmettWorkload, o: StoreBenchOptions, limitMs = WORKLOAD_LIMIT_MS): Promise<T | { blocked: string } | { unavailable: string }> {
  return new Promise((resolve) => {
    const worker = fileURLToPath(new URL('./emmett-worker.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', worker, workload, JSON.stringify(o)], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-2000)));
    const started = Date.now();
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const answer = out.split('\n').find((line) => line.startsWith('{"result":'));
      if (answer) return resolve((JSON.parse(answer) as { result: T }).result);
      if (signal === 'SIGKILL') {
        return resolve({ blocked: `no answer within ${Math.round((Date.now() - started) / 1000)} s: the process was killed (emmett-sqlite blocked)` });
      }
      resolve({ unavailable: `the emmett worker ended (code ${code}, signal ${signal}) without an answer: ${message(err || out || '(no output)')}` });
    });
  });
}

const isAppend = (x: unknown): x is AppendAnswer => typeof x === 'object' && x !== null && 'eventsPerSecond' in x;

export async function runEmmettBenchmark(
  o: StoreBenchOptions,
  hyoka: StoreBenchResult,
  log: (line: string) => void = () => undefined,
  limitMs = WORKLOAD_LIMIT_MS,
): Promise<EmmettBenchResult> {
  const startedAt = new Date().toISOString();
  const hyokaRate = (prefix: string) => hyoka.measurements.find((x) => x.name.startsWith(prefix))!.hyokaEventsPerSecond;
  const versions = await inChild<VersionsAnswer>('versions', o, limitMs);
  if ('unavailable' in versions || 'blocked' in versions) {
    const why = 'unavailable' in versions ? versions.unavailable : versions.blocked;
    return { suite: 'emmett-sqlite', startedAt, versions: null, settings: null, runs: o.runs, skipped: why, measurements: [] };
  }

  type Tally = { rates: number[]; failures: number; firstError?: string; blocked: number; notRepeated?: number };
  const tally = (): Tally => ({ rates: [], failures: 0, blocked: 0 });
  const one = tally();
  const many = tally();
  const separate = tally();
  const add = (t: Tally, answer: unknown, events: number) => {
    if (isAppend(answer)) {
      t.rates.push(answer.eventsPerSecond);
      t.failures += answer.failures;
      t.firstError ??= answer.firstError;
    } else {
      // blocked (killed) or crashed: every append of the run counts as failed
      t.failures += events;
      t.blocked += 1;
      t.firstError ??= 'blocked' in (answer as object) ? (answer as { blocked: string }).blocked : (answer as { unavailable: string }).unavailable;
    }
  };
  const manyEvents = o.clients * o.appendsPerClient;
  // a workload that blocked once is not run again: its later runs would most likely block too, each costing the limit
  const attempt = async (t: Tally, workload: EmmettWorkload, events: number) => {
    if (t.blocked > 0) {
      t.notRepeated = (t.notRepeated ?? 0) + 1;
      return;
    }
    add(t, await inChild<AppendAnswer>(workload, o, limitMs), events);
  };
  for (let run = 0; run < o.runs; run++) {
    await attempt(one, 'append-1', o.singleAppends);
    await attempt(many, 'append-shared', manyEvents);
    await attempt(separate, 'append-separate', manyEvents);
    const made = (t: Tally) => run + 1 - (t.notRepeated ?? 0);
    log(
      `  emmett appends run ${run + 1}/${o.runs} done (failed appends: 1 client ${one.failures}/${o.singleAppends * made(one)}, ` +
        `${o.clients} clients on one store ${many.failures}/${manyEvents * made(many)}, ` +
        `${o.clients} clients with a store each ${separate.failures}/${manyEvents * made(separate)}; ` +
        `blocked and killed: ${one.blocked + many.blocked + separate.blocked}, not repeated after blocking: ` +
        `${(one.notRepeated ?? 0) + (many.notRepeated ?? 0) + (separate.notRepeated ?? 0)})`,
    );
  }
  const read = await inChild<ReadsAnswer>('reads', o, limitMs);
  const readFailure = 'all' in read ? undefined : 'blocked' in read ? read.blocked : read.unavailable;
  log(readFailure ? `  emmett reads failed: ${readFailure}` : '  emmett reads done');

  const measure = (name: string, events: number, t: Tally, hyokaEventsPerSecond: number): EmmettMeasurement => {
    const e = t.rates.length ? median(t.rates) : 0;
    // a rate of the few appends that got through is no figure to compare: more than 1% failed, no ratio
    const attempted = o.runs - (t.notRepeated ?? 0);
    const usable = e > 0 && t.failures <= 0.01 * events * attempted;
    return {
      name,
      events,
      emmettEventsPerSecond: usable ? Math.round(e) : null,
      hyokaEventsPerSecond,
      ratio: usable ? Math.round((hyokaEventsPerSecond / e) * 100) / 100 : null,
      ...(t.failures ? { failures: t.failures, firstError: t.firstError } : {}),
      ...(t.blocked ? { blockedRuns: t.blocked } : {}),
      ...(t.notRepeated ? { runsNotRepeatedAfterBlocking: t.notRepeated } : {}),
    };
  };
  const readTally = (rates: number[] | undefined): Tally =>
    rates ? { rates, failures: 0, blocked: 0 } : { rates: [], failures: o.readAllEvents * o.runs, firstError: readFailure, blocked: 1 };
  return {
    suite: 'emmett-sqlite',
    startedAt,
    versions: { ...versions, sqlite: 'all' in read ? read.sqlite : '?' },
    settings: 'all' in read ? read.settings : null,
    runs: o.runs,
    limitSeconds: Math.round(limitMs / 1000),
    measurements: [
      measure('append, 1 client', o.singleAppends, one, hyokaRate('append, 1 client')),
      measure(`append, ${o.clients} clients on one store`, manyEvents, many, hyokaRate(`append, ${o.clients} clients (group commit)`)),
      measure(`append, ${o.clients} clients with a store each`, manyEvents, separate, hyokaRate(`append, ${o.clients} clients (group commit)`)),
      measure('read all (pages of 1000)', o.readAllEvents, readTally('all' in read ? read.all : undefined), hyokaRate('read all')),
      measure(
        `read one stream (${o.streamLength} events)`,
        o.streamReads * o.streamLength,
        readTally('all' in read ? read.streamRates : undefined),
        hyokaRate('read one stream'),
      ),
    ],
  };
}

export function formatEmmettBench(result: EmmettBenchResult): string {
  if (result.skipped) return `emmett-sqlite leg skipped: ${result.skipped}`;
  const rows = result.measurements.map((m) => [
    m.name,
    m.hyokaEventsPerSecond.toLocaleString('en-US'),
    m.emmettEventsPerSecond?.toLocaleString('en-US') ?? 'n/a',
    m.ratio === null ? 'n/a' : `${m.ratio.toFixed(2)}×`,
    [
      m.failures ? `${m.failures} of ${m.events * (result.runs - (m.runsNotRepeatedAfterBlocking ?? 0))} appends failed, first: ${m.firstError}` : '',
      m.runsNotRepeatedAfterBlocking ? `${m.runsNotRepeatedAfterBlocking} more run(s) not made after it blocked` : '',
    ]
      .filter(Boolean)
      .join('; '),
  ]);
  const header = ['measurement', 'hyoka ev/s', 'emmett ev/s', 'hyoka/emmett', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const v = result.versions!;
  return [
    `Event store: Hyoka SQLite adapter vs @event-driven-io/emmett-sqlite ${v.emmettSqlite} (emmett ${v.emmett}, sqlite3 module ${v.sqlite3Module}, SQLite ${v.sqlite}; ${result.settings})`,
    line(header),
    ...rows.map(line),
  ].join('\n');
}
