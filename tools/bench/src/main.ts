import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defaultApiBenchOptions, formatApiBench, runApiBenchmark, type ApiBenchResult } from './api-bench.js';
import { formatEmmettBench, runEmmettBenchmark, type EmmettBenchResult } from './emmett-bench.js';
import { replayBenchOptionsFromEnv, runReplayBenchmark } from './replay-bench.js';
import { defaultStoreBenchOptions, formatStoreBench, runStoreBenchmark, type StoreBenchResult } from './store-bench.js';
import { formatWebBench, runWebBenchmark, webBenchOptionsFromEnv, webSummaryRows, type WebBenchResult } from './web-bench.js';

/**
 * `npm run bench`: every suite in one run, side by side — store (Hyoka vs raw better-sqlite3 vs emmett-sqlite),
 * replay (as-of reads and the projections' rebuild rate), api (GraphQL board and mutation latency), web (Lighthouse on
 * every page, signed in) — printed, each
 * written to bench-results/<suite>-*.json, and all together to bench-results/bench-<time>.json (+ bench-latest.json).
 * `npm run bench -- store replay` runs some. HYOKA_BENCH_EVENTS sizes the replay and API stores (default
 * 1000000 for both; the API suite's comment rounds are appended in batches, HYOKA_BENCH_SEED=command-bus sends every one
 * through the CommandBus instead).
 */
const resultsDir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
const SUITES = ['store', 'replay', 'api', 'web'] as const;
type Suite = (typeof SUITES)[number];
const DEFAULT_EVENTS = 1_000_000;
const stamp = new Date().toISOString().replace(/[:.]/g, '-');

function save(suite: string, result: unknown): string {
  mkdirSync(resultsDir, { recursive: true });
  const json = JSON.stringify(result, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
  const file = `${resultsDir}${suite}-${stamp}.json`;
  writeFileSync(file, `${json}\n`);
  writeFileSync(`${resultsDir}${suite}-latest.json`, `${json}\n`);
  return file;
}
function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function suitesFrom(args: readonly string[]): Suite[] {
  if (args.length === 0) return [...SUITES];
  for (const arg of args) {
    if (!(SUITES as readonly string[]).includes(arg)) fail(`unknown suite '${arg}'; use one or more of: ${SUITES.join(', ')}`);
  }
  return SUITES.filter((s) => args.includes(s));
}

function eventsFromEnv(): number {
  const raw = process.env['HYOKA_BENCH_EVENTS'];
  if (raw === undefined || raw.trim() === '') return DEFAULT_EVENTS;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < 2000 || value > 10_000_000) {
    fail(`HYOKA_BENCH_EVENTS must be a whole number from 2000 to 10000000, got '${raw}'`);
  }
  return value;
}

const suites = suitesFrom(process.argv.slice(2));
const events = eventsFromEnv();
const sized = Boolean(process.env['HYOKA_BENCH_EVENTS']?.trim());
const apiEvents = sized ? events : defaultApiBenchOptions.events;

