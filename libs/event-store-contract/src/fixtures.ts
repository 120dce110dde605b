import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventToAppend, JsonObject } from '@hyoka/event-store';

/** Valid metadata for tests; pass overrides to vary it. */
export function testMetadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  const commandId = randomUUID();
  return {
    actor: 'user-test',
    commandId,
    correlationId: commandId,
    causationId: commandId,
    occurredAt: '2025-06-01T09:00:00.000Z',
    schemaVersion: 1,
    ...overrides,
  };
}

/** A valid event with a fresh id. */
export function testEvent(type = 'TestEventRecorded', data: JsonObject = {}, metadata?: Partial<EventMetadata>): EventToAppend {
  return { id: randomUUID(), type, data, metadata: testMetadata(metadata) };
}

/** A stream name no other test uses, so cases can share one KurrentDB server. */
export function uniqueStream(prefix = 'contract'): string {
  return `${prefix}-${randomUUID()}`;
}
