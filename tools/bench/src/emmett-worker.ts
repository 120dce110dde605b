import { emmettWorkload, type EmmettWorkload } from './emmett-bench.js';
import type { StoreBenchOptions } from './store-bench.js';

/*
 * The child process of the emmett-sqlite leg: runs one workload and prints `{"result": …}` on a line of its own.
 * The parent kills it when it gives no answer within its limit (emmett-sqlite has blocked a whole process here).
 */
const [workload, options] = process.argv.slice(2);
if (!workload || !options) {
  console.error('usage: emmett-worker <append-1|append-shared|append-separate|reads|versions> <store bench options as JSON>');
  process.exit(2);
}
// emmett-sqlite console.logs each failed transaction: keep stdout for the answer
const write = process.stdout.write.bind(process.stdout);
console.log = () => undefined;
const result = await emmettWorkload(workload as EmmettWorkload, JSON.parse(options) as StoreBenchOptions);
write(`${JSON.stringify({ result }, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`, () => process.exit(0));
