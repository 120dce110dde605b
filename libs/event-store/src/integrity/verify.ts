import { CorruptEventError, InvalidOptionsError } from '../errors.js';
import type { EventStore, MissingEvent, RecordedEvent } from '../types.js';
import { GENESIS_HASH, eventHash } from './hash.js';
import { LogDigester, formatLogDigest, parseLogDigest, type LogDigest } from './digest.js';

/**
 * What is wrong at the first broken place:
 * - 'hash-mismatch': the event's content no longer yields its recorded hash (expected: recomputed, found: recorded);
 * - 'chain-broken': the event's previousHash is not the hash of the stream's event before it (or genesis);
 * - 'revision-gap': the stream skips a revision here (an event before it is missing or was moved later);
 * - 'reordered': a revision repeats or goes back, or the global position does not increase;
 * - 'unreadable': the store cannot read the event at all (its JSON was damaged);
 * - 'missing-position': the store says an event stood here that it no longer returns (see EventStore.completeness).
 */
export type VerifyProblem = 'hash-mismatch' | 'chain-broken' | 'revision-gap' | 'reordered' | 'unreadable' | 'missing-position';

export interface VerifyOk {
  ok: true;
  /** events checked */
  events: number;
  /** distinct streams among them */
  streams: number;
  /** position of the last event checked (0n for an empty log) */
  head: bigint;
  /** the log digest up to `head`, each hash in it recomputed on the way */
  digest: LogDigest;
}

export interface VerifyBroken {
  ok: false;
  problem: VerifyProblem;
  /** null only for a 'missing-position' whose stream the store cannot name */
  stream: string | null;
  revision: bigint | null;
  position: bigint;
  /** what the chain requires here: a hash, or a revision (decimal) for revision problems */
  expected: string;
  /** what the log holds instead */
  found: string;
  /** events checked and found sound before this one */
  events: number;
  message: string;
}

export type VerifyResult = VerifyOk | VerifyBroken;

export interface VerifyProgress {
  events: number;
  position: bigint;
  head: bigint;
}

/** A place up to which the log was verified earlier: its position and its (proven) digest. */
export interface VerifiedCheckpoint {
  position: bigint;
  events: number;
  hash: string;
}

export interface VerifyOptions {
  /** verify only events at or before this position (default: everything) */
  upTo?: bigint;
  /**
   * continue from a checkpoint verified earlier instead of the start: only later events are checked, each stream's
   * chain continuing from its last event at or before the checkpoint (trusted, as verified then), and the digest
   * continuing from the checkpoint's
   */
  from?: VerifiedCheckpoint;
  /** events read per page (default 2000) */
  pageSize?: number;
  /** called after each page */
  onProgress?: (progress: VerifyProgress) => void;
}

interface StreamTip {
  revision: bigint;
  hash: string;
}

/**
 * Reads $all from the start through the port (the same on every adapter) and checks, in log order: positions strictly
 * increase; each stream's revisions run 0, 1, 2, … without gaps; each previousHash is the hash of the stream's event
 * before it (genesis for revision 0); each hash recomputes from the event. Where the adapter offers `completeness`,
 * also that no position is skipped (SQLite) and, at the end of the log, that the store returned every event it holds
 * or held. Answers OK with the digest, or the first broken place. What a per-stream chain cannot see otherwise (a
 * stream's newest events or whole streams removed, the interleaving of streams changed, the end of the log cut off)
 * is what a digest printed earlier catches: `checkDigest`.
 */
