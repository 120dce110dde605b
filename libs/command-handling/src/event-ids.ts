import { createHash } from 'node:crypto';

/**
 * The id of the `index`-th event a command appends to a stream: a UUID (version-5 layout) of SHA-256 over
 * commandId + stream + index. A retried command yields the same ids, which the store dedupes.
 */
export function deriveEventId(commandId: string, stream: string, index: number): string {
  const bytes = createHash('sha256').update(`${commandId}\u0000${stream}\u0000${index}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
