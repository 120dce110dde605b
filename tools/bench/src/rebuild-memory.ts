import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import { PROJECTION_NAMES, openReadModels, startProjections, type ProjectionName, type ReadModels } from '@hyoka/projections';

/*
 * The memory of a full rebuild, measured: rebuilds the read models from a store the replay suite kept
 * (HYOKA_BENCH_STORE) and prints the heap after a forced collection every N events, so what stays reachable is
 * seen apart from what V8 has not collected yet.
 *
 *   node --expose-gc --max-old-space-size=256 --import tsx src/rebuild-memory.ts <store file> [projection|all] [every]
 *
 * A projection named rebuilds that one alone (the others are left out of the runner), to bisect a growth.
 * HYOKA_MEMORY_SNAPSHOTS=1 writes a heap snapshot at the second and the last report (compare them by constructor).
 */

const [storeFile, which = 'all', everyText = '10000'] = process.argv.slice(2);
if (!storeFile) throw new Error('usage: rebuild-memory.ts <store file> [projection|all] [every]');
const every = Number(everyText);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run node with --expose-gc');
if (which !== 'all' && !PROJECTION_NAMES.includes(which as ProjectionName)) throw new Error(`unknown projection ${which}`);

const work = mkdtempSync(join(tmpdir(), 'hyoka-rebuild-memory-'));
const store = await openSqliteEventStore({ file: storeFile });
const opened = openReadModels({ file: join(work, 'read-models.sqlite'), events: store });
// one projection alone: the runner sees only it, and its checkpoint is the read models' position
const readModels: ReadModels =
  which === 'all'
    ? opened
    : {
        ...opened,
        projections: opened.projections.filter((p) => p.name === which),
        position: () => opened.checkpoint(which as ProjectionName),
        checkpoints: () => ({ ...opened.checkpoints() }),
      };
const head = await store.headPosition();
// transactions committed: a batch ends at rebuildBatch events or when the event loop gets a turn
let transactions = 0;
const transaction = opened.db.transaction.bind(opened.db);
opened.db.transaction = ((fn: Parameters<typeof transaction>[0]) => {
  transactions += 1;
  return transaction(fn);
}) as typeof opened.db.transaction;
const mb = (n: number) => (n / 1e6).toFixed(0).padStart(5);
const report = (label: string) => {
  gc();
  const m = process.memoryUsage();
  console.log(
    `${label.padStart(9)}  heap after gc ${mb(m.heapUsed)} MB  rss ${mb(m.rss)} MB  external ${mb(m.external)} MB  peak rss ${mb(process.resourceUsage().maxRSS * 1024)} MB  transactions ${transactions}`,
  );
};
console.log(`Rebuilding ${which} from ${Number(head).toLocaleString()} events, a report every ${every.toLocaleString()}`);
report('start');
const runner = startProjections(store, readModels);
let next = every;
let reports = 0;
const snapshots = process.env['HYOKA_MEMORY_SNAPSHOTS'] === '1';
runner.onApplied(({ event }) => {
  if (event.position < BigInt(next)) return;
  next += every;
  reports += 1;
  report(event.position.toLocaleString());
  if (snapshots && reports === 2) console.log(`  snapshot ${writeHeapSnapshot(join(work, '..', `rebuild-${which}-early.heapsnapshot`))}`);
});
const started = performance.now();
await runner.rebuild(which === 'all' ? 'all' : (which as ProjectionName), { timeoutMs: 6 * 3600_000 });
const seconds = (performance.now() - started) / 1000;
report('end');
if (snapshots) console.log(`  snapshot ${writeHeapSnapshot(join(work, '..', `rebuild-${which}-late.heapsnapshot`))}`);
console.log(`${Number(head).toLocaleString()} events in ${seconds.toFixed(1)} s = ${Math.round(Number(head) / seconds).toLocaleString()} events/s`);
await runner.stop();
opened.close();
await store.close();
rmSync(work, { recursive: true, force: true });
