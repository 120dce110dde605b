import {
  WrongExpectedRevisionError,
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

/**
 * A small in-memory implementation of the event-store port for the projection specs
 * (this library may not import a store adapter). It keeps the port's promises the projections rely on:
 * global positions from 1, revisions from 0, idempotent ids, expected revisions, a catch-up-then-live subscription.
 */
export class InMemoryEventStore implements EventStore {
  readonly events: RecordedEvent[] = [];
  private readonly live = new Set<() => void>();
  /** the clock of recordedAt; tests set it to place events in time */
  now: () => string = () => new Date().toISOString();

  async appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    const existing = this.events.filter((e) => e.stream === stream);
    const last = existing.at(-1);
    const known = events.filter((e) => existing.some((x) => x.id === e.id));
    if (known.length === events.length && last && events.length > 0) {
      const lastKnown = existing.filter((x) => events.some((e) => e.id === x.id)).at(-1)!;
      return { nextExpectedRevision: lastKnown.revision, position: lastKnown.position, deduplicated: true };
    }
    const actual = last ? last.revision : 'no_stream';
    const expected = options.expectedRevision;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && actual === 'no_stream') ||
      (expected === 'stream_exists' && actual !== 'no_stream') ||
      (typeof expected === 'bigint' && actual === expected);
    if (!ok) throw new WrongExpectedRevisionError(stream, expected, actual);
    let revision = last ? last.revision : -1n;
    for (const event of events) {
      revision += 1n;
      this.events.push({
        ...structuredClone(event),
        stream,
        revision,
        position: BigInt(this.events.length + 1),
        recordedAt: this.now(),
      });
    }
    for (const wake of this.live) wake();
    const tail = this.events.at(-1)!;
    return { nextExpectedRevision: revision, position: tail.position, deduplicated: false };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    let events = this.events.filter((e) => e.stream === stream);
    if (options.toPosition !== undefined) events = events.filter((e) => e.position <= options.toPosition!);
    if (options.direction === 'backwards') {
      events = events.reverse();
      if (options.fromRevision !== undefined) events = events.filter((e) => e.revision <= options.fromRevision!);
    } else if (options.fromRevision !== undefined) {
      events = events.filter((e) => e.revision >= options.fromRevision!);
    }
    return events.slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER).map((e) => structuredClone(e));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    return this.events
      .filter((e) => e.position > after)
      .slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER)
      .map((e) => structuredClone(e));
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    let cursor = options.after ?? 0n;
    let closed = false;
    let wake: (() => void) | undefined;
    const wakeUp = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    this.live.add(wakeUp);
    const close = async () => {
      closed = true;
      this.live.delete(wakeUp);
      wakeUp();
    };
    options.signal?.addEventListener('abort', () => void close());
    const store = this;
    return {
      close,
      async *[Symbol.asyncIterator]() {
        while (!closed) {
          const next = store.events.find((e) => e.position > cursor);
          if (next) {
            cursor = next.position;
            yield structuredClone(next);
            continue;
          }
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    };
  }

  async headPosition(): Promise<bigint> {
    return this.events.at(-1)?.position ?? 0n;
  }

  async close(): Promise<void> {}
}
