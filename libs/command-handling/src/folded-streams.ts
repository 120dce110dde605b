import type { EventStore, RecordedEvent } from '@hyoka/event-store';
import type { StreamFold } from './folds.js';

/** What a stream recorded under one command id: enough to answer a retry without the events themselves. */
export interface RecordedCommand {
  /** every actor that recorded events under this command id (more than one only in a stream written by hand) */
  readonly actors: readonly string[];
  /** the fingerprint on the command's first event, if it carried one */
  readonly commandHash: string | undefined;
  /** position of the command's last event */
  readonly lastPosition: bigint;
}

/** A stream folded up to `revision`: its state and the command ids it holds. Never changed once made. */
export interface FoldedStream<State> {
  readonly state: State;
  /** revision of the stream's last folded event; null when the stream has none */
  readonly revision: bigint | null;
  readonly commands: ReadonlyMap<string, RecordedCommand>;
}

type Upcast = (event: RecordedEvent) => RecordedEvent;

/** Folds events (upcast already) onto a folded stream; the result is a new value, the given one stays as it was. */
export function foldOnto<State>(fold: StreamFold<State>, base: FoldedStream<State> | undefined, events: readonly RecordedEvent[]): FoldedStream<State> {
  if (events.length === 0 && base) return base;
  const state = base ? events.reduce(fold.evolve, base.state) : fold.fold(events);
  const commands = new Map(base?.commands);
  for (const event of events) {
    const { commandId, actor } = event.metadata;
    const seen = commands.get(commandId);
    const hash = event.metadata['commandHash'];
    commands.set(commandId, {
      actors: seen ? (seen.actors.includes(actor) ? seen.actors : [...seen.actors, actor]) : [actor],
      commandHash: seen ? seen.commandHash : typeof hash === 'string' ? hash : undefined,
      lastPosition: event.position,
    });
  }
  return { state, revision: events.at(-1)?.revision ?? base?.revision ?? null, commands };
}

/**
 * Folded streams of one store, fold and upcast, least recently used dropped first. An entry claims exactly its
 * revision: a reader folds the events after it, read from the store, so a stream another writer (or process) moved on
 * is never answered from the cache alone, and the expected-revision append still refuses a stale decision.
 */
export class FoldedStreamCache<State> {
  private readonly entries = new Map<string, FoldedStream<State>>();

  constructor(readonly maxStreams: number) {}

  get(stream: string): FoldedStream<State> | undefined {
    const entry = this.entries.get(stream);
    if (entry) {
      this.entries.delete(stream);
      this.entries.set(stream, entry);
    }
    return entry;
  }

  /** Keeps the newer of what is held and `entry` (two commands on one stream may finish in any order). */
  set(stream: string, entry: FoldedStream<State>): void {
    const held = this.entries.get(stream);
    if (held && held.revision !== null && (entry.revision === null || entry.revision < held.revision)) return;
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    while (this.entries.size > this.maxStreams) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** How many streams' folded states each store keeps per fold (an evaluation's state is a few KiB; a long one ~1 MiB). */
export const DEFAULT_CACHED_STREAMS = 256;

const caches = new WeakMap<EventStore, WeakMap<object, WeakMap<Upcast, FoldedStreamCache<unknown>>>>();

/** The cache of one store, fold and upcast in this process (one per combination: a state folded otherwise is another state). */
export function foldedStreamCache<State>(store: EventStore, fold: StreamFold<State>, upcast: Upcast): FoldedStreamCache<State> {
  let byFold = caches.get(store);
  if (!byFold) caches.set(store, (byFold = new WeakMap()));
  let byUpcast = byFold.get(fold);
  if (!byUpcast) byFold.set(fold, (byUpcast = new WeakMap()));
  let cache = byUpcast.get(upcast);
  if (!cache) byUpcast.set(upcast, (cache = new FoldedStreamCache<unknown>(DEFAULT_CACHED_STREAMS)));
  return cache as FoldedStreamCache<State>;
}

/**
 * A stream's folded state, reading only the events after the cached revision (all of them the first time in this
 * process, e.g. after a restart). `cache: null` reads and folds the whole stream.
 */
export async function readFoldedStream<State>(
  store: EventStore,
  stream: string,
  fold: StreamFold<State>,
  upcast: Upcast,
  cache: FoldedStreamCache<State> | null,
): Promise<FoldedStream<State>> {
  const held = cache?.get(stream);
  const after = held?.revision ?? null;
  const read = await store.readStream(stream, after === null ? undefined : { fromRevision: after + 1n });
  // an adapter that reads from the start anyway must not fold an event twice
  const fresh = (after === null ? read : read.filter((e) => e.revision > after)).map(upcast);
  const folded = foldOnto(fold, held, fresh);
  if (cache && folded.revision !== null) cache.set(stream, folded);
  return folded;
}
