import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  MaxAppendSizeExceededError,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import {
  ABORTED,
  EventStoreClosedError,
  EventStoreError,
  GENESIS_HASH,
  InvalidEventError,
  WrongExpectedRevisionError,
  canonicalEventTextFrom,
  checkExpectedRevision,
  findRetry,
  normalizeReadAllOptions,
  normalizeReadStreamOptions,
  normalizeSubscribeOptions,
  prepareAppend,
  sha256Hex,
  untilAborted,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type HeldEvent,
  type LogCompleteness,
  type MissingEvent,
  type PreparedEvent,
  type SeenLog,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@hyoka/event-store';
import { isSystem, toConflict, toDriverPosition, toPortPosition, toRecordedEvent, withHashes } from './mapping.js';

export interface KurrentDbEventStoreOptions {
  /** Test-only fault injection; never set in production. */
  faults?: KurrentDbFaults;
}

export interface KurrentDbFaults {
  /**
   * Called after each event of an append is put into the append's request. KurrentDB writes one request atomically,
   * so throwing here shows that the adapter never sends part of an append.
   */
  afterEventMapped?: (mapped: number, stream: string) => void;
}

/** The part of the KurrentDB client the adapter uses (tests hand in a fake). */
export type KurrentDbDriver = Pick<KurrentDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

/**
 * Connects to KurrentDB (e.g. `kurrentdb://admin:changeit@localhost:2113?tls=false`). The connection itself is
 * made lazily by the client, on the first call.
 */
export async function connectKurrentDbEventStore(
  connectionString: string,
  options: KurrentDbEventStoreOptions = {},
): Promise<EventStore> {
  let client: KurrentDBClient;
  try {
    client = KurrentDBClient.connectionString(connectionString);
  } catch (cause) {
    // The message of the client names the problem; the string itself may hold a password, so it is not repeated.
    throw new EventStoreError(`Invalid KurrentDB connection string: ${message(cause)}`, { cause });
  }
  return createKurrentDbEventStore(client, options);
}

export function createKurrentDbEventStore(driver: KurrentDbDriver, options: KurrentDbEventStoreOptions = {}): EventStore {
  return new KurrentDbStore(driver, options.faults);
}

/** readPositions: requests to the server at a time (a history page is up to a hundred positions, a first fold thousands) */
const READ_POSITIONS_IN_FLIGHT = 32;

class KurrentDbStore implements EventStore {
  private closed = false;
  private readonly subscriptions = new Set<KurrentDbSubscription>();

  constructor(
    private readonly driver: KurrentDbDriver,
    private readonly faults: KurrentDbFaults | undefined,
  ) {}

  /**
   * Idempotency by the adapter's own means: KurrentDB only recognises a repeated event id "in quick succession", so
   * before appending, the adapter reads the stream. All ids held: the first append's answer. None: the hash chain
   * continues from the last event read, and the append is sent expecting exactly that revision, so no other writer's
   * event can fall between the link and its predecessor. If that conflicts, the ids are looked up once more (the winner
   * may have been a concurrent copy of this very append); then 'any' and 'stream_exists' appends chain onto the new
   * last event and try again, while an exact expectation is the caller's conflict.
   */
  async appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    const prepared = prepareAppend(stream, events, options);
    const expected = options.expectedRevision;
    for (let attempt = 1; ; attempt++) {
      const existing = await this.readStream(stream);
      const retry = findRetry(stream, prepared, heldIn(existing, prepared));
      if (retry) return retry;
      const last = existing.at(-1);
      checkExpectedRevision(stream, expected, last?.revision ?? 'no_stream');
      const { request, hash } = this.request(stream, prepared, last);

      let result: Awaited<ReturnType<KurrentDbDriver['appendToStream']>>;
      try {
        result = await this.driver.appendToStream(stream, request, { streamState: last?.revision ?? 'no_stream' });
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          const retried = findRetry(stream, prepared, await this.held(stream, prepared));
          if (retried) return retried;
          if ((expected === 'any' || expected === 'stream_exists') && attempt < MAX_CHAIN_ATTEMPTS) continue;
          throw toConflict(stream, expected, error.actualState);
        }
        if (error instanceof MaxAppendSizeExceededError) {
          throw new InvalidEventError(
            `An append to '${stream}' is larger than this KurrentDB server takes (maxAppendSize ${error.maxAppendSize} bytes)`,
          );
        }
        throw driverError(`append to '${stream}'`, error);
      }
      if (!result.success) {
        // Only when the connection string sets throwOnAppendFailure=false: the server refused the expected revision.
        if ((expected === 'any' || expected === 'stream_exists') && attempt < MAX_CHAIN_ATTEMPTS) continue;
        throw new WrongExpectedRevisionError(stream, expected, await this.lastRevision(stream));
      }
      const position = result.position
        ? toPortPosition(result.position)
        : await this.positionOf(stream, result.nextExpectedRevision);
      return { nextExpectedRevision: result.nextExpectedRevision, position, hash, deduplicated: false };
    }
  }

  /** The append's request: each event with its hashes, chained from the stream's last event. */
  private request(stream: string, prepared: readonly PreparedEvent[], last: RecordedEvent | undefined) {
    let revision = last?.revision ?? -1n;
    let hash = last?.hash ?? GENESIS_HASH;
    try {
      const request = prepared.map((event, i) => {
        revision++;
        const previousHash = hash;
        hash = sha256Hex(
          canonicalEventTextFrom(stream, revision, event.id, event.type, event.canonicalData, event.canonicalMetadata, previousHash),
        );
        const data = jsonEvent({
          id: event.id,
          type: event.type,
          data: event.data,
          metadata: withHashes(event.metadata, previousHash, hash),
        });
        this.faults?.afterEventMapped?.(i + 1, stream);
        return data;
      });
      return { request, hash };
    } catch (cause) {
      throw new EventStoreError(`Append to '${stream}' failed; nothing of it was written: ${message(cause)}`, { cause });
    }
  }

  /**
   * KurrentDB is asked only for what it answers plainly (a start revision and direction); the as-of bound and a
   * backwards start past the end are applied here. Hyoka's streams are short, so reading a little more is cheap.
   */
  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const o = normalizeReadStreamOptions(stream, options);
    if (o.maxCount === 0) return [];
    const backwards = o.direction === 'backwards';
    const boundedHere = o.toPosition !== undefined || (backwards && o.fromRevision !== undefined);
    const out: RecordedEvent[] = [];
    try {
      const events = this.driver.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: backwards ? END : (o.fromRevision ?? START),
        ...(o.maxCount !== undefined && !boundedHere ? { maxCount: o.maxCount } : {}),
      });
      for await (const resolved of events) {
        const event = toRecordedEvent(resolved);
        if (backwards && o.fromRevision !== undefined && event.revision > o.fromRevision) continue;
        if (o.toPosition !== undefined && event.position > o.toPosition) {
          if (backwards) continue;
          break; // forwards, positions only grow
        }
        out.push(event);
        if (out.length === o.maxCount) break;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw driverError(`reading '${stream}'`, error);
    }
    return out;
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { after, maxCount } = normalizeReadAllOptions(options);
    if (maxCount === 0) return [];
    const out: RecordedEvent[] = [];
    try {
      // KurrentDB reads $all from a position inclusively; the port reads strictly after it, hence one more.
      const events = this.driver.readAll({
        direction: FORWARDS,
        fromPosition: after === 0n ? START : toDriverPosition(after),
        filter: excludeSystemEvents(),
        ...(maxCount !== undefined ? { maxCount: maxCount + 1 } : {}),
      });
      for await (const resolved of events) {
        if (isSystem(resolved)) continue;
        const event = toRecordedEvent(resolved);
        if (event.position <= after) continue;
        out.push(event);
        if (out.length === maxCount) break;
      }
    } catch (error) {
      throw driverError('reading $all', error);
    }
    return out;
  }

  /**
   * KurrentDB has no read of several $all positions in one request: each position is one readAll from it (inclusive)
   * with maxCount 1, up to READ_POSITIONS_IN_FLIGHT requests at a time. An event is taken only when it sits exactly
   * at the position.
   */
  async readPositions(positions: readonly bigint[]): Promise<RecordedEvent[]> {
    this.assertOpen();
    const wanted = [...new Set(positions)].filter((p) => p > 0n).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const readOne = async (position: bigint): Promise<RecordedEvent | undefined> => {
      for await (const resolved of this.driver.readAll({ direction: FORWARDS, fromPosition: toDriverPosition(position), maxCount: 1 })) {
        if (isSystem(resolved)) return undefined;
        const event = toRecordedEvent(resolved);
        return event.position === position ? event : undefined;
      }
      return undefined;
    };
    const out: RecordedEvent[] = [];
    try {
      for (let i = 0; i < wanted.length; i += READ_POSITIONS_IN_FLIGHT) {
        const found = await Promise.all(wanted.slice(i, i + READ_POSITIONS_IN_FLIGHT).map(readOne));
        for (const event of found) if (event) out.push(event);
      }
    } catch (error) {
      throw driverError('reading $all by position', error);
    }
    return out;
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    try {
      const events = this.driver.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        maxCount: 1,
        filter: excludeSystemEvents(),
      });
      for await (const resolved of events) {
        if (!isSystem(resolved)) return toRecordedEvent(resolved).position;
      }
      return 0n;
    } catch (error) {
      throw driverError('reading the head of $all', error);
    }
  }

  /**
   * KurrentDB gives no event a contiguous number in $all and cannot delete one event; it removes events by deleting or
   * truncating a stream, after which reading the stream no longer answers what $all still holds (until a scavenge).
   * So each stream's last revision, read from the stream itself, must be the last one $all showed for it.
   */
  readonly completeness: LogCompleteness = {
    contiguousPositions: false,
    findMissing: (seen) => this.findMissing(seen),
  };

  private async findMissing(seen: SeenLog): Promise<MissingEvent | undefined> {
    const streams = [...seen.streams];
    // a few reads at a time: one round trip per stream
    for (let i = 0; i < streams.length; i += 16) {
      const answers = await Promise.all(
        streams.slice(i, i + 16).map(async ([stream, last]) => ({ stream, last, tip: (await this.readStream(stream, { direction: 'backwards', maxCount: 1 }))[0] })),
      );
      for (const { stream, last, tip } of answers) {
        if (!tip) {
          return { stream, revision: last.revision, position: last.position, expected: `'${stream}' up to revision ${last.revision}`, found: 'the stream answers no events (deleted)' };
        }
        // appended after $all was read: not missing
        if (tip.revision > last.revision && tip.position > seen.lastPosition) continue;
        if (tip.revision !== last.revision) {
          const revision = tip.revision < last.revision ? tip.revision + 1n : last.revision + 1n;
          return { stream, revision, position: last.position, expected: `revision ${last.revision} last in $all`, found: `the stream ends at revision ${tip.revision}` };
        }
      }
    }
    return undefined;
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    this.assertOpen();
    const { after, signal } = normalizeSubscribeOptions(options);
    const subscription = new KurrentDbSubscription(
      () =>
        this.driver.subscribeToAll({
          fromPosition: after === 0n ? START : toDriverPosition(after),
          filter: excludeSystemEvents(),
        }),
      after,
      signal,
      (s) => this.subscriptions.delete(s),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of [...this.subscriptions]) await subscription.close();
    await this.driver.dispose();
  }

  /** Where the stream already holds each of the append's ids. */
  private async held(stream: string, events: readonly PreparedEvent[]): Promise<(HeldEvent | undefined)[]> {
    return heldIn(await this.readStream(stream), events);
  }

  private async lastRevision(stream: string): Promise<bigint | 'no_stream'> {
    const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return last?.revision ?? 'no_stream';
  }

  private async positionOf(stream: string, revision: bigint): Promise<bigint> {
    const [event] = await this.readStream(stream, { fromRevision: revision, maxCount: 1 });
    if (!event) throw new EventStoreError(`KurrentDB did not return '${stream}'@${revision} right after appending it`);
    return event.position;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}

