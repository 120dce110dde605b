import { schemaVersionOf } from '@hyoka/domain';
import type { EventToAppend, JsonObject, JsonValue } from '@hyoka/event-store';
import { deriveEventId } from './event-ids.js';

/** Who gives a command, when, and under which ids: the metadata every event of the command carries. */
export interface Provenance {
  /** user id, or a system actor's id ('system' for start-up work, 'system:cli' for the CLI by itself) */
  actor: string;
  /** the idempotency key of one action: event ids derive from it */
  commandId: string;
  /** the user action the command belongs to (a bulk's id); defaults to the command id */
  correlationId?: string;
  causationId?: string;
  /** ISO-8601 UTC, the same `now` decide was given */
  occurredAt: string;
  /** the command's fingerprint (`commandFingerprint`): a retry with other content under this command id is refused */
  commandHash?: string;
  /** more metadata of the caller's, e.g. `{ tool: 'hyoka-cli' }` */
  metadata?: Readonly<Record<string, JsonValue>>;
}

/**
 * Turns decided domain events into events to append: ids derived from the command id (a retry yields the same
 * ids, which the store dedupes) and the metadata every event carries. `actingAs` comes from the event's data,
 * where decide put what the permission table matched.
 */
export function toEventsToAppend(
  stream: string,
  events: readonly { type: string; data: unknown }[],
  provenance: Provenance,
): EventToAppend[] {
  return events.map((event, index) => {
    const data = event.data as JsonObject;
    const actingAs = typeof data['actingAs'] === 'string' ? data['actingAs'] : undefined;
    return {
      id: deriveEventId(provenance.commandId, stream, index),
      type: event.type,
      data,
      metadata: {
        ...provenance.metadata,
        actor: provenance.actor,
        ...(actingAs ? { actingAs } : {}),
        commandId: provenance.commandId,
        ...(provenance.commandHash ? { commandHash: provenance.commandHash } : {}),
        correlationId: provenance.correlationId ?? provenance.commandId,
        causationId: provenance.causationId ?? provenance.commandId,
        occurredAt: provenance.occurredAt,
        // the event type's current schema version: readers upcast older ones (see @hyoka/domain's upcasting)
        schemaVersion: schemaVersionOf(event.type),
      },
    };
  });
}
