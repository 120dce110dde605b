import type { EventMetadata, EventToAppend, JsonObject } from '@hyoka/event-store';

let counter = 0;

/** An event to append with complete metadata; ids are unique per call. */
export function event(
  type: string,
  data: JsonObject,
  meta: Partial<EventMetadata> & { actor?: string } = {},
): EventToAppend {
  counter += 1;
  const id = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  return {
    id,
    type,
    data,
    metadata: {
      actor: 'system',
      commandId: id,
      correlationId: id,
      causationId: id,
      occurredAt: '2025-06-01T00:00:00.000Z',
      schemaVersion: 1,
      ...meta,
    },
  };
}
