import { InvalidEventError, InvalidOptionsError, InvalidStreamNameError, WrongExpectedRevisionError } from './errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventMetadata,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
} from './types.js';
import { canonicalJson } from './integrity/canonical.js';

/**
 * Largest event the store takes: data plus metadata as UTF-8 JSON. Every adapter enforces the same limit, so an event
 * accepted by SQLite also fits KurrentDB's default record and append sizes.
 */
export const MAX_EVENT_BYTES = 256 * 1024;
/** Largest append (all events together); below KurrentDB's default maxAppendSize of 1 MiB. */
export const MAX_APPEND_BYTES = 1_000_000;
export const MAX_STREAM_NAME_LENGTH = 200;
export const MAX_EVENT_TYPE_LENGTH = 200;

/** An event that passed validation, with its JSON text ready to store. */
export interface PreparedEvent {
  id: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
  dataJson: string;
  metadataJson: string;
  /** RFC 8785 canonical JSON of data and metadata, taken at validation so later changes to the objects cannot skew the hash */
  canonicalData: string;
  canonicalMetadata: string;
}

/** Metadata keys starting with this are the store's own (KurrentDB keeps an event's hashes there); callers may not use them. */
export const RESERVED_METADATA_PREFIX = 'hyoka:';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
// Streams and types starting with '$' are KurrentDB's own; whitespace and control characters only cause grief.
const STREAM_NAME = /^[^$\s\p{Cc}][^\s\p{Cc}]*$/u;

export function validateStreamName(stream: unknown): asserts stream is string {
  if (typeof stream !== 'string' || stream.length === 0) {
    throw new InvalidStreamNameError('A stream name must be a non-empty string', String(stream));
  }
  if (stream.length > MAX_STREAM_NAME_LENGTH) {
    throw new InvalidStreamNameError(
      `Stream name '${stream.slice(0, 40)}…' is ${stream.length} characters; the limit is ${MAX_STREAM_NAME_LENGTH}`,
      stream,
    );
  }
  if (!STREAM_NAME.test(stream)) {
    throw new InvalidStreamNameError(
      `Stream name '${stream}' is not allowed: no leading '$' (reserved), no whitespace or control characters`,
      stream,
    );
  }
}

export function validateExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected === 'bigint' && expected >= 0n) return;
  throw new InvalidOptionsError(
    `expectedRevision must be 'any', 'no_stream', 'stream_exists' or a bigint revision >= 0n, not ${describe(expected)}`,
  );
}

/**
 * Throws the conflict error unless the stream's actual state satisfies the expectation.
 * `actual` is the revision of the stream's last event, or 'no_stream'.
 */
export function checkExpectedRevision(stream: string, expected: ExpectedRevision, actual: bigint | 'no_stream'): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === 'no_stream') ||
    (expected === 'stream_exists' && actual !== 'no_stream') ||
    (typeof expected === 'bigint' && actual === expected);
  if (!ok) throw new WrongExpectedRevisionError(stream, expected, actual);
}

/**
 * Checks everything an adapter must check before it writes: the stream name, the options, and each event (a lowercase
 * UUID id unique within the append, a type, plain-JSON data and metadata with the required fields, the size limits).
 * Returns the events with their JSON text. Throws InvalidEventError, InvalidStreamNameError or InvalidOptionsError.
 */
export function prepareAppend(
  stream: string,
  events: readonly EventToAppend[],
  options: AppendOptions,
): PreparedEvent[] {
  validateStreamName(stream);
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionsError('appendToStream needs options with an expectedRevision');
  }
  validateExpectedRevision(options.expectedRevision);
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidEventError(`An append to '${stream}' needs at least one event`);
  }
  const ids = new Set<string>();
  let total = 0;
  const prepared = events.map((event, index) => {
    const p = prepareEvent(event, index);
    if (ids.has(p.id)) throw new InvalidEventError(`Event id ${p.id} appears twice in one append`, p.id);
    ids.add(p.id);
    total += p.dataJson.length + p.metadataJson.length;
    return p;
  });
  if (total * 3 > MAX_APPEND_BYTES) {
    const bytes = prepared.reduce((sum, p) => sum + utf8Length(p.dataJson) + utf8Length(p.metadataJson), 0);
    if (bytes > MAX_APPEND_BYTES) {
      throw new InvalidEventError(
        `An append of ${prepared.length} events to '${stream}' is ${bytes} bytes; the limit is ${MAX_APPEND_BYTES} bytes per append`,
      );
    }
  }
  return prepared;
}

