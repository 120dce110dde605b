import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultApiBenchOptions, formatApiBench, runApiBenchmark } from './api-bench.js';
import { formatStoreBench, runStoreBenchmark } from './store-bench.js';

/**
 * `npm run bench`: runs every benchmark suite, prints it, and writes its figures to bench-results/ (git-ignored).
 * `npm run bench -- store` or `-- api` runs one; HYOKA_BENCH_EVENTS sets the API suite's store size (default 100000).
 */
const resultsDir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
const SUITES = ['store', 'api'] as const;
type Suite = (typeof SUITES)[number];

function save(suite: string, result: unknown): string {
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
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
  if (raw === undefined || raw.trim() === '') return defaultApiBenchOptions.events;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < 1000 || value > 10_000_000) {
    fail(`HYOKA_BENCH_EVENTS must be a whole number from 1000 to 10000000, got '${raw}'`);
  }
  return value;
}

const suites = suitesFrom(process.argv.slice(2));
const events = eventsFromEnv();

// Ctrl-C or a kill: exit through process.exit so the API suite's exit hooks end its server and remove its data.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

if (suites.includes('store')) {
  console.log('Running the event-store benchmark …');
  const store = await runStoreBenchmark(undefined, (line) => console.log(line));
  console.log(`\n${formatStoreBench(store)}`);
  console.log(`\nwritten to ${save('event-store', store)}`);
}

if (suites.includes('api')) {
  console.log(`${suites.length > 1 ? '\n' : ''}Running the API benchmark (${events.toLocaleString('en-US')} events) …`);
  const api = await runApiBenchmark({ ...defaultApiBenchOptions, events }, (line) => console.log(line));
  const env = ['HYOKA_BENCH_EVENTS'].flatMap((name) => (process.env[name]?.trim() ? [`${name}=${process.env[name]!.trim()} `] : []));
  api.command = `${env.join('')}npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  console.log(`\n${formatApiBench(api)}`);
  console.log(`\nwritten to ${save('api', api)}`);
}