export async function verifyLog(store: EventStore, options: VerifyOptions = {}): Promise<VerifyResult> {
  const { upTo, onProgress } = options;
  const pageSize = options.pageSize ?? 2000;
  if (upTo !== undefined && (typeof upTo !== 'bigint' || upTo < 0n)) {
    throw new InvalidOptionsError(`upTo must be a bigint >= 0n, not ${String(upTo)}`);
  }
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new InvalidOptionsError('pageSize must be an integer >= 1');
  const { from } = options;
  const storeHead = await store.headPosition();
  const head = upTo !== undefined && upTo < storeHead ? upTo : storeHead;
  const tips = new Map<string, StreamTip>();
  const seen = new Map<string, { revision: bigint; position: bigint }>();
  const digester = new LogDigester(from);
  const contiguous = store.completeness?.contiguousPositions === true;
  let last = from?.position ?? 0n;
  let size = pageSize;
  const tipOf = async (stream: string): Promise<StreamTip | undefined> => {
    const tip = tips.get(stream);
    if (tip || !from) return tip;
    const [before] = await store.readStream(stream, { direction: 'backwards', maxCount: 1, toPosition: from.position });
    return before && { revision: before.revision, hash: before.hash };
  };
  for (;;) {
    let page: RecordedEvent[];
    try {
      page = await store.readAll({ after: last, maxCount: size });
    } catch (error) {
      if (!(error instanceof CorruptEventError)) throw error;
      // the page failed as a whole: check the events before the unreadable one, one by one, before reporting it
      if (size > 1) {
        size = 1;
        continue;
      }
      const { stream, revision, position } = error;
      if (upTo !== undefined && position > upTo) return ok(digester, seen.size, last);
      return broken('unreadable', { stream, revision, position }, 'readable JSON', error.message, digester.events);
    }
    for (const event of page) {
      const skipped = contiguous && event.position > last + 1n && (upTo === undefined || last + 1n <= upTo);
      if (skipped) return missing({ position: last + 1n, stream: null, revision: null, expected: `position ${last + 1n}`, found: `position ${event.position}` }, digester.events);
      if (upTo !== undefined && event.position > upTo) return ok(digester, seen.size, last);
      const problem = check(event, await tipOf(event.stream), last, digester.events);
      if (problem) return problem;
      tips.set(event.stream, { revision: event.revision, hash: event.hash });
      seen.set(event.stream, { revision: event.revision, position: event.position });
      digester.add(event.hash);
      last = event.position;
    }
    onProgress?.({ events: digester.events, position: last, head });
    if (page.length < size) {
      const gone = await store.completeness?.findMissing({ lastPosition: last, streams: seen });
      if (gone && (upTo === undefined || gone.position <= upTo)) return missing(gone, digester.events);
      return ok(digester, seen.size, last);
    }
    // an embedded store answers reads synchronously: let a server handle other requests between pages
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function check(event: RecordedEvent, tip: StreamTip | undefined, lastPosition: bigint, before: number): VerifyBroken | undefined {
  if (event.position <= lastPosition) {
    return broken('reordered', event, `a position after ${lastPosition}`, String(event.position), before);
  }
  const expectedRevision = tip ? tip.revision + 1n : 0n;
  if (event.revision !== expectedRevision) {
    const problem = event.revision > expectedRevision ? 'revision-gap' : 'reordered';
    return broken(problem, event, String(expectedRevision), String(event.revision), before);
  }
  const expectedPrevious = tip ? tip.hash : GENESIS_HASH;
  if (event.previousHash !== expectedPrevious) {
    return broken('chain-broken', event, expectedPrevious, String(event.previousHash), before);
  }
  const recomputed = eventHash(event);
  if (event.hash !== recomputed) return broken('hash-mismatch', event, recomputed, String(event.hash), before);
  return undefined;
}

const DESCRIPTIONS: Record<VerifyProblem, string> = {
  'hash-mismatch': 'its content does not yield its recorded hash',
  'chain-broken': "its previousHash is not the hash of the stream's event before it",
  'revision-gap': 'the stream skips a revision here',
  reordered: 'it is out of order',
  unreadable: 'it cannot be read',
  'missing-position': 'the store holds or held an event here that it no longer returns',
};

function missing(at: MissingEvent, events: number): VerifyBroken {
  return broken('missing-position', at, at.expected, at.found, events);
}

function broken(
  problem: VerifyProblem,
  at: { stream: string | null; revision: bigint | null; position: bigint },
  expected: string,
  found: string,
  events: number,
): VerifyBroken {
  const { stream, revision, position } = at;
  const where = stream === null ? '' : ` (stream '${stream}'${revision === null ? '' : `, revision ${revision}`})`;
  const message = `The log is broken at position ${position}${where}: ${DESCRIPTIONS[problem]}; expected ${expected}, found ${found}`;
  return { ok: false, problem, stream, revision, position, expected, found, events, message };
}

function ok(digester: LogDigester, streams: number, head: bigint): VerifyOk {
  return { ok: true, events: digester.events, streams, head, digest: digester.result(head) };
}

export type DigestCheck =
  | { ok: true; digest: LogDigest }
  | {
      ok: false;
      digest: LogDigest;
      problem: 'digest-mismatch' | 'log-shorter' | 'log-broken';
      /** the digest the log yields now up to the same position, when it still reaches it */
      found?: LogDigest;
      /** when the log itself no longer verifies up to the position: its first broken place */
      broken?: VerifyBroken;
      message: string;
    };

/**
 * Whether the log up to the digest's position still yields the digest (printed earlier, e.g. in the committee's
 * minutes). The log is verified up to that position on the way, so an edit that left the recorded hashes alone is
 * found too; a log cut off before the position, or rewritten anywhere before it, fails.
 */
export async function checkDigest(
  store: EventStore,
  digest: string | LogDigest,
  options: Pick<VerifyOptions, 'onProgress' | 'pageSize'> = {},
): Promise<DigestCheck> {
  const expected = typeof digest === 'string' ? parseLogDigest(digest) : parseLogDigest(digest.text);
  const head = await store.headPosition();
  if (head < expected.position) {
    return {
      ok: false,
      digest: expected,
      problem: 'log-shorter',
      message: `The log ends at position ${head}, before the digest's position ${expected.position}: events were removed`,
    };
  }
  const result = await verifyLog(store, { ...options, upTo: expected.position });
  if (!result.ok) {
    return {
      ok: false,
      digest: expected,
      problem: 'log-broken',
      broken: result,
      message: `The log no longer verifies up to position ${expected.position}: ${result.message}`,
    };
  }
  const { events, hash } = result.digest;
  const now: LogDigest = { position: expected.position, events, hash, text: formatLogDigest(expected.position, events, hash) };
  if (now.hash === expected.hash && now.events === expected.events) return { ok: true, digest: expected };
  return {
    ok: false,
    digest: expected,
    problem: 'digest-mismatch',
    found: now,
    message:
      `The log up to position ${expected.position} yields ${now.text} (${now.events} events), not ${expected.text} ` +
      `(${expected.events} events): it was rewritten since the digest was taken`,
  };
}
