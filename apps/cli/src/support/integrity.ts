import type { StoreLocation } from './settings.js';

export type LogIntegrity =
  | { ok: true; events: number; digest: string }
  | { ok: false; message: string }
  | { ok: 'unavailable'; message: string };

/** Verifies the hash chains of a store's log (placeholder until the store records hashes). */
export async function checkLogIntegrity(_location: StoreLocation): Promise<LogIntegrity> {
  return { ok: 'unavailable', message: 'this store records no hashes yet' };
}

/** Compares the log digests of two stores (placeholder until the stores record hashes). */
export async function compareDigests(_a: import('@hyoka/event-store').EventStore, _b: import('@hyoka/event-store').EventStore): Promise<{ ok: boolean | 'unavailable'; message: string }> {
  return { ok: 'unavailable', message: 'the stores record no hashes yet' };
}