// Ctrl-C or a kill: exit through process.exit so the API suite's exit hooks end its server and remove its data.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const command = `${process.env['HYOKA_BENCH_EVENTS']?.trim() ? `HYOKA_BENCH_EVENTS=${process.env['HYOKA_BENCH_EVENTS'].trim()} ` : ''}npm run bench${
  process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''
}`;
const all: {
  command: string;
  startedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; loadAverageAtStart: number };
  events: number;
  store?: StoreBenchResult;
  emmett?: EmmettBenchResult;
  replay?: Record<string, unknown>;
  api?: ApiBenchResult;
  web?: WebBenchResult;
  summary?: string[];
} = {
  command,
  startedAt: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', node: process.version, loadAverageAtStart: loadavg()[0]! },
  events,
};

if (suites.includes('store')) {
  console.log('Running the event-store benchmark …');
  const store = await runStoreBenchmark(defaultStoreBenchOptions, (line) => console.log(line));
  console.log(`\n${formatStoreBench(store)}`);
  console.log(`\nwritten to ${save('event-store', store)}`);
  all.store = store;
  console.log('\nRunning the emmett-sqlite leg of the event-store benchmark …');
  // each emmett workload runs in a child process with a time limit: emmett-sqlite has blocked a whole process here
  const emmett = await (process.env['HYOKA_BENCH_EMMETT'] !== '0'
    ? runEmmettBenchmark(defaultStoreBenchOptions, store, (line) => console.log(line))
    : Promise.reject(new Error('HYOKA_BENCH_EMMETT=0'))
  ).catch(
    (e: unknown): EmmettBenchResult => ({
      suite: 'emmett-sqlite',
      startedAt: new Date().toISOString(),
      versions: null,
      settings: null,
      runs: defaultStoreBenchOptions.runs,
      skipped: e instanceof Error ? e.message : String(e),
      measurements: [],
    }),
  );
  console.log(`\n${formatEmmettBench(emmett)}`);
  console.log(`\nwritten to ${save('emmett-sqlite', emmett)}`);
  all.emmett = emmett;
}

if (suites.includes('replay')) {
  console.log(`\nRunning the replay benchmark (${events.toLocaleString('en-US')} events) …`);
  const replay = await runReplayBenchmark({ ...replayBenchOptionsFromEnv(), events });
  console.log(`\nwritten to ${save('replay', replay)}`);
  all.replay = replay;
}

if (suites.includes('api')) {
  console.log(`\nRunning the API benchmark (${apiEvents.toLocaleString('en-US')} events) …`);
  const seedMode = process.env['HYOKA_BENCH_SEED']?.trim() || 'batched';
  if (seedMode !== 'batched' && seedMode !== 'command-bus') fail(`HYOKA_BENCH_SEED must be 'batched' or 'command-bus', got '${seedMode}'`);
  const api = await runApiBenchmark(
    { ...defaultApiBenchOptions, events: apiEvents, commentBatch: seedMode === 'batched' },
    (line) => console.log(line),
  );
  api.command = command;
  console.log(`\n${formatApiBench(api)}`);
  console.log(`\nwritten to ${save('api', api)}`);
  all.api = api;
}

if (suites.includes('web')) {
  const options = webBenchOptionsFromEnv(sized ? events : null);
  console.log(`\nRunning the web benchmark (Lighthouse on every page, ${options.events.toLocaleString('en-US')} events behind them) …`);
  const web = await runWebBenchmark(options, (line) => console.log(line));
  console.log(`\n${formatWebBench(web)}`);
  console.log(`\nwritten to ${save('web', web)}`);
  all.web = web;
}

// One table of the figures the issue asks for, side by side.
const summary: string[] = [];
const rate = (n: number | null | undefined) => (n === null || n === undefined ? 'n/a' : `${n.toLocaleString('en-US')} ev/s`);
if (all.store) {
  const m = (prefix: string) => all.store!.measurements.find((x) => x.name.startsWith(prefix))!;
  const e = (prefix: string) => all.emmett?.measurements.find((x) => x.name.startsWith(prefix));
  const c = defaultStoreBenchOptions.clients;
  const rows: [string, string, string[]][] = [
    ['append, 1 client', 'append, 1 client', ['append, 1 client']],
    [`append, ${c} clients`, `append, ${c} clients vs raw`, [`append, ${c} clients on one store`, `append, ${c} clients with a store each`]],
    ['read all', 'read all', ['read all']],
    ['read one stream', 'read one stream', ['read one stream']],
  ];
  for (const [label, storeName, emmettNames] of rows) {
    const s = m(storeName);
    const emmettPart = all.emmett?.skipped
      ? 'emmett-sqlite leg skipped'
      : emmettNames
          .map((name) => {
            const x = e(name)!;
            const what = emmettNames.length > 1 ? `emmett (${name.slice(`append, ${c} clients `.length)})` : 'emmett';
            const ratio = x.ratio === null ? 'n/a' : `${x.ratio.toFixed(2)}×`;
            return `${what} ${rate(x.emmettEventsPerSecond)}, hyoka/emmett ${ratio}${x.failures ? ` (${x.failures} of ${x.events * (all.emmett!.runs - (x.runsNotRepeatedAfterBlocking ?? 0))} appends failed${x.blockedRuns ? `, blocked and killed after ${all.emmett!.limitSeconds} s` : ''})` : ''}`;
          })
          .join('; ');
    summary.push(`${label.padEnd(18)} hyoka ${rate(s.hyokaEventsPerSecond)}, raw ${rate(s.rawEventsPerSecond)}, hyoka/raw ${s.ratio.toFixed(2)}× | ${emmettPart}`);
  }
}
if (all.replay) {
  const rebuild = all.replay['rebuild'] as
    | {
        events: number;
        eventsPerSecond: number;
        seconds: number;
        ratioToRawFold: number;
        eventsPerCpuSecond?: number;
        cpuRatioToRawFold?: number;
        peakRss?: { beforeRebuildMiB: number; afterRebuildMiB: number };
      }
    | undefined;
  const raw = all.replay['rawFold'] as { eventsPerSecond: number } | undefined;
  summary.push(
    rebuild
      ? `projection rebuild ${rebuild.events.toLocaleString('en-US')} events in ${rebuild.seconds} s = ${rate(rebuild.eventsPerSecond)}, ` +
          `raw fold ${raw ? rate(raw.eventsPerSecond) : '?'}, rebuild/raw ${rebuild.ratioToRawFold}× (target ≥ 0.3×, ≥ 50,000 ev/s)` +
          (rebuild.eventsPerCpuSecond ? `; by CPU time ${rate(rebuild.eventsPerCpuSecond)}, ${rebuild.cpuRatioToRawFold}× the raw fold's` : '') +
          (rebuild.peakRss ? `, peak RSS ${rebuild.peakRss.afterRebuildMiB} MiB (${rebuild.peakRss.beforeRebuildMiB} before the rebuild)` : '')
      : 'projection rebuild not run (HYOKA_BENCH_REBUILD=0)',
  );
}
if (all.api) {
  const p = (name: string) => all.api!.measurements.find((x) => x.name === name);
  summary.push(
    `GraphQL with ${all.api.seed.eventsStored.toLocaleString('en-US')} events stored: board p95 ${p('board')?.p95Ms} ms (p50 ${p('board')?.p50Ms}), mutation round trip p95 ${p('comment mutation')?.p95Ms} ms (p50 ${p('comment mutation')?.p50Ms})`,
  );
  const first = all.api.server.firstQuerySeconds * 1000;
  summary.push(
    `API start-up to the first answered query ${Math.round(first).toLocaleString('en-US')} ms (target ≤ 3,000 ms: ${first <= 3000 ? 'met' : 'not met'}), ` +
      `peak RSS of the API process ${all.api.server.peakRssMiB ?? 'n/a'} MiB`,
  );
  const behind = all.api.server.readModelsBehind;
  summary.push(
    `API start-up with the read models deleted: first answered query ${Math.round(behind.firstQuerySeconds * 1000).toLocaleString('en-US')} ms ` +
      `(target ≤ 3,000 ms: ${behind.firstQuerySeconds <= 3 ? 'met' : 'not met'}), caught up in the background at ${behind.caughtUpSeconds} s, peak RSS ${behind.peakRssMiB ?? 'n/a'} MiB`,
  );
  const runs = (processes: number) => all.api!.throughput.filter((t) => t.processes === processes).map((t) => t.mutationsPerSecond);
  const [one, two] = [runs(1), runs(2)];
  if (one.length > 0 && two.length > 0) {
    const median = (xs: number[]) => {
      const sorted = [...xs].sort((x, y) => x - y);
      return (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2;
    };
    summary.push(
      `mutation throughput (${all.api.throughput[0]!.clients} clients at once, mutations/s in run order): one API process ${one.join(', ')}; ` +
        `two on one store ${two.join(', ')}; two/one ${(median(two) / median(one)).toFixed(2)}× (medians)`,
    );
  }
}
if (all.web) {
  for (const row of webSummaryRows(all.web)) summary.push(`${row.figure}: ${row.value} (target ${row.target}: ${row.met ? 'met' : 'not met'})`);
}
if (sized && (all.replay || all.api)) {
  summary.push(
    `sized by HYOKA_BENCH_EVENTS=${events}; a full run (the issues' figures) uses the defaults: replay ${DEFAULT_EVENTS.toLocaleString('en-US')}, ` +
      `api ${defaultApiBenchOptions.events.toLocaleString('en-US')}`,
  );
}
all.summary = summary;
console.log(`\nSummary (${command}; load average at start ${all.machine.loadAverageAtStart.toFixed(2)} on ${all.machine.cpus} CPUs)\n${summary.join('\n')}`);
console.log(`\nwritten to ${save('bench', all)}`);
// a call emmett-sqlite never answered may keep the loop alive; the exit hooks still run
process.exit(0);
