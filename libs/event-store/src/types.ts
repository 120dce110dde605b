/** JSON values an event may carry. Anything else (functions, undefined, NaN, BigInt, cycles) is refused. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Who did what, when, and why: written with every event. Time and ids come from here, never from a clock inside the domain. */
export interface EventMetadata {
  /** user id of the person who caused the event ('system' for start-up imports) */
  actor: string;
  /** the role or body the actor acted as, e.g. 'PromotionMeetingChair' */
  actingAs?: string;
  /** the client's command id: the idempotency key of one user action */
  commandId: string;
  correlationId: string;
  causationId: string;
  /** ISO-8601 UTC, e.g. 2025-06-01T09:00:00.000Z */
  occurredAt: string;
  schemaVersion: number;
  [key: string]: JsonValue | undefined;
}

/** An event to append. `id` is a UUID chosen by the caller; appending an id the stream already holds is a no-op. */
export interface EventToAppend<Type extends string = string, Data extends JsonObject = JsonObject> {
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

/**
 * An event as the store recorded it. Revisions count from 0 per stream with no gaps; global positions are > 0 and
 * strictly increase in commit order across the store (SQLite: 1, 2, 3, …; KurrentDB: log positions, with gaps).
 */
export interface RecordedEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
  stream: string;
  revision: bigint;
  position: bigint;
  /** ISO-8601 UTC time the store committed the event (the store's clock; not covered by the hash) */
  recordedAt: string;
  /** SHA-256 (lowercase hex) of the event's canonical text, chained to `previousHash`: see README, Tamper evidence */
  hash: string;
  /** hash of the stream's previous event; GENESIS_HASH for revision 0 */
  previousHash: string;
}

/**
 * What the appender expects of the stream:
 * - 'any': no check;
 * - 'no_stream': the stream must not exist;
 * - 'stream_exists': the stream must hold at least one event;
 * - a bigint: the revision of the stream's last event.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** revision of the last event of the append (or of the first append, when it was a retry) */
  nextExpectedRevision: bigint;
  /** global position of the last event of the append */
  position: bigint;
  /** hash of the last event of the append (the same on a retry) */
  hash: string;
  /** true when every event id was already in the stream and nothing was written */
  deduplicated: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** first revision to read (inclusive); defaults to the start (forwards) or the end (backwards) */
  fromRevision?: bigint;
  maxCount?: number;
  /** only events at or before this global position: the stream as it stood then */
  toPosition?: bigint;
}

export interface ReadAllOptions {
  /** read events strictly after this position; 0n (the default) reads from the start */
  after?: bigint;
  /** page size; every later event when omitted. Page on by passing the last event's position as `after`. */
  maxCount?: number;
}

export interface SubscribeOptions {
  /** deliver events strictly after this position (a projection's checkpoint); 0n from the start */
  after?: bigint;
  /** optional signal that ends the subscription */
  signal?: AbortSignal;
}

/** An async iterable that catches up, then stays live until `close()` or the signal. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

/** The one port of the event store. Adapters: SQLite (embedded, the default) and KurrentDB. */
export interface EventStore {
  appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult>;
  /** events of one stream; an empty array when the stream does not exist */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** a page of events of every stream in commit order (system streams of a KurrentDB server excluded) */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * The events at these global positions, in position order (each once however often it is asked for); a position
   * holding no event is left out. For read models that keep a reference to an event instead of a copy of its data.
   */
  readPositions(positions: readonly bigint[]): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** position of the last committed event, 0n when empty */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
  /**
   * What the adapter itself knows of its log beyond the events readAll returns, for verifyLog to find removed events
   * that no hash chain shows (a stream's newest event, the end of the log). Optional: an adapter without it is
   * checked by its chains and digests only.
   */
  readonly completeness?: LogCompleteness;
}

/** See EventStore.completeness. */
export interface LogCompleteness {
  /** positions run 1, 2, 3, … without gaps, so a skipped position is a removed event (SQLite) */
  readonly contiguousPositions: boolean;
  /**
   * Called once verifyLog has read the log to its end: where the store holds, or once held, an event that readAll did
   * not return, or undefined when it finds none.
   */
  findMissing(seen: SeenLog): Promise<MissingEvent | undefined>;
}

/** What verifyLog read: the last position, and each stream's last revision and its position. */
export interface SeenLog {
  lastPosition: bigint;
  streams: ReadonlyMap<string, { revision: bigint; position: bigint }>;
}

/** A removed event as the adapter can place it: always a position, and a stream and revision where it knows them. */
export interface MissingEvent {
  position: bigint;
  stream: string | null;
  revision: bigint | null;
  expected: string;
  found: string;
}
