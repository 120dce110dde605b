import { EventStoreError, GENESIS_HASH, InvalidEventError, checkDigest, eventHash, logDigest, verifyLog } from '@hyoka/event-store';
import { testEvent, uniqueStream } from '@hyoka/event-store-contract';
import { describe, expect, it } from 'vitest';
import { StreamNotFoundError, jsonEvent } from '@kurrent/kurrentdb-client';
import { createFakeDriver } from './fake-driver.fixture.js';
import { HASH_KEY, PREVIOUS_HASH_KEY } from './mapping.js';
import { connectKurrentDbEventStore, createKurrentDbEventStore } from './kurrentdb-event-store.js';

describe('connecting', () => {
  it('refuses a malformed connection string without echoing it', async () => {
    const error = await connectKurrentDbEventStore('postgres://admin:secret@localhost').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventStoreError);
    expect((error as Error).message).toMatch(/^Invalid KurrentDB connection string/);
    expect((error as Error).message).not.toContain('secret');
  });
});

describe('reading by position', () => {
  it('reads each position from $all (one read each): the event at it, none for a position inside a gap', async () => {
    const driver = createFakeDriver();
    const store = createKurrentDbEventStore(driver);
    const stream = uniqueStream();
    await store.appendToStream(stream, [testEvent(), testEvent(), testEvent()], { expectedRevision: 'no_stream' });
    const all = await store.readAll();
    const [a, b, c] = all;
    expect(await store.readPositions([c!.position, a!.position, c!.position])).toEqual([a, c]);
    // KurrentDB's positions have gaps: reading from one inside a gap starts at the next event, which is not taken
    expect(await store.readPositions([a!.position + 1n, b!.position])).toEqual([b]);
    expect(await store.readPositions([])).toEqual([]);
    // more positions than go to the server at a time: every one read, in position order
    await store.appendToStream(stream, Array.from({ length: 40 }, () => testEvent()), { expectedRevision: 2n });
    const every = await store.readAll();
    expect(await store.readPositions([...every].reverse().map((e) => e.position))).toEqual(every);
    await store.close();
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

describe('tamper evidence through the port', () => {
  it('verifies the chains it wrote; an event appended behind its back (no or false hashes) is the first broken place', async () => {
    const driver = createFakeDriver();
    const store = createKurrentDbEventStore(driver);
    const [a, b] = [uniqueStream(), uniqueStream()];
    await store.appendToStream(a, [testEvent('Noted', { n: 1 }), testEvent('Noted', { n: 2 })], { expectedRevision: 'no_stream' });
    await store.appendToStream(b, [testEvent('Noted', { n: 3 })], { expectedRevision: 'no_stream' });
    const verified = await verifyLog(store);
    expect(verified).toMatchObject({ ok: true, events: 3, streams: 2 });
    if (!verified.ok) return;
    // positions have gaps on KurrentDB; the digest counts events, so it reads the same as an exact copy elsewhere
    expect(verified.digest).toEqual(await logDigest(store));
    expect(verified.digest.events).toBe(3);
    const earlier = verified.digest.text;

    // someone with server access appends to 'a' with a forged previousHash and a hash that does not recompute
    const forged = testEvent('Noted', { n: 4 });
    await driver.appendToStream(a, [
      jsonEvent({ id: forged.id, type: forged.type, data: forged.data, metadata: { ...forged.metadata, [HASH_KEY]: 'f'.repeat(64), [PREVIOUS_HASH_KEY]: GENESIS_HASH } }),
    ]);
    const [, , last] = await store.readStream(a);
    const broken = await verifyLog(store);
    expect(broken).toMatchObject({ ok: false, problem: 'chain-broken', stream: a, revision: 2n, position: last!.position, found: GENESIS_HASH });
    // the digest taken before still checks: it covers only the log up to its position
    expect(await checkDigest(store, earlier)).toMatchObject({ ok: true });
    expect(eventHash(last!)).not.toBe(last!.hash);
    await store.close();
  });

  it("finds a deleted stream still in $all: the stream's own last revision must be the last one $all showed", async () => {
    const driver = createFakeDriver();
    const store = createKurrentDbEventStore(driver);
    const [a, b] = [uniqueStream(), uniqueStream()];
    await store.appendToStream(a, [testEvent(), testEvent()], { expectedRevision: 'no_stream' });
    await store.appendToStream(b, [testEvent()], { expectedRevision: 'no_stream' });
    expect(await verifyLog(store)).toMatchObject({ ok: true, events: 3 });
    const newest = (await store.readStream(b))[0]!;
    // after a soft delete KurrentDB answers StreamNotFound for the stream while $all keeps its events until a scavenge
    const readStream = driver.readStream.bind(driver);
    driver.readStream = ((stream: string, options?: object) =>
      stream === b
        ? (async function* () {
            await Promise.resolve();
            throw new StreamNotFoundError(undefined, b);
          })()
        : readStream(stream, options)) as typeof driver.readStream;
    expect(await verifyLog(store)).toMatchObject({
      ok: false,
      problem: 'missing-position',
      stream: b,
      revision: 0n,
      position: newest.position,
      found: 'the stream answers no events (deleted)',
      events: 3,
    });
    // up to a position before it, nothing is missing
    expect(await verifyLog(store, { upTo: newest.position - 1n })).toMatchObject({ ok: true, events: 2 });
    await store.close();
  });
});

describe('the $all subscription', () => {
  it("keeps nothing it has delivered (each read raced against the subscription's end kept every event until the end)", async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('the specs run with --expose-gc (vitest.config.ts)');
    const driver = createFakeDriver();
    // the driver's resolved events, watched as the adapter reads them
    const read: WeakRef<object>[] = [];
    const subscribe = driver.subscribeToAll.bind(driver);
    driver.subscribeToAll = ((options) => {
      const subscription = subscribe(options);
      const iterate = subscription[Symbol.asyncIterator].bind(subscription);
      subscription[Symbol.asyncIterator] = () => {
        const iterator = iterate();
        const next = iterator.next.bind(iterator);
        return Object.assign(iterator, {
          next: async () => {
            const step = await next();
            if (!step.done) read.push(new WeakRef(step.value));
            return step;
          },
        });
      };
      return subscription;
    }) as typeof driver.subscribeToAll;
    const store = createKurrentDbEventStore(driver);
    for (let i = 0; i < 5; i += 1) await store.appendToStream(uniqueStream(), [testEvent()], { expectedRevision: 'no_stream' });
    const subscription = store.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    for (let i = 0; i < 5; i += 1) expect((await iterator.next()).done).toBe(false);
    // a WeakRef's target is kept until the current job ends: collect on a later turn
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(read).toHaveLength(5);
    expect(read[0]!.deref()).toBeUndefined();
    await subscription.close();
    await store.close();
  });
});