/** 'any' appends racing on one stream each re-chain and retry; every round one of them wins, so this is never reached in practice. */
const MAX_CHAIN_ATTEMPTS = 1000;

function heldIn(existing: readonly RecordedEvent[], events: readonly PreparedEvent[]): (HeldEvent | undefined)[] {
  const byId = new Map<string, HeldEvent>();
  for (const event of existing) byId.set(event.id, event);
  return events.map((e) => byId.get(e.id));
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** KurrentDB's catch-up subscription (catch-up, then live, on the server) as the port's async iterable. */
class KurrentDbSubscription implements Subscription, AsyncIterableIterator<RecordedEvent> {
  private closed = false;
  private closing: Promise<void> | undefined;
  private failure: unknown;
  private checkpoint: bigint;
  private readonly driver: AllStreamSubscription | undefined;
  private readonly iterator: AsyncIterator<AllStreamResolvedEvent | ResolvedEvent> | undefined;
  // aborted when the subscription ends (closed, or the driver failed): a pending read then answers DONE
  private readonly ending = new AbortController();
  private readonly end = () => this.ending.abort();
  private readonly onAbort = () => void this.close();

  constructor(
    open: () => AllStreamSubscription,
    after: bigint,
    private readonly signal: AbortSignal | undefined,
    private readonly onClose: (s: KurrentDbSubscription) => void,
  ) {
    this.checkpoint = after;
    if (signal?.aborted) {
      this.closed = true;
      return;
    }
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.driver = open();
    // Keeps a driver error from being an unhandled 'error' event before anyone iterates; next() reports it.
    this.driver.on('error', (error) => {
      this.failure = error;
      this.end();
    });
    this.iterator = this.driver[Symbol.asyncIterator]();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<RecordedEvent, undefined>> {
    for (;;) {
      if (this.closed || !this.iterator) return DONE;
      let step: IteratorResult<AllStreamResolvedEvent | ResolvedEvent>;
      try {
        const read = await untilAborted(this.iterator.next(), this.ending.signal);
        step = read === ABORTED ? DONE : read;
      } catch (error) {
        this.failure ??= error;
        step = DONE;
      }
      if (this.closed) return DONE;
      if (this.failure !== undefined) {
        const failure = this.failure;
        await this.close();
        throw driverError('the $all subscription', failure);
      }
      if (step.done) {
        await this.close();
        return DONE;
      }
      if (isSystem(step.value)) continue;
      const event = toRecordedEvent(step.value);
      // The port delivers strictly after the checkpoint and never twice.
      if (event.position <= this.checkpoint) continue;
      this.checkpoint = event.position;
      return { done: false, value: event };
    }
  }

  async return(): Promise<IteratorReturnResult<undefined>> {
    await this.close();
    return DONE;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    this.end();
    this.onClose(this);
    if (this.driver) {
      try {
        await this.driver.unsubscribe();
      } catch {
        // cancelling the server stream may fail if the connection is already gone; it is being torn down either way
      }
      this.driver.destroy();
    }
  }
}

function driverError(what: string, error: unknown): EventStoreError {
  if (error instanceof EventStoreError) return error;
  return new EventStoreError(`KurrentDB ${what} failed: ${message(error)}`, { cause: error });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
