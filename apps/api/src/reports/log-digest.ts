import { logDigest, type EventStore } from '@hyoka/event-store';

/**
 * The printable digest of the whole log up to `position` (`hyoka-log:v1:<position>:<events>:<hex>`), from the hashes
 * the store recorded; `checkDigest` (CLI `hyoka check-digest`) later proves a log still yields it.
 */
export async function logDigestAt(store: EventStore, position: bigint): Promise<string> {
  return (await logDigest(store, { position })).text;
}
