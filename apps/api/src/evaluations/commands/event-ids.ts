import { createHash } from 'node:crypto';

/** The command id of one item of a bulk command: stable for the same bulk id and item. */
export function deriveItemCommandId(bulkCommandId: string, stream: string): string {
  return `${bulkCommandId}/${createHash('sha256').update(stream).digest('base64url').slice(0, 16)}`;
}
