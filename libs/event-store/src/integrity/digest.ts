import { createHash } from 'node:crypto';
import { InvalidOptionsError } from '../errors.js';
import type { EventStore } from '../types.js';
import { GENESIS_HASH, HASH_PATTERN } from './hash.js';

/** Prefix of a printed log digest; the version changes if the digest's definition ever does. */
export const LOG_DIGEST_PREFIX = 'hyoka-log:v1';

/** The digest of the log up to a position: `events` events (those at or before `position`) chained into `hash`. */
export interface LogDigest {
  position: bigint;
  events: number;
  /** D_events, lowercase hex */
  hash: string;
  /** the printable form, `hyoka-log:v1:<position>:<events>:<hash>` */
  text: string;
}

/**
 * Chains event hashes into the log digest: D_0 = genesis (32 zero bytes), D_n = SHA-256(D_{n-1} ‖ hash_n ‖ n), with
 * both hashes as 32 raw bytes and n (the event's 1-based ordinal in $all) as 8 bytes big-endian. The ordinal rather
 * than the store's position keeps the digest of an exact copy in another store (other positions) the same.
 */
export class LogDigester {
  private digest: Buffer;
  private count: number;
  private readonly ordinal = Buffer.alloc(8);

  /** Starts from genesis, or continues from the digest of the first `from.events` events. */
  constructor(from?: { events: number; hash: string }) {
    this.count = from?.events ?? 0;
    this.digest = Buffer.from(from?.hash ?? GENESIS_HASH, 'hex');
  }

  /** Adds the next event of $all; `hash` is its recorded hash. */
  add(hash: string): void {
    if (!HASH_PATTERN.test(hash)) throw new InvalidOptionsError(`An event hash must be 64 lowercase hex digits, not '${hash}'`);
    this.count++;
    this.ordinal.writeBigUInt64BE(BigInt(this.count));
    this.digest = createHash('sha256').update(this.digest).update(Buffer.from(hash, 'hex')).update(this.ordinal).digest();
  }

  get events(): number {
    return this.count;
  }

  result(position: bigint): LogDigest {
    const hash = this.digest.toString('hex');
    return { position, events: this.count, hash, text: formatLogDigest(position, this.count, hash) };
  }
}

export function formatLogDigest(position: bigint, events: number, hash: string): string {
  return `${LOG_DIGEST_PREFIX}:${position}:${events}:${hash}`;
}

const DIGEST_TEXT = /^hyoka-log:v1:(0|[1-9]\d*):(0|[1-9]\d*):([0-9a-f]{64})$/;

/** Reads a printed digest (surrounding whitespace and upper-case hex forgiven); anything else is a clear error. */
export function parseLogDigest(text: string): LogDigest {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  const lower = trimmed.replace(/:([0-9A-Fa-f]{64})$/, (_, hex: string) => `:${hex.toLowerCase()}`);
  const m = DIGEST_TEXT.exec(lower);
  if (!m) {
    throw new InvalidOptionsError(
      `'${String(text).slice(0, 120)}' is not a log digest; expected ${LOG_DIGEST_PREFIX}:<position>:<events>:<64 hex digits>`,
    );
  }
  const events = Number(m[2]);
  if (!Number.isSafeInteger(events)) throw new InvalidOptionsError(`The digest's event count ${m[2]} is too large`);
  return { position: BigInt(m[1]!), events, hash: m[3]!, text: lower };
}

export interface LogDigestOptions {
  /** the position to digest up to (inclusive); the head when omitted. Must not be past the head. */
  position?: bigint;
  /** events read per page (default 2000) */
  pageSize?: number;
}

/**
 * The digest of the log up to a position, from the hashes the store recorded (fast: nothing is recomputed). To print
 * a digest that is also proven, use `verifyLog`'s `digest`, which recomputes every hash on the way.
 */
export async function logDigest(store: EventStore, options: LogDigestOptions = {}): Promise<LogDigest> {
  const head = await store.headPosition();
  const position = options.position ?? head;
  if (typeof position !== 'bigint' || position < 0n) {
    throw new InvalidOptionsError(`position must be a bigint >= 0n, not ${String(position)}`);
  }
  if (position > head) {
    throw new InvalidOptionsError(`Position ${position} is past the head of the log (${head}); a digest covers only what is written`);
  }
  const pageSize = options.pageSize ?? 2000;
  const digester = new LogDigester();
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    for (const event of page) {
      if (event.position > position) return digester.result(position);
      digester.add(event.hash);
    }
    if (page.length < pageSize) return digester.result(position);
    after = page[page.length - 1]!.position;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

interface Checkpoint {
  position: bigint;
  events: number;
  hash: string;
}

/**
 * Digests at any position without reading the log from the start each time (reports stamp the position and digest
 * of the data they show): keeps the digest at every `every`-th event it has passed, and continues from the nearest
 * one at or before the asked position. It chains the stored hashes as `logDigest` does and remembers them, so it is
 * for stamping, not for checking: `checkDigest` reads and recomputes everything again.
 */
export class LogDigestIndex {
  private readonly checkpoints: Checkpoint[] = [{ position: 0n, events: 0, hash: GENESIS_HASH }];
  private readonly every: number;
  private readonly pageSize: number;

  constructor(
    private readonly store: EventStore,
    options: { every?: number; pageSize?: number } = {},
  ) {
    this.every = options.every ?? 10_000;
    this.pageSize = options.pageSize ?? 2000;
  }

  /** The digest up to `position` (default: the head); a position past the head is refused. */
  async digestAt(position?: bigint): Promise<LogDigest> {
    const head = await this.store.headPosition();
    const at = position ?? head;
    if (typeof at !== 'bigint' || at < 0n) throw new InvalidOptionsError(`position must be a bigint >= 0n, not ${String(at)}`);
    if (at > head) {
      throw new InvalidOptionsError(`Position ${at} is past the head of the log (${head}); a digest covers only what is written`);
    }
    let start = this.checkpoints[0]!;
    for (const c of this.checkpoints) if (c.position <= at && c.position >= start.position) start = c;
    const digester = new LogDigester(start);
    let after = start.position;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: this.pageSize });
      for (const event of page) {
        if (event.position > at) return digester.result(at);
        digester.add(event.hash);
        if (digester.events % this.every === 0) this.remember(event.position, digester);
      }
      if (page.length < this.pageSize) return digester.result(at);
      after = page[page.length - 1]!.position;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private remember(position: bigint, digester: LogDigester): void {
    const last = this.checkpoints[this.checkpoints.length - 1]!;
    if (position <= last.position) return;
    this.checkpoints.push({ position, events: digester.events, hash: digester.result(position).hash });
  }
}