function prepareEvent(event: EventToAppend, index: number): PreparedEvent {
  if (event === null || typeof event !== 'object') {
    throw new InvalidEventError(`Event #${index} is ${describe(event)}, not an event object`);
  }
  const { id, type, data, metadata } = event;
  if (typeof id !== 'string' || !UUID.test(id)) {
    throw new InvalidEventError(`Event #${index}: id must be a lowercase UUID, not ${describe(id)}`);
  }
  const at = `Event ${id}`;
  if (typeof type !== 'string' || type.length === 0 || type.length > MAX_EVENT_TYPE_LENGTH || type.startsWith('$')) {
    throw new InvalidEventError(
      `${at}: type must be a non-empty string of at most ${MAX_EVENT_TYPE_LENGTH} characters, not starting with '$'`,
      id,
    );
  }
  assertJsonObject(data, `${at} (${type}): data`, id, false);
  validateMetadata(metadata, `${at} (${type}): metadata`, id);
  const dataJson = JSON.stringify(data);
  const metadataJson = JSON.stringify(metadata);
  const chars = dataJson.length + metadataJson.length;
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so most events need no exact count.
  if (chars * 3 > MAX_EVENT_BYTES) {
    const bytes = utf8Length(dataJson) + utf8Length(metadataJson);
    if (bytes > MAX_EVENT_BYTES) {
      throw new InvalidEventError(
        `${at} (${type}) is ${bytes} bytes of JSON (data + metadata); the limit is ${MAX_EVENT_BYTES} bytes`,
        id,
      );
    }
  }
  return { id, type, data, metadata, dataJson, metadataJson, canonicalData: canonicalJson(data), canonicalMetadata: canonicalJson(metadata) };
}

function validateMetadata(metadata: unknown, at: string, id: string): asserts metadata is EventMetadata {
  assertJsonObject(metadata, at, id, true);
  const m = metadata as Record<string, unknown>;
  const reserved = Object.keys(m).find((key) => key.startsWith(RESERVED_METADATA_PREFIX));
  if (reserved !== undefined) {
    throw new InvalidEventError(`${at}.${reserved}: keys starting with '${RESERVED_METADATA_PREFIX}' are reserved for the store`, id);
  }
  for (const key of ['actor', 'commandId', 'correlationId', 'causationId'] as const) {
    if (typeof m[key] !== 'string' || (m[key] as string).length === 0) {
      throw new InvalidEventError(`${at}.${key} must be a non-empty string, not ${describe(m[key])}`, id);
    }
  }
  if (m['actingAs'] !== undefined && typeof m['actingAs'] !== 'string') {
    throw new InvalidEventError(`${at}.actingAs must be a string when given, not ${describe(m['actingAs'])}`, id);
  }
  const occurredAt = m['occurredAt'];
  if (typeof occurredAt !== 'string' || !ISO_UTC.test(occurredAt) || Number.isNaN(Date.parse(occurredAt))) {
    throw new InvalidEventError(
      `${at}.occurredAt must be an ISO-8601 UTC time such as 2025-06-01T09:00:00.000Z, not ${describe(occurredAt)}`,
      id,
    );
  }
  const schemaVersion = m['schemaVersion'];
  if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
    throw new InvalidEventError(`${at}.schemaVersion must be an integer >= 1, not ${describe(schemaVersion)}`, id);
  }
}

/**
 * Plain JSON only: what JSON.stringify would silently drop or change (undefined, functions, NaN, Infinity, Dates,
 * Maps, class instances, sparse arrays) is refused, so what is read back equals what was appended.
 * `topLevelUndefinedAllowed`: metadata's optional fields may be present as undefined and are then simply absent.
 */
function assertJsonObject(value: unknown, at: string, id: string, topLevelUndefinedAllowed: boolean): void {
  if (!isPlainObject(value)) {
    throw new InvalidEventError(`${at} must be a plain JSON object, not ${describe(value)}`, id);
  }
  const seen = new Set<object>([value]);
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (child === undefined && topLevelUndefinedAllowed) continue;
    assertJsonValue(child, `${at}.${key}`, id, seen);
  }
}

