import { existsSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Command, InvalidArgumentError } from 'commander';
import type { AppendResult, EventStore, RecordedEvent } from '@hyoka/event-store';
import { CliError, EXIT, UsageError } from '../errors.js';
import { run } from '../support/command.js';
import { compareDigests } from '../support/integrity.js';
import { line, type Io } from '../support/output.js';
import { ProgressBar } from '../support/progress.js';
import { describeLocation, openStore, parseStoreLocation, type StoreLocation } from '../support/settings.js';
import { checkEvidence, copyEvidence, evidenceDirFor, referencedEvidence } from '../support/evidence.js';
import { reportEvidence } from './integrity.js';

/** Reads a store's log forwards, a page at a time. */
export class LogCursor {
  private page: RecordedEvent[] = [];
  private index = 0;
  private done = false;

  constructor(
    private readonly store: EventStore,
    private after = 0n,
    private readonly pageSize = 1000,
  ) {}

  async next(): Promise<RecordedEvent | undefined> {
    if (this.index >= this.page.length) {
      if (this.done) return undefined;
      this.page = await this.store.readAll({ after: this.after, maxCount: this.pageSize });
      this.index = 0;
      if (this.page.length < this.pageSize) this.done = true;
      if (this.page.length === 0) return undefined;
      this.after = this.page[this.page.length - 1]!.position;
    }
    return this.page[this.index++];
  }
}

/** What makes two events the same event in two stores (positions and recordedAt are the store's own). */
export function sameEvent(a: RecordedEvent, b: RecordedEvent): string | undefined {
  if (a.id !== b.id) return `id ${a.id} ≠ ${b.id}`;
  if (a.stream !== b.stream) return `stream ${a.stream} ≠ ${b.stream}`;
  if (a.revision !== b.revision) return `revision ${a.revision} ≠ ${b.revision}`;
  if (a.type !== b.type) return `type ${a.type} ≠ ${b.type}`;
  if (!isDeepStrictEqual(a.data, b.data)) return 'data differs';
  if (!isDeepStrictEqual(a.metadata, b.metadata)) return 'metadata differs';
  const hashes = (e: RecordedEvent) => e as RecordedEvent & { hash?: string; previousHash?: string };
  if (hashes(a).hash !== hashes(b).hash) return `hash ${hashes(a).hash} ≠ ${hashes(b).hash}`;
  if (hashes(a).previousHash !== hashes(b).previousHash) return 'previousHash differs';
  return undefined;
}

export interface CopyReport {
  /** events the target held already (a resumed copy) */
  skipped: number;
  copied: number;
  sourceHead: bigint;
  /** false when --limit stopped the copy before the source's head */
  complete: boolean;
}

export interface CheckReport {
  events: number;
  streams: number;
  /** the first difference, when there is one */
  difference?: string;
}

/**
 * Copies every event of `source` after what `target` holds already, in log order, with its id, stream, revision,
 * type, data and metadata. The target must hold an exact prefix of the source (a copy stopped half-way): anything
 * else is refused before anything is written.
 */
