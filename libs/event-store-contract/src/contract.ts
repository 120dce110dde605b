import {
  EventStoreError,
  GENESIS_HASH,
  HASH_PATTERN,
  InvalidEventError,
  eventHash,
  MAX_EVENT_BYTES,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
} from '@hyoka/event-store';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { testEvent, testMetadata, uniqueStream } from './fixtures.js';

export interface ContractStoreOptions {
  /**
   * Test-only fault: the first append that has written this many of its events throws, inside the append's
   * transaction (SQLite) or while the append's single request is being built (KurrentDB). Later appends work.
   */
  failAfterEvents?: number;
}

export interface OpenedStore {
  store: EventStore;
  /** Closes `store` and opens the same storage again, as a restarted process would. */
  reopen(): Promise<EventStore>;
}

/** What an adapter hands the contract suite. */
export interface EventStoreContractSubject {
  /**
   * Opens a store. An embedded adapter gives each call its own storage; a server adapter may share one server, so
   * every case uses its own streams and reads $all only after the head position it saw at its start.
   */
  open(options?: ContractStoreOptions): Promise<OpenedStore>;
  /** Runs once after the last case (remove temporary files, disconnect). */
  dispose?(): Promise<void>;
}

export interface ContractRunOptions {
  /** When set, the suite is reported as skipped with this reason (an environment the leg needs is missing). */
  skipReason?: string;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * The event-store contract, written once and run against every adapter:
 * `describeEventStoreContract('SQLite', () => subject)` in the adapter's spec file.
 */
export function describeEventStoreContract(
  name: string,
  makeSubject: () => EventStoreContractSubject,
  runOptions: ContractRunOptions = {},
): void {
  const skipped = runOptions.skipReason !== undefined;
  const title = skipped
    ? `event-store contract: ${name} — SKIPPED: ${runOptions.skipReason}`
    : `event-store contract: ${name}`;
  if (skipped) console.warn(title);

  describe.skipIf(skipped)(title, () => {
    let subject: EventStoreContractSubject | undefined;
    const getSubject = () => (subject ??= makeSubject());
    afterAll(async () => subject?.dispose?.());

    /** Opens a store that is closed when the case ends, whatever happens. */
    async function open(options?: ContractStoreOptions): Promise<OpenedStore & { reopen(): Promise<EventStore> }> {
      const opened = await getSubject().open(options);
      const toClose = new Set<EventStore>([opened.store]);
      onTestFinished(async () => {
        for (const s of toClose) await s.close();
      });
      return {
        store: opened.store,
        reopen: async () => {
          toClose.delete(opened.store);
          const again = await opened.reopen();
          toClose.add(again);
          return again;
        },
      };
    }

    async function conflictOf(promise: Promise<unknown>): Promise<WrongExpectedRevisionError> {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      return error as WrongExpectedRevisionError;
    }

    describe('append with an expected revision', () => {
      it("'no_stream' starts a stream at revision 0, and conflicts once the stream exists", async () => {
        const { store } = await open();
        const stream = uniqueStream();
        const first = await store.appendToStream(stream, [testEvent(), testEvent()], { expectedRevision: 'no_stream' });
        expect(first).toEqual({
          nextExpectedRevision: 1n,
          position: expect.any(BigInt),
          hash: expect.stringMatching(HASH_PATTERN),
          deduplicated: false,
        });

        const conflict = await conflictOf(
          store.appendToStream(stream, [testEvent()], { expectedRevision: 'no_stream' }),
        );
        expect(conflict).toMatchObject({ stream, expected: 'no_stream', actual: 1n });
        expect(conflict.message).toContain(stream);
      });

      it("'stream_exists' conflicts on a missing stream and appends to an existing one", async () => {
        const { store } = await open();
        const stream = uniqueStream();
        const conflict = await conflictOf(
          store.appendToStream(stream, [testEvent()], { expectedRevision: 'stream_exists' }),
        );
        expect(conflict).toMatchObject({ stream, expected: 'stream_exists', actual: 'no_stream' });
        expect(await store.readStream(stream)).toEqual([]);

        await store.appendToStream(stream, [testEvent()], { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(stream, [testEvent()], { expectedRevision: 'stream_exists' });
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it('an exact revision appends when it matches and conflicts, naming both revisions, when stale', async () => {
        const { store } = await open();
        const stream = uniqueStream();
        await store.appendToStream(stream, [testEvent(), testEvent(), testEvent()], { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(stream, [testEvent()], { expectedRevision: 2n });
        expect(result.nextExpectedRevision).toBe(3n);

        const conflict = await conflictOf(store.appendToStream(stream, [testEvent()], { expectedRevision: 2n }));
        expect(conflict).toMatchObject({ stream, expected: 2n, actual: 3n });
        expect(conflict.message).toBe(`Stream '${stream}': expected revision 2, actual 3`);
      });

      it('an exact revision on a missing stream conflicts with actual no_stream', async () => {
        const { store } = await open();
        const stream = uniqueStream();
        const conflict = await conflictOf(store.appendToStream(stream, [testEvent()], { expectedRevision: 0n }));
        expect(conflict).toMatchObject({ stream, expected: 0n, actual: 'no_stream' });
      });

      it("'any' appends to a missing and to an existing stream", async () => {
        const { store } = await open();
        const stream = uniqueStream();
        expect((await store.appendToStream(stream, [testEvent()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(0n);
        expect((await store.appendToStream(stream, [testEvent()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(1n);
      });

      it('a conflict leaves the stream and the log unchanged', async () => {
        const { store } = await open();
        const stream = uniqueStream();
        await store.appendToStream(stream, [testEvent()], { expectedRevision: 'no_stream' });
        const before = await store.readStream(stream);
        const head = await store.headPosition();

        await conflictOf(store.appendToStream(stream, [testEvent(), testEvent()], { expectedRevision: 5n }));
        expect(await store.readStream(stream)).toEqual(before);
        expect(await store.headPosition()).toBe(head);
      });

      it('an append that fails half way leaves nothing, and the next append takes the same revisions', async () => {
        const { store } = await open({ failAfterEvents: 2 });
        const stream = uniqueStream();
        const head = await store.headPosition();
        const events = [testEvent(), testEvent(), testEvent()];

        const error = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(EventStoreError);
        expect(await store.readStream(stream)).toEqual([]);
        expect(await store.headPosition()).toBe(head);

        // Not a retry the store recognises: none of the ids were kept, so all three are written now.
        const result = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
        expect(result).toMatchObject({ nextExpectedRevision: 2n, deduplicated: false });
        expect((await store.readStream(stream)).map((e) => e.id)).toEqual(events.map((e) => e.id));
      });

      it('all events of one append commit together, with consecutive revisions', async () => {
        const { store } = await open();
        const stream = uniqueStream();
        const events = Array.from({ length: 10 }, (_, i) => testEvent('TestEventRecorded', { i }));
        const result = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
        const read = await store.readStream(stream);
        expect(read.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
        expect(read.map((e) => e.data)).toEqual(events.map((e) => e.data));
        expect(result.position).toBe(read.at(-1)?.position);
      });
    });

    describe('idempotent event ids', () => {
      it('a retried append stores nothing and answers as the first append did', async () => {
        const { store } = await open();
        const stream = uniqueStream();
        const events = [testEvent(), testEvent()];
        const first = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
        const head = await store.headPosition();

        for (const expectedRevision of ['no_stream', 'any', 'stream_exists', 7n] as const) {
          const retry = await store.appendToStream(stream, events, { expectedRevision });
          expect(retry).toEqual({ ...first, deduplicated: true });
        }
        expect((await store.readStream(stream)).map((e) => e.id)).toEqual(events.map((e) => e.id));
        expect(await store.headPosition()).toBe(head);
      });

      it('a retry answers with its own first result even after later appends', async () => {
        const { store } = await open();
        const stream = uniqueStream();
        const earlier = [testEvent()];
        const first = await store.appendToStream(stream, earlier, { expectedRevision: 'no_stream' });
        await store.appendToStream(stream, [testEvent(), testEvent()], { expectedRevision: 0n });
        expect(await store.appendToStream(stream, earlier, { expectedRevision: 'no_stream' })).toEqual({
          ...first,
          deduplicated: true,
        });
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('a retry after the store is reopened is still recognised', async () => {
        const opened = await open();
        const stream = uniqueStream();
        const events = [testEvent(), testEvent(), testEvent()];
        const first = await opened.store.appendToStream(stream, events, { expectedRevision: 'no_stream' });

        const store = await opened.reopen();
        expect(await store.appendToStream(stream, events, { expectedRevision: 'no_stream' })).toEqual({
          ...first,
          deduplicated: true,
        });
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('an append repeating only some of the ids the stream holds is refused and writes nothing', async () => {
        const { store } = await open();
        const stream = uniqueStream();
        const held = testEvent();
        await store.appendToStream(stream, [held], { expectedRevision: 'no_stream' });
        const fresh = testEvent();

        const error = await store
          .appendToStream(stream, [held, fresh], { expectedRevision: 'any' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidEventError);
        expect((error as InvalidEventError).message).toContain(held.id);
        expect((await store.readStream(stream)).map((e) => e.id)).toEqual([held.id]);
      });
    });

    describe('hash chain', () => {
      it("each event's hash covers it and chains to the previous event of its stream, genesis first", async () => {
        const { store } = await open();
        const start = await store.headPosition();
        const a = uniqueStream();
        const b = uniqueStream();
        const first = await store.appendToStream(a, [testEvent('Noted', { n: 1 }), testEvent('Noted', { n: 2 })], {
          expectedRevision: 'no_stream',
        });
        await store.appendToStream(b, [testEvent('Noted', { n: 3 })], { expectedRevision: 'no_stream' });
        const last = await store.appendToStream(a, [testEvent('Noted', { n: 4 })], { expectedRevision: 1n });

        for (const stream of [a, b]) {
          const events = await store.readStream(stream);
          events.forEach((event, i) => {
            expect(event.previousHash).toBe(i === 0 ? GENESIS_HASH : events[i - 1]!.hash);
            expect(event.hash).toBe(eventHash(event));
          });
        }
        const streamA = await store.readStream(a);
        expect(first.hash).toBe(streamA[1]!.hash);
        expect(last.hash).toBe(streamA[2]!.hash);
        // the chain is per stream: b's first event chains to genesis, not to a's events
        expect((await store.readStream(b))[0]!.previousHash).toBe(GENESIS_HASH);
        // $all carries the same hashes as the stream reads
        const all = await readAllOf(store, start, new Set([a, b]));
        expect(all.filter((e) => e.stream === a).map((e) => e.hash)).toEqual(streamA.map((e) => e.hash));
      });

      it('hashes depend only on the event, so identical input gives identical hashes on every adapter', async () => {
        const { store } = await open();
        const stream = uniqueStream();
        // keys out of order, non-ASCII text, numbers with several spellings: the canonical encoding settles them
        const data = { z: 1e21, a: [0.1, -0, 1.5e-7], 評価: { y: '😀', b: '\u2028' } };
        const event = {
          id: '7f3c1a2e-0000-4000-8000-000000000001',
          type: 'AnnualTargetSet',
          data,
          metadata: testMetadata({ commandId: 'c', correlationId: 'c', causationId: 'c', actingAs: 'Staff' }),
        };
        await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
        const [recorded] = await store.readStream(stream);
        const expected = eventHash({ stream, revision: 0n, ...event, previousHash: GENESIS_HASH });
        expect(recorded!.hash).toBe(expected);
        expect(eventHash({ ...recorded!, data: JSON.parse(JSON.stringify({ 評価: data.評価, a: data.a, z: data.z })) })).toBe(expected);
      });

      it('a retried append answers with the same hash and writes no second link', async () => {
        const opened = await open();
        const stream = uniqueStream();
        const events = [testEvent(), testEvent()];
        const first = await opened.store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
        const store = await opened.reopen();
        const retry = await store.appendToStream(stream, events, { expectedRevision: 'any' });
        expect(retry.hash).toBe(first.hash);
        const next = await store.appendToStream(stream, [testEvent()], { expectedRevision: 1n });
        const read = await store.readStream(stream);
        expect(read).toHaveLength(3);
        expect(read[2]!.previousHash).toBe(first.hash);
        expect(read[2]!.hash).toBe(next.hash);
      });

      it("concurrent 'any' appends to one stream keep one unbroken chain", async () => {
        const { store } = await open();
        const stream = uniqueStream();
        await Promise.all(Array.from({ length: 20 }, (_, i) => store.appendToStream(stream, [testEvent('Noted', { i })], { expectedRevision: 'any' })));
        const events = await store.readStream(stream);
        expect(events).toHaveLength(20);
        events.forEach((event, i) => {
          expect(event.revision).toBe(BigInt(i));
          expect(event.previousHash).toBe(i === 0 ? GENESIS_HASH : events[i - 1]!.hash);
          expect(event.hash).toBe(eventHash(event));
        });
      });
    });

    describe('reading', () => {
      it('records id, type, data, metadata, stream, revision, position and time exactly', async () => {
        const { store } = await open();
        const stream = uniqueStream();
        const data = {
          title: '研修会の開催 (評価)',
          target: 4,
          ratio: 0.8,
          negative: -12.5,
          big: Number.MAX_SAFE_INTEGER,
          flags: [true, false, null],
          nested: { unit: '回', list: [{ a: 1 }, []] },
          emoji: '😀',
        };
        const event = testEvent('AnnualTargetSet', data, { actingAs: 'Staff', schemaVersion: 2 });
        const result = await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });

        const [recorded, ...rest] = await store.readStream(stream);
        expect(rest).toEqual([]);
        expect(recorded).toEqual({
          id: event.id,
          type: 'AnnualTargetSet',
          data,
          metadata: event.metadata,
          stream,
          revision: 0n,
          position: result.position,
          recordedAt: expect.stringMatching(ISO_UTC),
          hash: eventHash({ stream, revision: 0n, id: event.id, type: 'AnnualTargetSet', data, metadata: event.metadata, previousHash: GENESIS_HASH }),
          previousHash: GENESIS_HASH,
        });
        expect(result.position).toBeGreaterThan(0n);
        expect(result.hash).toBe(recorded!.hash);
      });

      it('reading a stream that does not exist gives no events', async () => {
        const { store } = await open();
        expect(await store.readStream(uniqueStream())).toEqual([]);
        expect(await store.readStream(uniqueStream(), { direction: 'backwards' })).toEqual([]);
      });

      it('global positions strictly increase across streams and revisions have no gaps', async () => {
        const { store } = await open();
        const head = await store.headPosition();
        const [a, b, c] = [uniqueStream('a'), uniqueStream('b'), uniqueStream('c')];
        const plan: Array<[string, number]> = [[a, 2], [b, 1], [a, 1], [c, 3], [b, 2], [a, 1]];
        const results: AppendResult[] = [];
        for (const [stream, count] of plan) {
          const events = Array.from({ length: count }, () => testEvent());
          results.push(await store.appendToStream(stream, events, { expectedRevision: 'any' }));
        }

        const all = await readAllOf(store, head, new Set([a, b, c]));
        expect(all).toHaveLength(10);
        for (let i = 1; i < all.length; i++) expect(all[i]!.position).toBeGreaterThan(all[i - 1]!.position);
        let written = 0;
        const lastOfEachAppend = plan.map(([, count]) => all[(written += count) - 1]!.position);
        expect(results.map((r) => r.position)).toEqual(lastOfEachAppend);
        for (const stream of [a, b, c]) {
          const read = await store.readStream(stream);
          expect(read.map((e) => e.revision)).toEqual(read.map((_, i) => BigInt(i)));
          expect(read).toEqual(all.filter((e) => e.stream === stream));
        }
        expect(await store.headPosition()).toBe(all.at(-1)!.position);
      });

      it('reads a stream forwards and backwards, from a revision, with a count', async () => {
        const { store } = await open();
        const stream = uniqueStream();
        await store.appendToStream(
          stream,
          Array.from({ length: 5 }, (_, i) => testEvent('TestEventRecorded', { i })),
          { expectedRevision: 'no_stream' },
        );
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(stream, options)).map((e) => Number(e.revision));

        expect(await revisions({})).toEqual([0, 1, 2, 3, 4]);
        expect(await revisions({ fromRevision: 2n })).toEqual([2, 3, 4]);
        expect(await revisions({ maxCount: 2 })).toEqual([0, 1]);
        expect(await revisions({ fromRevision: 1n, maxCount: 2 })).toEqual([1, 2]);
        expect(await revisions({ fromRevision: 9n })).toEqual([]);
        expect(await revisions({ direction: 'backwards' })).toEqual([4, 3, 2, 1, 0]);
        expect(await revisions({ direction: 'backwards', fromRevision: 2n })).toEqual([2, 1, 0]);
        expect(await revisions({ direction: 'backwards', maxCount: 2 })).toEqual([4, 3]);
        expect(await revisions({ direction: 'backwards', fromRevision: 9n, maxCount: 1 })).toEqual([4]);
      });

      it('reads a stream as it stood at a global position (as-of)', async () => {
        const { store } = await open();
        const stream = uniqueStream();
        const other = uniqueStream();
        const positions: bigint[] = [];
        for (let i = 0; i < 5; i++) {
          positions.push((await store.appendToStream(stream, [testEvent()], { expectedRevision: 'any' })).position);
          await store.appendToStream(other, [testEvent()], { expectedRevision: 'any' });
        }
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(stream, options)).map((e) => Number(e.revision));

        expect(await revisions({ toPosition: positions[2]! })).toEqual([0, 1, 2]);
        // a position between two events of the stream (another stream's event) still shows the earlier state
        expect(await revisions({ toPosition: positions[2]! + 1n })).toEqual([0, 1, 2]);
        expect(await revisions({ toPosition: positions[0]! - 1n })).toEqual([]);
        expect(await revisions({ toPosition: positions[3]!, direction: 'backwards' })).toEqual([3, 2, 1, 0]);
        expect(await revisions({ toPosition: positions[3]!, direction: 'backwards', maxCount: 2 })).toEqual([3, 2]);
        expect(await revisions({ toPosition: positions[3]!, fromRevision: 2n })).toEqual([2, 3]);
        expect(await revisions({ toPosition: positions[4]! })).toEqual([0, 1, 2, 3, 4]);
      });

      it('reads all events in pages, each event exactly once and in order', async () => {
        const { store } = await open();
        const head = await store.headPosition();
        const streams = [uniqueStream(), uniqueStream(), uniqueStream()];
        const appended: string[] = [];
        for (let i = 0; i < 11; i++) {
          const event = testEvent('TestEventRecorded', { i });
          appended.push(event.id);
          await store.appendToStream(streams[i % 3]!, [event], { expectedRevision: 'any' });
        }

        const pages: RecordedEvent[][] = [];
        let after = head;
        for (;;) {
          const page = await store.readAll({ after, maxCount: 4 });
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(4);
          expect(page[0]!.position).toBeGreaterThan(after);
          pages.push(page);
          after = page.at(-1)!.position;
        }
        const own = pages.flat().filter((e) => streams.includes(e.stream));
        expect(own.map((e) => e.id)).toEqual(appended);
        expect(await store.readAll({ after: after })).toEqual([]);
        expect(await store.readAll({ after: head, maxCount: 0 })).toEqual([]);
      });

      it('reads the events at given positions, in position order, leaving out positions that hold none', async () => {
        const { store } = await open();
        const streams = [uniqueStream(), uniqueStream()];
        const appended: RecordedEvent[] = [];
        for (let i = 0; i < 6; i++) {
          const result = await store.appendToStream(streams[i % 2]!, [testEvent('TestEventRecorded', { i })], { expectedRevision: 'any' });
          const [event] = await store.readAll({ after: result.position - 1n, maxCount: 1 });
          appended.push(event!);
        }
        const [a, , c, , e, f] = appended;
        const read = await store.readPositions([f!.position, a!.position, e!.position, c!.position, a!.position]);
        expect(read).toEqual([a, c, e, f]);
        const head = await store.headPosition();
        expect(await store.readPositions([head + 1000n, c!.position])).toEqual([c]);
        expect(await store.readPositions([])).toEqual([]);
      });

      it('headPosition is the position of the last committed event', async () => {
        const { store } = await open();
        const result = await store.appendToStream(uniqueStream(), [testEvent(), testEvent()], {
          expectedRevision: 'any',
        });
        expect(await store.headPosition()).toBe(result.position);
        const [last] = await store.readAll({ after: result.position - 1n });
        expect(last?.position).toBe(result.position);
      });
    });

    describe('subscribing to all', () => {
      it('yields exactly the events after the checkpoint, then live ones, without duplicates', async () => {
        const { store } = await open();
        const stream = uniqueStream();
        const other = uniqueStream();
        const own = new Set([stream, other]);
        const first = await store.appendToStream(stream, [testEvent()], { expectedRevision: 'no_stream' });
        const caughtUp = [testEvent(), testEvent()];
        await store.appendToStream(stream, [caughtUp[0]!], { expectedRevision: 0n });
        await store.appendToStream(other, [caughtUp[1]!], { expectedRevision: 'no_stream' });

        const subscription = store.subscribeToAll({ after: first.position });
        const events = subscription[Symbol.asyncIterator]();
        const received: RecordedEvent[] = [];
        received.push(await nextOf(events, own), await nextOf(events, own));
        expect(received.map((e) => e.id)).toEqual(caughtUp.map((e) => e.id));

        const live = [testEvent(), testEvent(), testEvent()];
        await store.appendToStream(stream, [live[0]!, live[1]!], { expectedRevision: 1n });
        received.push(await nextOf(events, own), await nextOf(events, own));
        await store.appendToStream(other, [live[2]!], { expectedRevision: 0n });
        received.push(await nextOf(events, own));
        expect(received.map((e) => e.id)).toEqual([...caughtUp, ...live].map((e) => e.id));
        for (let i = 1; i < received.length; i++) {
          expect(received[i]!.position).toBeGreaterThan(received[i - 1]!.position);
        }

        await subscription.close();
        expect(await events.next()).toEqual({ done: true, value: undefined });
      });

      it('misses nothing and repeats nothing while appends race the switch from catch-up to live', async () => {
        const { store } = await open();
        const head = await store.headPosition();
        const streams = [uniqueStream(), uniqueStream()];
        const own = new Set(streams);
        const subscription = store.subscribeToAll({ after: head });
        const ids: string[] = [];
        const writer = (async () => {
          for (let i = 0; i < 60; i++) {
            const event = testEvent('TestEventRecorded', { i });
            ids.push(event.id);
            await store.appendToStream(streams[i % 2]!, [event], { expectedRevision: 'any' });
          }
        })();
        const received: string[] = [];
        for await (const event of subscription) {
          if (own.has(event.stream)) received.push(event.id);
          if (received.length === 60) break;
        }
        await writer;
        expect(received).toEqual(ids);
      });

      it('close() ends an iteration that is waiting for live events', async () => {
        const { store } = await open();
        const subscription = store.subscribeToAll({ after: await store.headPosition() });
        const events = subscription[Symbol.asyncIterator]();
        const waiting = events.next();
        await subscription.close();
        expect(await waiting).toEqual({ done: true, value: undefined });
        expect(await events.next()).toEqual({ done: true, value: undefined });
      });

      it('an AbortSignal ends the iteration; an aborted signal yields nothing', async () => {
        const { store } = await open();
        const head = await store.headPosition();
        await store.appendToStream(uniqueStream(), [testEvent()], { expectedRevision: 'any' });

        const controller = new AbortController();
        const subscription = store.subscribeToAll({ after: await store.headPosition(), signal: controller.signal });
        const events = subscription[Symbol.asyncIterator]();
        const waiting = events.next();
        controller.abort();
        expect(await waiting).toEqual({ done: true, value: undefined });

        const aborted = store.subscribeToAll({ after: head, signal: AbortSignal.abort() });
        const seen: RecordedEvent[] = [];
        for await (const event of aborted) seen.push(event);
        expect(seen).toEqual([]);
      });

      it('leaving a for-await loop closes the subscription', async () => {
        const { store } = await open();
        const head = await store.headPosition();
        const stream = uniqueStream();
        await store.appendToStream(stream, [testEvent(), testEvent()], { expectedRevision: 'no_stream' });
        const subscription = store.subscribeToAll({ after: head });
        for await (const event of subscription) {
          if (event.stream === stream) break;
        }
        expect(await subscription[Symbol.asyncIterator]().next()).toEqual({ done: true, value: undefined });
      });
    });

    describe('concurrent appends', () => {
      it('100 appends to one stream with the same expected revision: exactly 1 succeeds, 99 conflict', async () => {
        const { store } = await open();
        const stream = uniqueStream();
        await store.appendToStream(stream, [testEvent()], { expectedRevision: 'no_stream' });
        const attempts = Array.from({ length: 100 }, () => testEvent());
        const outcomes = await Promise.allSettled(
          attempts.map((event) => store.appendToStream(stream, [event], { expectedRevision: 0n })),
        );

        const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [attempts[i]!.id] : []));
        const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(99);
        for (const error of lost) {
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(error).toMatchObject({ stream, expected: 0n, actual: 1n });
        }
        expect((await store.readStream(stream)).map((e) => e.id).slice(1)).toEqual(won);
      });

      it('concurrent appends to different streams all succeed with distinct positions', async () => {
        const { store } = await open();
        const streams = Array.from({ length: 20 }, () => uniqueStream());
        const results = await Promise.all(
          streams.map((stream) =>
            store.appendToStream(stream, [testEvent(), testEvent()], { expectedRevision: 'no_stream' }),
          ),
        );
        expect(new Set(results.map((r) => r.position)).size).toBe(20);
        for (const [i, stream] of streams.entries()) {
          const read = await store.readStream(stream);
          expect(read.map((e) => e.revision)).toEqual([0n, 1n]);
          expect(read[1]!.position).toBe(results[i]!.position);
        }
      });
    });

    describe('refused input', () => {
      it('an oversized event is refused with a clear error and nothing is written', async () => {
        const { store } = await open();
        const stream = uniqueStream();
        const event = testEvent('TestEventRecorded', { text: 'a'.repeat(MAX_EVENT_BYTES) });
        const error = await store
          .appendToStream(stream, [testEvent(), event], { expectedRevision: 'any' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidEventError);
        expect((error as Error).message).toMatch(new RegExp(`limit is ${MAX_EVENT_BYTES} bytes`));
        expect((error as InvalidEventError).eventId).toBe(event.id);
        expect(await store.readStream(stream)).toEqual([]);
      });

      it.each<[string, Record<string, unknown>]>([
        ['undefined', { value: undefined }],
        ['a function', { value: () => 1 }],
        ['NaN', { value: Number.NaN }],
        ['a bigint', { value: 1n }],
        ['a Date', { value: new Date(0) }],
      ])('data holding %s is refused with a clear error and nothing is written', async (what, data) => {
        const { store } = await open();
        const stream = uniqueStream();
        const event = { ...testEvent(), data } as EventToAppend;
        const error = await store
          .appendToStream(stream, [testEvent(), event], { expectedRevision: 'any' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidEventError);
        expect((error as Error).message).toContain(`data.value is ${what === 'a bigint' ? 'the bigint' : what}`);
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('metadata without its required fields is refused', async () => {
        const { store } = await open();
        const stream = uniqueStream();
        const { actor: _actor, ...withoutActor } = testMetadata();
        const event = { ...testEvent(), metadata: withoutActor } as unknown as EventToAppend;
        await expect(store.appendToStream(stream, [event], { expectedRevision: 'any' })).rejects.toThrow(
          /metadata\.actor must be a non-empty string/,
        );
        expect(await store.readStream(stream)).toEqual([]);
      });
    });
  });
}

/** Every event after `after` belonging to `streams`, read in small pages. */
async function readAllOf(store: EventStore, after: bigint, streams: Set<string>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after, maxCount: 3 });
    if (page.length === 0) return out;
    expect(page[0]!.position).toBeGreaterThan(after);
    out.push(...page.filter((e) => streams.has(e.stream)));
    after = page.at(-1)!.position;
  }
}

/** The next event of one of `streams` (a shared server may interleave others). */
async function nextOf(events: AsyncIterator<RecordedEvent>, streams: Set<string>): Promise<RecordedEvent> {
  for (;;) {
    const next = await events.next();
    if (next.done) throw new Error('the subscription ended before the expected event');
    if (streams.has(next.value.stream)) return next.value;
  }
}
