import { createHash } from 'node:crypto';
import type { EventMetadata, JsonObject } from '../types.js';
import { canonicalJson } from './canonical.js';

/** What the first event of every stream chains to (and what the log digest starts from): 32 zero bytes, in hex. */
export const GENESIS_HASH = '0'.repeat(64);

/** A SHA-256 in lowercase hex, as the store writes it. */
export const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** The fields an event's hash covers. Position and recordedAt are the store's own and are not covered. */
export interface HashedFields {
  stream: string;
  revision: bigint;
  id: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
  previousHash: string;
}

/**
 * The exact bytes an event's hash is taken over: the RFC 8785 canonical JSON (UTF-8) of
 * `{ data, id, metadata, previousHash, revision, stream, type }` (revision as a JSON integer).
 */
export function canonicalEventText(fields: HashedFields): string {
  return canonicalEventTextFrom(
    fields.stream,
    fields.revision,
    fields.id,
    fields.type,
    canonicalJson(fields.data),
    canonicalJson(fields.metadata),
    fields.previousHash,
  );
}

/** The same text from data and metadata already in canonical form (adapters canonicalise once, when they validate). */
export function canonicalEventTextFrom(
  stream: string,
  revision: bigint,
  id: string,
  type: string,
  canonicalData: string,
  canonicalMetadata: string,
  previousHash: string,
): string {
  // Keys in RFC 8785 order; a bigint's decimal digits are exactly its ECMAScript number form below 2^53.
  return (
    `{"data":${canonicalData},"id":${JSON.stringify(id)},"metadata":${canonicalMetadata},` +
    `"previousHash":${JSON.stringify(previousHash)},"revision":${revision.toString()},` +
    `"stream":${JSON.stringify(stream)},"type":${JSON.stringify(type)}}`
  );
}

/** SHA-256 (lowercase hex) of the event's canonical text: what the store records as the event's `hash`. */
export function eventHash(fields: HashedFields): string {
  return sha256Hex(canonicalEventText(fields));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