export async function copyLog(
  source: EventStore,
  target: EventStore,
  options: { limit?: number; setRecordedAt?: (recordedAt: string) => void; onProgress?: (events: number, position: bigint) => void; onStart?: (from: bigint, to: bigint) => void },
): Promise<CopyReport> {
  const sourceHead = await source.headPosition();
  // 1. what the target holds must be the source's first events, in order
  const fromSource = new LogCursor(source);
  const inTarget = new LogCursor(target);
  let skipped = 0;
  let resumeAfter = 0n;
  for (;;) {
    const held = await inTarget.next();
    if (!held) break;
    const expected = await fromSource.next();
    if (!expected) throw new CliError(`コピー先にコピー元より多くのイベントがあります / the target holds more events than the source (${skipped}+)`);
    const difference = sameEvent(expected, held);
    if (difference) {
      throw new CliError(
        `コピー先はコピー元の写しではありません (${skipped + 1}番目のイベント: ${difference}) / the target is not a copy of the source: event #${skipped + 1}: ${difference}`,
      );
    }
    skipped++;
    resumeAfter = expected.position;
  }
  // 2. the rest, in order; consecutive events recorded together are appended together (one commit on SQLite)
  const cursor = new LogCursor(source, resumeAfter, 1000);
  options.onStart?.(resumeAfter, sourceHead);
  let copied = 0;
  let pending: RecordedEvent | undefined = await cursor.next();
  while (pending && pending.position <= sourceHead && (options.limit === undefined || copied < options.limit)) {
    const group: RecordedEvent[] = [pending];
    pending = await cursor.next();
    while (
      pending &&
      pending.position <= sourceHead &&
      pending.recordedAt === group[0]!.recordedAt &&
      group.length < 1000 &&
      (options.limit === undefined || copied + group.length < options.limit)
    ) {
      group.push(pending);
      pending = await cursor.next();
    }
    options.setRecordedAt?.(group[0]!.recordedAt);
    const appends: Promise<AppendResult>[] = [];
    for (let i = 0; i < group.length; ) {
      let j = i + 1;
      while (j < group.length && group[j]!.stream === group[i]!.stream) j++;
      const run = group.slice(i, j);
      const first = run[0]!;
      const append = target.appendToStream(
        first.stream,
        run.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })),
        { expectedRevision: first.revision === 0n ? 'no_stream' : first.revision - 1n },
      );
      // SQLite: issued in one turn, they share one transaction (and the recordedAt set above); KurrentDB: one by one
      if (!options.setRecordedAt) await append;
      appends.push(append);
      i = j;
    }
    await Promise.all(appends);
    copied += group.length;
    options.onProgress?.(group.length, group[group.length - 1]!.position);
  }
  return { skipped, copied, sourceHead, complete: !(pending && pending.position <= sourceHead) };
}

/** Walks both logs side by side: the same events in the same order, with the same ids, revisions and content. */
export async function checkCopy(source: EventStore, target: EventStore): Promise<CheckReport> {
  const a = new LogCursor(source);
  const b = new LogCursor(target);
  const streams = new Set<string>();
  let events = 0;
  for (;;) {
    const [x, y] = [await a.next(), await b.next()];
    if (!x && !y) return { events, streams: streams.size };
    if (!x || !y) {
      return { events, streams: streams.size, difference: `${x ? 'コピー先' : 'コピー元'}が${events}件で終わっています / the ${x ? 'target' : 'source'} ends after ${events} events` };
    }
    const difference = sameEvent(x, y);
    if (difference) return { events, streams: streams.size, difference: `event #${events + 1} (source position ${x.position}): ${difference}` };
    streams.add(x.stream);
    events++;
  }
}

function parseLimit(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('1以上の整数 / an integer >= 1');
  return n;
}

