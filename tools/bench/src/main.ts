import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatStoreBench, runStoreBenchmark } from './store-bench.js';

/** `npm run bench`: runs every benchmark suite, prints it, and writes its figures to bench-results/ (git-ignored). */
const resultsDir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));

function save(suite: string, result: unknown): string {
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const json = JSON.stringify(result, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
  const file = `${resultsDir}${suite}-${stamp}.json`;
  writeFileSync(file, `${json}\n`);
  writeFileSync(`${resultsDir}${suite}-latest.json`, `${json}\n`);
  return file;
}

console.log('Running the event-store benchmark …');
const store = await runStoreBenchmark(undefined, (line) => console.log(line));
console.log(`\n${formatStoreBench(store)}`);
console.log(`\nwritten to ${save('event-store', store)}`);
