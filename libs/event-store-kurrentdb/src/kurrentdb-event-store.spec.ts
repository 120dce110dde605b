import { EventStoreError, InvalidEventError } from '@hyoka/event-store';
import { testEvent, uniqueStream } from '@hyoka/event-store-contract';
import { describe, expect, it } from 'vitest';
import { createFakeDriver } from './fake-driver.fixture.js';
import { connectKurrentDbEventStore, createKurrentDbEventStore } from './kurrentdb-event-store.js';

describe('connecting', () => {
  it('refuses a malformed connection string without echoing it', async () => {
    const error = await connectKurrentDbEventStore('postgres://admin:secret@localhost').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventStoreError);
    expect((error as Error).message).toMatch(/^Invalid KurrentDB connection string/);
    expect((error as Error).message).not.toContain('secret');
  });
});

describe('idempotency by reading the stream', () => {
  it('answers a retry from the stream, without writing, even when a copy of it won a conflict', async () => {
    const driver = createFakeDriver();
    const store = createKurrentDbEventStore(driver);
    const stream = uniqueStream();
    await store.appendToStream(stream, [testEvent()], { expectedRevision: 'no_stream' });
    const events = [testEvent(), testEvent()];
    const [first, second] = await Promise.all([
      store.appendToStream(stream, events, { expectedRevision: 0n }),
      store.appendToStream(stream, events, { expectedRevision: 0n }),
    ]);
    expect(first).toMatchObject({ nextExpectedRevision: 2n, deduplicated: false });
    expect(second).toEqual({ ...first, deduplicated: true });
    expect(await store.readStream(stream)).toHaveLength(3);
    await store.close();
  });

  it('refuses an append over the server maxAppendSize as invalid input', async () => {
    const driver = createFakeDriver();
    const { MaxAppendSizeExceededError } = await import('@kurrent/kurrentdb-client');
    driver.appendToStream = async () => {
      throw new MaxAppendSizeExceededError(undefined, 65536);
    };
    const store = createKurrentDbEventStore(driver);
    const error = await store
      .appendToStream(uniqueStream(), [testEvent()], { expectedRevision: 'any' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toMatch(/larger than this KurrentDB server takes \(maxAppendSize 65536 bytes\)/);
    await store.close();
  });

  it('turns other driver failures into store errors that keep the cause', async () => {
    const driver = createFakeDriver();
    const failure = new Error('connection refused');
    driver.appendToStream = async () => {
      throw failure;
    };
    const store = createKurrentDbEventStore(driver);
    const stream = uniqueStream();
    const error = await store.appendToStream(stream, [testEvent()], { expectedRevision: 'any' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventStoreError);
    expect((error as Error).message).toBe(`KurrentDB append to '${stream}' failed: connection refused`);
    expect((error as Error).cause).toBe(failure);
    await store.close();
  });
});
