import type { EventStore } from '@hyoka/event-store';

/**
 * PLACEHOLDER — replaced by the integrity library's `logDigest(store, position)` when it lands (issue 6, part 1).
 * Until then a report carries its log position and NO digest: null, never a made-up value.
 */
export async function logDigestAt(_store: EventStore, _position: bigint): Promise<string | null> {
  return null;
}
