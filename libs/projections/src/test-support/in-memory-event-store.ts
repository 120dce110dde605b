import {
  EventStoreClosedError,
  EventStoreError,
  GENESIS_HASH,
  canonicalEventTextFrom,
  checkExpectedRevision,
  findRetry,
  normalizeReadAllOptions,
  normalizeReadStreamOptions,
  normalizeSubscribeOptions,
  prepareAppend,
  sha256Hex,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@hyoka/event-store';

/** The log an in-memory store keeps; share it between two stores to "reopen" the same storage. */
export class InMemoryLog {
  readonly events: RecordedEvent[] = [];
  readonly live = new Set<() => void>();
}

export interface InMemoryEventStoreOptions {
  log?: InMemoryLog;
  /** clock of recordedAt; tests set it to place events in time */
  now?: () => string;
  /** test fault: the first append that has written this many of its events throws, and writes nothing */
  failAfterEvents?: number;
}

/**
 * An in-memory implementation of the event-store port for the projection specs: this library may not import a
 * store adapter (module boundaries), so its specs run on this store, which passes the same contract suite
 * as the SQLite and KurrentDB adapters (in-memory-event-store.spec.ts).
 */
export class InMemoryEventStore implements EventStore {
  readonly log: InMemoryLog;
  now: () => string;
  private failAfterEvents: number | undefined;
  private closed = false;
  private readonly subscriptions = new Set<Subscription>();

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.log = options.log ?? new InMemoryLog();
    this.now = options.now ?? (() => new Date().toISOString());
    this.failAfterEvents = options.failAfterEvents;
  }

  get events(): readonly RecordedEvent[] {
    return this.log.events;
  }

  async appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    this.open();
    const prepared = prepareAppend(stream, events, options);
    const existing = this.log.events.filter((e) => e.stream === stream);
    const retry = findRetry(
      stream,
      prepared,
      prepared.map((p) => existing.find((e) => e.id === p.id)),
    );
    if (retry) return retry;
    const last = existing.at(-1);
    checkExpectedRevision(stream, options.expectedRevision, last ? last.revision : 'no_stream');
    const written: RecordedEvent[] = [];
    let revision = last ? last.revision : -1n;
    let hash = last ? last.hash : GENESIS_HASH;
    const recordedAt = this.now();
    for (const p of prepared) {
      revision += 1n;
      const previousHash = hash;
      hash = sha256Hex(canonicalEventTextFrom(stream, revision, p.id, p.type, p.canonicalData, p.canonicalMetadata, previousHash));
      written.push({
        id: p.id,
        type: p.type,
        data: JSON.parse(p.dataJson),
        metadata: JSON.parse(p.metadataJson),
        stream,
        revision,
        position: BigInt(this.log.events.length + written.length + 1),
        recordedAt,
        hash,
        previousHash,
      });
      if (this.failAfterEvents !== undefined && written.length === this.failAfterEvents) {
        this.failAfterEvents = undefined;
        throw new EventStoreError(`injected fault after ${written.length} events`);
      }
    }
    this.log.events.push(...written);
    for (const wake of this.log.live) wake();
    return { nextExpectedRevision: revision, position: written.at(-1)!.position, hash, deduplicated: false };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.open();
    const o = normalizeReadStreamOptions(stream, options);
    let events = this.log.events.filter((e) => e.stream === stream);
    if (o.toPosition !== undefined) events = events.filter((e) => e.position <= o.toPosition!);
    if (o.direction === 'backwards') {
      events = [...events].reverse();
      if (o.fromRevision !== undefined) events = events.filter((e) => e.revision <= o.fromRevision!);
    } else if (o.fromRevision !== undefined) {
      events = events.filter((e) => e.revision >= o.fromRevision!);
    }
    return events.slice(0, o.maxCount ?? events.length).map((e) => structuredClone(e));
  }

  async readPositions(positions: readonly bigint[]): Promise<RecordedEvent[]> {
    this.open();
    const wanted = new Set(positions);
    return this.log.events.filter((e) => wanted.has(e.position)).map((e) => structuredClone(e));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.open();
    const o = normalizeReadAllOptions(options);
    const events = this.log.events.filter((e) => e.position > o.after);
    return events.slice(0, o.maxCount ?? events.length).map((e) => structuredClone(e));
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.open();
    const o = normalizeSubscribeOptions(options);
    const log = this.log;
    let cursor = o.after;
    let closed = o.signal?.aborted ?? false;
    let wake: (() => void) | undefined;
    const wakeUp = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    log.live.add(wakeUp);
    const subscriptions = this.subscriptions;
    const subscription: Subscription = {
      async close() {
        closed = true;
        log.live.delete(wakeUp);
        subscriptions.delete(subscription);
        wakeUp();
      },
      async *[Symbol.asyncIterator]() {
        try {
          while (!closed) {
            const next = log.events.find((e) => e.position > cursor);
            if (next) {
              cursor = next.position;
              yield structuredClone(next);
              continue;
            }
            await new Promise<void>((resolve) => (wake = resolve));
          }
        } finally {
          await subscription.close();
        }
      },
    };
    o.signal?.addEventListener('abort', () => void subscription.close());
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    this.open();
    return this.log.events.at(-1)?.position ?? 0n;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of [...this.subscriptions]) await s.close();
  }

  private open(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}