export function copyCommand(io: Io): Command {
  return new Command('copy')
    .summary('全イベントを別のストアへ複写して確かめる / copy every event to another store, then check the copy')
    .description(
      'コピー元の全イベントを順序・ID・ストリームのリビジョン (とハッシュ) を保ってコピー先へ書き、最後に両方を突き合わせます\n' +
        '(件数・各ストリームのリビジョン・ID・内容、あればダイジェスト)。途中で止まっても、もう一度実行すれば続きから\n' +
        '再開します (コピー先にあるイベントは ID で照合して飛ばします)。SQLite へのコピーは記録時刻も保ちます。\n' +
        'Copies every event of the source to the target preserving order, ids and stream revisions (and hashes), then\n' +
        'checks the copy (counts, revisions, ids, content, and the digest when the stores record hashes). Resumable: run it\n' +
        'again and it skips what the target holds (matched by id, in order). A SQLite target keeps the recordedAt times.\n' +
        'Locations: sqlite:<file> | kurrentdb:<connection string> (e.g. kurrentdb:kurrentdb://localhost:2113?tls=false)',
    )
    .requiredOption('--from <location>', 'コピー元 / source (sqlite:<file> | kurrentdb:<conn>)')
    .requiredOption('--to <location>', 'コピー先 / target (sqlite:<file> | kurrentdb:<conn>)')
    .option('--limit <n>', 'この実行でコピーする最大件数 (分割コピー用) / copy at most n events in this run', parseLimit)
    .option('--check-only', 'コピーせずに突き合わせだけ行う / only check an existing copy')
    .action(
      run<{ from: string; to: string; limit?: number; checkOnly?: boolean }, []>(io, async (ctx) => {
        const from = parseStoreLocation(ctx.options.from, ctx.io.cwd, '--from');
        const to = parseStoreLocation(ctx.options.to, ctx.io.cwd, '--to');
        if (sameLocation(from, to)) throw new UsageError('--from と --to が同じです / --from and --to are the same store');
        if (from.kind === 'sqlite' && !existsSync(from.file)) throw new CliError(`コピー元がありません / no store at ${from.file}`);
        let recordedAt: string | undefined;
        const source = await openStore(from);
        try {
          const target = await openStore(to, {
            create: !ctx.options.checkOnly,
            ...(to.kind === 'sqlite' ? { clock: () => (recordedAt ? new Date(recordedAt) : new Date()) } : {}),
          });
          try {
            if (!ctx.options.checkOnly) {
              let bar: ProgressBar | undefined;
              const report = await copyLog(source, target, {
                ...(ctx.options.limit !== undefined ? { limit: ctx.options.limit } : {}),
                ...(to.kind === 'sqlite' ? { setRecordedAt: (at: string) => void (recordedAt = at) } : {}),
                onStart: (start, head) => void (bar = new ProgressBar(io.err, { label: 'copy', from: start, to: head })),
                onProgress: (n, position) => bar?.tick(n, position),
              });
              const timing = bar?.finish();
              line(
                io.out,
                `コピーしました / copied ${report.copied} events from ${describeLocation(from)} to ${describeLocation(to)}` +
                  ` (${report.skipped} already there; source head ${report.sourceHead})` +
                  (timing ? `; ${timing.seconds.toFixed(2)} s, ${Math.round(timing.rate)} events/s` : ''),
              );
              if (!report.complete) {
                line(io.out, '--limit に達しました。もう一度実行すると続きをコピーします / reached --limit; run again to copy the rest');
                return;
              }
            }
            const check = await checkCopy(source, target);
            if (check.difference) {
              line(io.err, `照合で違いが見つかりました / the copy differs: ${check.difference}`);
              return EXIT.problemFound;
            }
            line(io.out, `照合: 一致 / check: the copy matches — ${check.events} events in ${check.streams} streams, same order, ids and revisions`);
            const digests = await compareDigests(source, target);
            if (digests.ok === false) {
              line(io.err, `ダイジェストが一致しません / the digests differ: ${digests.message}`);
              return EXIT.problemFound;
            }
            line(io.out, `digest: ${digests.message}`);
            const fromDir = evidenceDirFor(from, ctx.settings.dataDir);
            const toDir = evidenceDirFor(to, ctx.settings.dataDir);
            const referenced = await referencedEvidence(source);
            if (fromDir !== toDir && !ctx.options.checkOnly) {
              const copied = await copyEvidence(fromDir, toDir, referenced.keys());
              line(io.out, `evidence: ${copied.copied} files copied to ${toDir} (${copied.present} already there)`);
            }
            return reportEvidence(io, await checkEvidence(toDir, referenced));
          } finally {
            await target.close();
          }
        } finally {
          await source.close();
        }
      }),
    );
}

function sameLocation(a: StoreLocation, b: StoreLocation): boolean {
  if (a.kind === 'sqlite' && b.kind === 'sqlite') return a.file === b.file;
  if (a.kind === 'kurrentdb' && b.kind === 'kurrentdb') return a.connectionString === b.connectionString;
  return false;
}
