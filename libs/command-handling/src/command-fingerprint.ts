import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '@hyoka/event-store';

/**
 * A fingerprint of what a command asks: SHA-256 of its type and the canonical JSON of its data (keys sorted, absent
 * fields dropped). Recorded as `commandHash` in the metadata of the command's events, so that a command id sent again
 * with other content is refused instead of being answered with the first command's result.
 */
export function commandFingerprint(command: { readonly type: string; readonly data?: unknown }): string {
  // through JSON first: input objects may carry undefined fields or prototypes
  const data = command.data === undefined ? null : (JSON.parse(JSON.stringify(command.data)) as JsonValue);
  return createHash('sha256').update(`${command.type}\u0000${canonicalJson(data)}`).digest('hex');
}
