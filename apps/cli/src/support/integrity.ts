import { logDigest, verifyLog, type EventStore } from '@hyoka/event-store';
import { withStore, type StoreLocation } from './settings.js';

export type LogIntegrity = { ok: true; events: number; digest: string } | { ok: false; message: string };

/** Verifies every hash chain of a store's log through the port (verifyLog); the digest is proven on the way. */
export async function checkLogIntegrity(location: StoreLocation): Promise<LogIntegrity> {
  return withStore(location, {}, async (store) => {
    const result = await verifyLog(store);
    return result.ok ? { ok: true, events: result.events, digest: result.digest.text } : { ok: false, message: result.message };
  });
}

/**
 * Compares the log digests of two stores. A digest counts events by their ordinal in the log, not by the store's
 * positions, so an exact copy in another store has the same events count and hash (its position may differ).
 */
export async function compareDigests(a: EventStore, b: EventStore): Promise<{ ok: boolean; message: string }> {
  const [x, y] = [await logDigest(a), await logDigest(b)];
  if (x.events === y.events && x.hash === y.hash) return { ok: true, message: `${x.text} = ${y.text} (same events and hash)` };
  return { ok: false, message: `source ${x.text} ≠ target ${y.text}` };
}
