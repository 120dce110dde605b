import type { AllStreamResolvedEvent } from '@kurrent/kurrentdb-client';
import { CorruptEventError, EventStoreError, WrongExpectedRevisionError } from '@hyoka/event-store';
import { describe, expect, it } from 'vitest';
import { HASH_KEY, PREVIOUS_HASH_KEY, isSystem, toConflict, toDriverPosition, toPortPosition, toRecordedEvent, withHashes } from './mapping.js';

const metadata = {
  actor: 'user-1',
  commandId: 'c',
  correlationId: 'c',
  causationId: 'c',
  occurredAt: '2025-06-01T09:00:00.000Z',
  schemaVersion: 1,
};
function resolved(overrides: Record<string, unknown> = {}): AllStreamResolvedEvent {
  return {
    event: {
      streamId: 'evaluation-x-2025',
      id: '00000000-0000-4000-8000-000000000001',
      type: 'AnnualTargetSet',
      revision: 3n,
      isJson: true,
      data: { target: 4, unit: '回' },
      metadata,
      created: new Date('2025-06-01T09:00:01.234Z'),
      position: { commit: 123456n, prepare: 123456n },
      ...overrides,
    },
    commitPosition: 123456n,
  } as AllStreamResolvedEvent;
}

describe('positions', () => {
  it('the port position is the commit position, read back as commit = prepare', () => {
    expect(toPortPosition({ commit: 123456n, prepare: 123456n })).toBe(123456n);
    expect(toDriverPosition(123456n)).toEqual({ commit: 123456n, prepare: 123456n });
    expect(toPortPosition(toDriverPosition(2n ** 62n))).toBe(2n ** 62n);
  });
});

describe('expected revision', () => {
  it("a server conflict becomes the port's, with the actual revision or no_stream", () => {
    const conflict = toConflict('s-1', 2n, 5n);
    expect(conflict).toBeInstanceOf(WrongExpectedRevisionError);
    expect(conflict).toMatchObject({ stream: 's-1', expected: 2n, actual: 5n });
    expect(toConflict('s-1', 'stream_exists', 'no_stream')).toMatchObject({ actual: 'no_stream' });
  });
});

describe('recorded events', () => {
  it('maps every field, recordedAt from the server time in UTC, the hashes out of the metadata', () => {
    const stored = withHashes(metadata, 'p'.repeat(64), 'h'.repeat(64));
    expect(stored).toMatchObject({ [HASH_KEY]: 'h'.repeat(64), [PREVIOUS_HASH_KEY]: 'p'.repeat(64) });
    expect(toRecordedEvent(resolved({ metadata: stored }))).toEqual({
      id: '00000000-0000-4000-8000-000000000001',
      type: 'AnnualTargetSet',
      data: { target: 4, unit: '回' },
      metadata,
      stream: 'evaluation-x-2025',
      revision: 3n,
      position: 123456n,
      recordedAt: '2025-06-01T09:00:01.234Z',
      hash: 'h'.repeat(64),
      previousHash: 'p'.repeat(64),
    });
  });

  it('an event without hashes (not written by Hyoka) reads with empty ones, for verifyLog to report', () => {
    expect(toRecordedEvent(resolved())).toMatchObject({ metadata, hash: '', previousHash: '' });
  });

  it.each([
    ['a binary event', { isJson: false, data: new Uint8Array([1]) }, /is not a JSON event/],
    ['data that is an array', { data: [1, 2] }, /data that is not a JSON object/],
    ['binary metadata', { metadata: new Uint8Array([1]) }, /metadata that is not a JSON object/],
    ['no position', { position: undefined }, /without its log position/],
  ])('refuses %s rather than skipping it', (_, overrides, message) => {
    expect(() => toRecordedEvent(resolved(overrides))).toThrow(EventStoreError);
    expect(() => toRecordedEvent(resolved(overrides))).toThrow(message);
  });

  it('names the place of an unreadable event, so verifyLog can report it', () => {
    const error = (() => {
      try {
        return toRecordedEvent(resolved({ isJson: false, data: new Uint8Array([1]) }));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CorruptEventError);
    expect(error).toMatchObject({ stream: 'evaluation-x-2025', revision: 3n, position: 123456n });
  });

  it("recognises KurrentDB's own events and streams", () => {
    expect(isSystem(resolved())).toBe(false);
    expect(isSystem(resolved({ type: '$metadata' }))).toBe(true);
    expect(isSystem(resolved({ streamId: '$stats-127.0.0.1:2113' }))).toBe(true);
    expect(isSystem({ commitPosition: 1n })).toBe(true);
  });
});
