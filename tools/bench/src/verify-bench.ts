import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkDigest, logDigest, verifyLog, type EventToAppend } from '@hyoka/event-store';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';

/*
 * Tamper evidence at scale: verifyLog (every hash recomputed, every chain followed), logDigest (stored hashes only)
 * and checkDigest over a SQLite store of `events` events. Run alone: `npx tsx tools/bench/src/verify-bench.ts`
 * (HYOKA_BENCH_EVENTS, default 1000000; HYOKA_VERIFY_BENCH_FILE reuses or keeps a store file).
 */

export interface VerifyBenchOptions {
  events: number;
  /** events per stream (an evaluation's history) */
  streamLength: number;
  /** an existing store to measure (built there first when missing); a temporary one otherwise */
  file?: string;
}

export interface VerifyBenchResult {
  suite: 'verify';
  startedAt: string;
  node: string;
  events: number;
  streams: number;
  fileBytes: number;
  buildSeconds: number | null;
  verifySeconds: number;
  /** CPU time of the verify (user + system): the figure that holds when other processes share the cores */
  verifyCpuSeconds: number;
  verifyEventsPerSecond: number;
  logDigestSeconds: number;
  checkDigestSeconds: number;
  digest: string;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const cpuSeconds = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};

const event = (i: number): EventToAppend => {
  const commandId = randomUUID();
  return {
    id: randomUUID(),
    type: 'SelfEvaluationSaved',
    data: {
      itemId: `item-${i % 150}`,
      fiscalYear: 2025 + (i % 3),
      actual: i % 7,
      narrative: { achievements: '研修会を4回開催し、延べ120名が参加した。', issues: '担い手の高齢化', nextYear: '若年層への周知を強化する' },
    },
    metadata: {
      actor: 'user-bench',
      actingAs: 'Staff',
      commandId,
      correlationId: commandId,
      causationId: commandId,
      occurredAt: '2025-06-01T09:00:00.000Z',
      schemaVersion: 1,
    },
  };
};

/** Appends through the adapter, many appends at once so group commit batches them, 10 events per append. */
async function build(file: string, events: number, streamLength: number, log: (line: string) => void): Promise<number> {
  const store = await openSqliteEventStore({ file });
  const start = process.hrtime.bigint();
  const perAppend = 10;
  const concurrent = 200;
  let written = 0;
  try {
    while (written < events) {
      const round: Promise<unknown>[] = [];
      for (let c = 0; c < concurrent && written < events; c++) {
        const count = Math.min(perAppend, events - written);
        const stream = `evaluation-${Math.floor(written / streamLength)}`;
        const batch = Array.from({ length: count }, (_, k) => event(written + k));
        round.push(store.appendToStream(stream, batch, { expectedRevision: 'any' }));
        written += count;
      }
      await Promise.all(round);
      if (written % 100_000 < perAppend * concurrent) log(`  built ${written.toLocaleString('en')} events`);
    }
  } finally {
    await store.close();
  }
  return seconds(start);
}

export async function runVerifyBenchmark(
  options: VerifyBenchOptions,
  log: (line: string) => void = () => {},
): Promise<VerifyBenchResult> {
  const startedAt = new Date().toISOString();
  const dir = options.file ? undefined : mkdtempSync(join(tmpdir(), 'hyoka-verify-bench-'));
  const file = options.file ?? join(dir!, 'events.sqlite');
  try {
    let buildSeconds: number | null = null;
    if (!existsSync(file)) {
      log(`building a store of ${options.events.toLocaleString('en')} events at ${file} …`);
      buildSeconds = await build(file, options.events, options.streamLength, log);
    }
    const store = await openSqliteEventStore({ file });
    try {
      log('verifying …');
      let t = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      let lastShown = 0;
      const verified = await verifyLog(store, {
        onProgress: ({ events, position }) => {
          if (events - lastShown >= 100_000) {
            lastShown = events;
            log(`  verified ${events.toLocaleString('en')} events (position ${position})`);
          }
        },
      });
      const verifySeconds = seconds(t);
      const verifyCpuSeconds = cpuSeconds(cpu);
      if (!verified.ok) throw new Error(`the benchmark store does not verify: ${verified.message}`);

      t = process.hrtime.bigint();
      const digest = await logDigest(store);
      const logDigestSeconds = seconds(t);
      if (digest.text !== verified.digest.text) throw new Error('logDigest and verifyLog disagree');

      t = process.hrtime.bigint();
      const checked = await checkDigest(store, digest.text);
      const checkDigestSeconds = seconds(t);
      if (!checked.ok) throw new Error(`checkDigest failed: ${checked.message}`);

      return {
        suite: 'verify',
        startedAt,
        node: process.version,
        events: verified.events,
        streams: verified.streams,
        fileBytes: statSync(file).size,
        buildSeconds,
        verifySeconds,
        verifyCpuSeconds,
        verifyEventsPerSecond: Math.round(verified.events / verifySeconds),
        logDigestSeconds,
        checkDigestSeconds,
        digest: digest.text,
      };
    } finally {
      await store.close();
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

export function formatVerifyBench(r: VerifyBenchResult): string {
  const s = (x: number) => `${x.toFixed(1)} s`;
  return [
    `verify — ${r.events.toLocaleString('en')} events in ${r.streams.toLocaleString('en')} streams, ${(r.fileBytes / 1e6).toFixed(0)} MB (Node ${r.node})`,
    r.buildSeconds === null ? '  store reused' : `  build (appends through the adapter): ${s(r.buildSeconds)}`,
    `  verifyLog (recompute every hash, follow every chain): ${s(r.verifySeconds)} (CPU ${s(r.verifyCpuSeconds)}) — ${r.verifyEventsPerSecond.toLocaleString('en')} events/s`,
    `  logDigest (stored hashes only): ${s(r.logDigestSeconds)}`,
    `  checkDigest (verify up to the digest + compare): ${s(r.checkDigestSeconds)}`,
    `  digest: ${r.digest}`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const raw = process.env['HYOKA_BENCH_EVENTS'];
  const events = raw ? Number(raw.replace(/_/g, '')) : 1_000_000;
  if (!Number.isSafeInteger(events) || events < 1) throw new Error(`HYOKA_BENCH_EVENTS must be a whole number, got '${raw}'`);
  const file = process.env['HYOKA_VERIFY_BENCH_FILE'];
  const result = await runVerifyBenchmark({ events, streamLength: 20, ...(file ? { file } : {}) }, (line) => console.log(line));
  console.log(`\n${formatVerifyBench(result)}`);
}