function assertJsonValue(value: unknown, at: string, id: string, seen: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidEventError(`${at} is ${value}, which JSON cannot hold`, id);
      return;
    case 'object': {
      if (value === null) return;
      if (seen.has(value)) throw new InvalidEventError(`${at} refers back to itself (a cycle is not JSON)`, id);
      seen.add(value);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) throw new InvalidEventError(`${at}[${i}] is a hole in a sparse array, not JSON`, id);
          assertJsonValue(value[i], `${at}[${i}]`, id, seen);
        }
      } else if (isPlainObject(value)) {
        for (const key of Object.keys(value)) {
          assertJsonValue((value as Record<string, unknown>)[key], `${at}.${key}`, id, seen);
        }
      } else {
        throw new InvalidEventError(`${at} is ${describe(value)}, not plain JSON`, id);
      }
      seen.delete(value);
      return;
    }
    default:
      throw new InvalidEventError(`${at} is ${describe(value)}, which JSON cannot hold`, id);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'bigint') return `the bigint ${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'string') return value.length > 60 ? `'${value.slice(0, 60)}…'` : `'${value}'`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return String(value);
}

/** UTF-8 byte length of a string without allocating (lone surrogates count as the 3-byte replacement character). */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export interface NormalizedReadStreamOptions {
  direction: 'forwards' | 'backwards';
  fromRevision?: bigint;
  maxCount?: number;
  toPosition?: bigint;
}

export function normalizeReadStreamOptions(stream: string, options: ReadStreamOptions = {}): NormalizedReadStreamOptions {
  validateStreamName(stream);
  const direction = options.direction ?? 'forwards';
  if (direction !== 'forwards' && direction !== 'backwards') {
    throw new InvalidOptionsError(`direction must be 'forwards' or 'backwards', not ${describe(direction)}`);
  }
  const out: NormalizedReadStreamOptions = { direction };
  if (options.fromRevision !== undefined) out.fromRevision = nonNegativeBigint('fromRevision', options.fromRevision);
  if (options.maxCount !== undefined) out.maxCount = count(options.maxCount);
  if (options.toPosition !== undefined) out.toPosition = nonNegativeBigint('toPosition', options.toPosition);
  return out;
}

export function normalizeReadAllOptions(options: ReadAllOptions = {}): { after: bigint; maxCount?: number } {
  const after = options.after === undefined ? 0n : nonNegativeBigint('after', options.after);
  return options.maxCount === undefined ? { after } : { after, maxCount: count(options.maxCount) };
}

export function normalizeSubscribeOptions(options: SubscribeOptions = {}): { after: bigint; signal?: AbortSignal } {
  const after = options.after === undefined ? 0n : nonNegativeBigint('after', options.after);
  const { signal } = options;
  if (signal !== undefined && (signal === null || typeof signal.addEventListener !== 'function')) {
    throw new InvalidOptionsError('signal must be an AbortSignal');
  }
  return signal === undefined ? { after } : { after, signal };
}

function nonNegativeBigint(name: string, value: unknown): bigint {
  if (typeof value !== 'bigint' || value < 0n) {
    throw new InvalidOptionsError(`${name} must be a bigint >= 0n, not ${describe(value)}`);
  }
  return value;
}

function count(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidOptionsError(`maxCount must be an integer >= 0, not ${describe(value)}`);
  }
  return value;
}

/** Where a stream already holds an event id: its revision and global position. */
export interface HeldEvent {
  revision: bigint;
  position: bigint;
  hash: string;
}

/**
 * Idempotency rule shared by the adapters. `held[i]` is where the stream already holds `events[i].id`, if it does.
 * None held: a new append (undefined). All held: a retry, answered as the first append was. Some held: refused,
 * because a retry must repeat the whole append and a new append must use new ids.
 */
export function findRetry(
  stream: string,
  events: readonly { id: string }[],
  held: readonly (HeldEvent | undefined)[],
): AppendResult | undefined {
  let last: HeldEvent | undefined;
  let heldCount = 0;
  let example: string | undefined;
  for (let i = 0; i < events.length; i++) {
    const h = held[i];
    if (h === undefined) continue;
    heldCount++;
    example ??= events[i]!.id;
    if (last === undefined || h.revision > last.revision) last = h;
  }
  if (last === undefined) return undefined;
  if (heldCount < events.length) {
    throw new InvalidEventError(
      `An append to '${stream}' repeats ${heldCount} of its ${events.length} event ids that the stream already holds ` +
        `(e.g. ${example}); a retry must repeat the whole append, and new events need new ids`,
      example,
    );
  }
  return { nextExpectedRevision: last.revision, position: last.position, hash: last.hash, deduplicated: true };
}
