import { schemaVersionOf } from '@hyoka/domain';
import type { EventToAppend, JsonObject } from '@hyoka/event-store';
import { deriveEventId } from '../evaluations/commands/event-ids.js';

export interface Provenance {
  /** user id, or 'system' for start-up work */
  actor: string;
  commandId: string;
  correlationId?: string;
  causationId?: string;
  /** ISO-8601 UTC, the same `now` decide was given */
  occurredAt: string;
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
        actor: provenance.actor,
        ...(actingAs ? { actingAs } : {}),
        commandId: provenance.commandId,
        correlationId: provenance.correlationId ?? provenance.commandId,
        causationId: provenance.causationId ?? provenance.commandId,
        occurredAt: provenance.occurredAt,
        // the event type's current schema version: readers upcast older ones (see @hyoka/domain's upcasting)
        schemaVersion: schemaVersionOf(event.type),
      },
    };
  });
}
