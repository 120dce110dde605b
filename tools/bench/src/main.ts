import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { buildApi, defaultApiBenchOptions, formatApiBench, nationwideOptions, runApiBenchmark, type ApiBenchResult } from './api-bench.js';
import { generateNationwide } from './nationwide.js';
import { formatSummary, summaryJson, type SummaryJson, type SummaryRow } from './summary.js';
import { apiRows, replayRows, storeRows } from './suite-rows.js';
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
/** HYOKA_BENCH_SHAPE=nationwide: issue 15's store of the whole country */
const NATIONWIDE_EVENTS = 8_000_000;
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

function shapeFromEnv(): 'plan' | 'nationwide' {
  const raw = process.env['HYOKA_BENCH_SHAPE']?.trim() || 'plan';
  if (raw !== 'plan' && raw !== 'nationwide') fail(`HYOKA_BENCH_SHAPE must be 'plan' or 'nationwide', got '${raw}'`);
  return raw;
}

function eventsFromEnv(): number {
  const raw = process.env['HYOKA_BENCH_EVENTS'];
  if (raw === undefined || raw.trim() === '') return shape === 'nationwide' ? NATIONWIDE_EVENTS : DEFAULT_EVENTS;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < 2000 || value > 10_000_000) {
    fail(`HYOKA_BENCH_EVENTS must be a whole number from 2000 to 10000000, got '${raw}'`);
  }
  return value;
}

const suites = suitesFrom(process.argv.slice(2));
const shape = shapeFromEnv();
const events = eventsFromEnv();
const sized = Boolean(process.env['HYOKA_BENCH_EVENTS']?.trim());
const apiEvents = sized || shape === 'nationwide' ? events : defaultApiBenchOptions.events;
// nationwide: one generated store for the replay and API suites; kept where HYOKA_BENCH_STORE says, removed at exit otherwise
const nationwideStore = shape === 'nationwide' ? process.env['HYOKA_BENCH_STORE']?.trim() || join(tmpdir(), `hyoka-nationwide-${process.pid}.sqlite`) : undefined;
if (nationwideStore && !process.env['HYOKA_BENCH_STORE']?.trim()) {
  process.once('exit', () => {
    for (const suffix of ['', '-wal', '-shm', '.streams.json']) rmSync(nationwideStore + suffix, { force: true });
  });
}

// Ctrl-C or a kill: exit through process.exit so the API suite's exit hooks end its server and remove its data.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const command = `${shape === 'nationwide' ? 'HYOKA_BENCH_SHAPE=nationwide ' : ''}${process.env['HYOKA_BENCH_EVENTS']?.trim() ? `HYOKA_BENCH_EVENTS=${process.env['HYOKA_BENCH_EVENTS'].trim()} ` : ''}npm run bench${
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
  summary?: SummaryJson;
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
  const replay = await runReplayBenchmark({
    ...replayBenchOptionsFromEnv(),
    events,
    ...(nationwideStore
      ? await (async () => {
          if (!existsSync(nationwideStore)) buildApi((line) => console.log(line));
          const accounts = await nationwideOptions();
          return { storeFile: nationwideStore, generate: (file: string, total: number) => generateNationwide(file, total, accounts) };
        })()
      : {}),
  });
  console.log(`\nwritten to ${save('replay', replay)}`);
  all.replay = replay;
}

if (suites.includes('api')) {
  console.log(`\nRunning the API benchmark (${apiEvents.toLocaleString('en-US')} events) …`);
  const seedMode = process.env['HYOKA_BENCH_SEED']?.trim() || 'batched';
  if (seedMode !== 'batched' && seedMode !== 'command-bus') fail(`HYOKA_BENCH_SEED must be 'batched' or 'command-bus', got '${seedMode}'`);
  const api = await runApiBenchmark(
    {
      ...defaultApiBenchOptions,
      events: apiEvents,
      commentBatch: seedMode === 'batched',
      // nationwide: the board is every item of the country (~106,700 at 8M), so fewer runs of each read
      ...(nationwideStore
        ? {
            shape: 'nationwide' as const,
            storeFile: nationwideStore,
            runs: { board: 30, detail: 100, boardAsOf: 10, mutation: 100 },
            warmup: { board: 3, detail: 10, boardAsOf: 2, mutation: 10 },
            // one, two, one process: the nationwide run is long enough without the second round
            throughput: { ...defaultApiBenchOptions.throughput, rounds: 1 },
          }
        : {}),
    },
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

// One table of every suite's figures with the issue's targets (summary.ts); HYOKA_BENCH_JSON=<file> writes it as JSON too.
const rows: SummaryRow[] = [];
if (all.store) rows.push(...storeRows(all.store, all.emmett));
if (all.replay) rows.push(...replayRows(all.replay));
if (all.api) rows.push(...apiRows(all.api));
if (all.web) rows.push(...webSummaryRows(all.web));
const context = {
  command,
  loadAverageAtStart: all.machine.loadAverageAtStart,
  cpus: all.machine.cpus,
  ...(all.replay || all.api
    ? { size: `${shape === 'nationwide' ? 'nationwide shape, ' : ''}${(all.replay ? events : apiEvents).toLocaleString('en-US')} events${sized ? ' (HYOKA_BENCH_EVENTS)' : ''}` }
    : {}),
};
const summary = summaryJson(rows, { ...context, startedAt: all.startedAt });
all.summary = summary;
console.log(`\n${formatSummary(rows, context)}`);
const jsonFile = process.env['HYOKA_BENCH_JSON']?.trim();
if (jsonFile) {
  writeFileSync(jsonFile, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`summary written to ${jsonFile}`);
}
console.log(`\nwritten to ${save('bench', all)}`);
// a call emmett-sqlite never answered may keep the loop alive; the exit hooks still run
process.exit(0);
