import { upcast as upcastToCurrent } from '@hyoka/domain';
import { WrongExpectedRevisionError, type EventStore, type ReadStreamOptions, type RecordedEvent } from '@hyoka/event-store';
import { toEventsToAppend, type Provenance } from './events-to-append.js';
import type { StreamEvent, StreamFold } from './folds.js';
import { foldedStreamCache, readFoldedStream, type FoldedStream } from './folded-streams.js';

/** A stream as read for a command: its events upcast to their current schema versions, and their fold. */
export interface StreamRead<State> {
  events: RecordedEvent[];
  state: State;
  /** revision of the stream's last event; null when the stream has none */
  revision: bigint | null;
}

export type Upcast = (event: RecordedEvent) => RecordedEvent;

export interface AggregateOptions {
  /** the domain's upcast unless a test gives another */
  upcast?: Upcast;
  read?: ReadStreamOptions;
}

/** Reads a stream, upcasts every event and folds them: the one way to get a stream's state. */
export async function aggregateStream<State>(
  store: EventStore,
  stream: string,
  fold: StreamFold<State>,
  options: AggregateOptions = {},
): Promise<StreamRead<State>> {
  const events = (await store.readStream(stream, options.read)).map(options.upcast ?? upcastToCurrent);
  return { events, state: fold.fold(events), revision: events.at(-1)?.revision ?? null };
}

/** decide for one command: what happened, given the stream's state. */
export type Decide<State> = (state: State) => readonly StreamEvent[] | Promise<readonly StreamEvent[]>;

export interface HandleCommandOptions<State> {
  fold: StreamFold<State>;
  provenance: Provenance;
  /**
   * The stream revision the command was given on: a revision, 'no_stream', or 'as_read' (the default) for callers
   * that act on the stream as this call reads it. A stream at another revision refuses the command before decide.
   */
  expectedRevision?: bigint | 'no_stream' | 'as_read';
  /**
   * Runs after the read and the command-id check, before the revision check and decide: where a caller loads what
   * decide needs besides the state (and refuses what it must refuse whatever the revision).
   */
  beforeDecide?: (read: CommandRead<State>) => void | Promise<void>;
  upcast?: Upcast;
  /**
   * false reads and folds the whole stream; by default the stream's folded state is kept in this process (per store,
   * fold and upcast) and a command reads only the events after it.
   */
  cache?: boolean;
}

/** The stream as a command sees it: its state and the revision of its last event (null: no events). */
export interface CommandRead<State> {
  state: State;
  revision: bigint | null;
}

export interface CommandResult<State> {
  /** revision of the stream's last event after the command (null: the stream still has none) */
  nextExpectedRevision: bigint | null;
  /** position of the command's last event (null when it decided nothing) */
  position: bigint | null;
  /** what decide returned, as appended (empty for a retry or when there was nothing to record) */
  newEvents: StreamEvent[];
  /** true when the command id was recorded before: nothing was written this time */
  deduplicated: boolean;
  state: State;
}

/** A command id the stream holds from another actor: a retry must come from whoever gave the command. */
export class CommandIdReusedError extends Error {
  override name = 'CommandIdReusedError';
  constructor(
    readonly stream: string,
    readonly commandId: string,
  ) {
    super(`Stream '${stream}': command id '${commandId}' was recorded by another actor`);
  }
}

/** A command id sent again with other content than the first time: a new action needs a new command id. */
export class CommandContentChangedError extends Error {
  override name = 'CommandContentChangedError';
  constructor(
    readonly stream: string,
    readonly commandId: string,
  ) {
    super(`Stream '${stream}': command id '${commandId}' was recorded with other content`);
  }
}

/**
 * The one command path: read the stream (only the events after its folded state held in this process) → upcast →
 * fold → decide → append at the expected revision with event ids derived from the command id. A command id the stream holds already answers as the first time did (a retry), also
 * when the retry races the first attempt, unless its content differs from the first (`provenance.commandHash`).
 * Several decide steps run in turn, each on the state the previous left.
 */
export async function handleCommand<State>(
  store: EventStore,
  stream: string,
  decide: Decide<State> | readonly Decide<State>[],
  options: HandleCommandOptions<State>,
): Promise<CommandResult<State>> {
  const { fold, provenance } = options;
  const upcast = options.upcast ?? upcastToCurrent;
  const cache = options.cache === false ? null : foldedStreamCache(store, fold, upcast);
  const read = await readFoldedStream(store, stream, fold, upcast, cache);
  // A retry gets the first answer, even when the stream has moved on since: check before the revision.
  const retried = answerOfRetry(stream, read, provenance);
  if (retried) return retried;
  await options.beforeDecide?.({ state: read.state, revision: read.revision });
  const actual = read.revision ?? 'no_stream';
  const expected = options.expectedRevision ?? 'as_read';
  if (expected !== 'as_read' && expected !== actual) throw new WrongExpectedRevisionError(stream, expected, actual);

  let state = read.state;
  const newEvents: StreamEvent[] = [];
  for (const step of typeof decide === 'function' ? [decide] : decide) {
    for (const event of await step(state)) {
      newEvents.push(event);
      state = fold.evolve(state, event);
    }
  }
  if (newEvents.length === 0) {
    return { nextExpectedRevision: read.revision, position: null, newEvents, deduplicated: false, state };
  }
  try {
    // The state after decide is not cached: the next command folds these events as the store recorded them.
    const appended = await store.appendToStream(stream, toEventsToAppend(stream, newEvents, provenance), {
      expectedRevision: actual,
    });
    return {
      nextExpectedRevision: appended.nextExpectedRevision,
      position: appended.position,
      newEvents,
      deduplicated: appended.deduplicated,
      state,
    };
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
    // Somebody appended between our read and our append. If it was this very command (a concurrent retry), answer
    // as it did; otherwise the command was decided on a stale state.
    const now = await readFoldedStream(store, stream, fold, upcast, cache);
    const raced = answerOfRetry(stream, now, provenance);
    if (raced) return raced;
    throw new WrongExpectedRevisionError(stream, actual, now.revision ?? 'no_stream');
  }
}

/** The answer to a command id the stream already holds; refuses a command id another actor used. */
function answerOfRetry<State>(stream: string, read: FoldedStream<State>, provenance: Provenance): CommandResult<State> | undefined {
  const recorded = read.commands.get(provenance.commandId);
  if (!recorded) return undefined;
  if (recorded.actors.some((actor) => actor !== provenance.actor)) throw new CommandIdReusedError(stream, provenance.commandId);
  // events recorded before fingerprints existed carry none: their retries are answered as before
  const first = recorded.commandHash;
  if (provenance.commandHash && first !== undefined && first !== provenance.commandHash) {
    throw new CommandContentChangedError(stream, provenance.commandId);
  }
  return {
    nextExpectedRevision: read.revision,
    position: recorded.lastPosition,
    newEvents: [],
    deduplicated: true,
    state: read.state,
  };
}
