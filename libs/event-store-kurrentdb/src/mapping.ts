import type { AllStreamResolvedEvent, Position, ResolvedEvent } from '@kurrent/kurrentdb-client';
import {
  CorruptEventError,
  EventStoreError,
  RESERVED_METADATA_PREFIX,
  WrongExpectedRevisionError,
  type EventMetadata,
  type ExpectedRevision,
  type JsonObject,
  type RecordedEvent,
} from '@hyoka/event-store';

/*
 * Pure translation between the port and the KurrentDB client. Client types stop here.
 *
 * Positions: KurrentDB addresses $all with a (commit, prepare) pair of log positions. The two differ only inside the
 * explicit transactions of the old TCP API, which the gRPC client cannot write; every event Hyoka appends has
 * commit == prepare, each event its own. So the port's position is the commit position, and a port position p is
 * read back as { commit: p, prepare: p }.
 */

export function toPortPosition(position: Position): bigint {
  return position.commit;
}

export function toDriverPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/** Where an event's hashes live in its KurrentDB metadata; the port's metadata never holds these keys. */
export const HASH_KEY = `${RESERVED_METADATA_PREFIX}hash`;
export const PREVIOUS_HASH_KEY = `${RESERVED_METADATA_PREFIX}previousHash`;

/** The metadata to store: the event's own, plus its hashes under the reserved keys. */
export function withHashes(metadata: EventMetadata, previousHash: string, hash: string): Record<string, unknown> {
  return { ...metadata, [HASH_KEY]: hash, [PREVIOUS_HASH_KEY]: previousHash };
}

/** The port's conflict from the client's `actualState` (a revision, or 'no_stream'). */
export function toConflict(stream: string, expected: ExpectedRevision, actualState: unknown): WrongExpectedRevisionError {
  const actual = typeof actualState === 'bigint' ? actualState : 'no_stream';
  return new WrongExpectedRevisionError(stream, expected, actual);
}

/** KurrentDB's own streams and event types start with '$'; Hyoka never writes such names, so they are never read. */
export function isSystem(resolved: ResolvedEvent | AllStreamResolvedEvent): boolean {
  const event = resolved.event;
  return event === undefined || event.streamId.startsWith('$') || event.type.startsWith('$');
}

/**
 * A recorded event of a user stream. An event Hyoka could not have written (not JSON, data or metadata not an
 * object, no position) is an error, not something to skip silently: the audit trail must be complete.
 */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent {
  const event = resolved.event;
  if (event === undefined) throw new EventStoreError('KurrentDB returned a link without its event');
  const where = `event ${event.id} (${event.type}) at ${event.streamId}@${event.revision}`;
  const position = event.position;
  // with its place known, verifyLog can report the event as the first broken place instead of failing
  const unreadable = (message: string) =>
    position === undefined
      ? new EventStoreError(message)
      : new CorruptEventError(message, event.streamId, event.revision, toPortPosition(position));
  if (!event.isJson) throw unreadable(`KurrentDB ${where} is not a JSON event`);
  if (!isObject(event.data)) throw unreadable(`KurrentDB ${where} has data that is not a JSON object`);
  if (!isObject(event.metadata)) throw unreadable(`KurrentDB ${where} has metadata that is not a JSON object`);
  if (event.position === undefined) {
    throw new EventStoreError(`KurrentDB ${where} came without its log position (a server older than 22.6?)`);
  }
  // An event without hashes (not written by this adapter) keeps empty ones, which verifyLog reports rather than hides.
  const { [HASH_KEY]: hash, [PREVIOUS_HASH_KEY]: previousHash, ...metadata } = event.metadata;
  return {
    id: event.id,
    type: event.type,
    data: event.data as JsonObject,
    metadata: metadata as unknown as EventMetadata,
    stream: event.streamId,
    revision: event.revision,
    position: toPortPosition(event.position),
    recordedAt: event.created.toISOString(),
    hash: typeof hash === 'string' ? hash : '',
    previousHash: typeof previousHash === 'string' ? previousHash : '',
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
