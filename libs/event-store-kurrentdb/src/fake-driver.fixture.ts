import { PassThrough } from 'node:stream';
import {
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendResult,
  type AppendStreamState,
  type EventData,
  type Filter,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
} from '@kurrent/kurrentdb-client';
import type { KurrentDbDriver } from './kurrentdb-event-store.js';

/*
 * TEST ONLY. An in-memory stand-in for the KurrentDB client, following the client's documented behaviour as far as
 * the adapter relies on it: appends are atomic and checked against streamState (WrongExpectedVersionError with
 * actualState); reading a missing stream throws StreamNotFoundError; $all positions are log offsets with gaps
 * (commit == prepare), read inclusively from a position; subscriptions start after the position; the log also holds
 * system events ('$' types), as a real server's does. It lets the contract suite exercise the adapter's own logic
 * here; it proves nothing about a real server, which is what the KURRENTDB_CONNECTION_STRING leg is for.
 */

interface Stored {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  data: string;
  metadata: string;
  position: Position;
  created: Date;
}

export function createFakeDriver(): KurrentDbDriver {
  const log: Stored[] = [];
  const streams = new Map<string, Stored[]>();
  const listeners = new Set<(event: Stored) => void>();
  let nextPosition = 1000n;

  const record = (streamId: string, id: string, type: string, data: unknown, metadata: unknown): Stored => {
    const list = streams.get(streamId) ?? [];
    streams.set(streamId, list);
    const position = { commit: nextPosition, prepare: nextPosition };
    nextPosition += 137n; // records take room in the log: positions have gaps
    const stored: Stored = {
      streamId,
      id,
      type,
      revision: BigInt(list.length),
      data: JSON.stringify(data),
      metadata: JSON.stringify(metadata ?? {}),
      position,
      created: new Date(),
    };
    list.push(stored);
    log.push(stored);
    return stored;
  };
  record('$settings', crypto.randomUUID(), '$settings', {}, {});

  const resolved = (s: Stored): AllStreamResolvedEvent => ({
    event: {
      streamId: s.streamId,
      id: s.id,
      type: s.type,
      revision: s.revision,
      isJson: true,
      data: JSON.parse(s.data) as Record<string, unknown>,
      metadata: JSON.parse(s.metadata) as Record<string, unknown>,
      created: s.created,
      position: s.position,
    },
    commitPosition: s.position.commit,
  });
  const passes = (filter: Filter | undefined, s: Stored) =>
    !filter || !('regex' in filter) || new RegExp(filter.regex).test(filter.filterOn === 'eventType' ? s.type : s.streamId);
  const lastRevision = (stream: string) => {
    const list = streams.get(stream);
    return list && list.length > 0 ? BigInt(list.length - 1) : undefined;
  };

  const driver = {
    async appendToStream(stream: string, events: EventData | EventData[], options: { streamState?: AppendStreamState } = {}) {
      await Promise.resolve();
      const state = options.streamState ?? 'any';
      const current = lastRevision(stream);
      const ok =
        state === 'any' ||
        (state === 'no_stream' && current === undefined) ||
        (state === 'stream_exists' && current !== undefined) ||
        (typeof state === 'bigint' && current === state);
      if (!ok) {
        throw new WrongExpectedVersionError(undefined, {
          streamName: stream,
          expected: state,
          current: current ?? 'no_stream',
        });
      }
      let last: Stored | undefined;
      for (const e of Array.isArray(events) ? events : [events]) {
        last = record(stream, e.id, e.type, e.data, e.metadata);
        for (const listener of listeners) listener(last);
      }
      const result: AppendResult = { success: true, nextExpectedRevision: last!.revision, position: last!.position };
      return result;
    },

    readStream(stream: string, options: ReadStreamOptions = {}) {
      return (async function* () {
        await Promise.resolve();
        const list = streams.get(stream);
        if (!list) throw new StreamNotFoundError(undefined, stream);
        const backwards = options.direction === 'backwards';
        const from = options.fromRevision ?? (backwards ? 'end' : 'start');
        const ordered = backwards ? [...list].reverse() : list;
        let count = 0;
        for (const s of ordered) {
          if (typeof from === 'bigint' && (backwards ? s.revision > from : s.revision < from)) continue;
          if (count++ >= Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)) return;
          yield resolved(s);
        }
      })();
    },

    readAll(options: ReadAllOptions = {}) {
      return (async function* () {
        await Promise.resolve();
        const backwards = options.direction === 'backwards';
        const from = options.fromPosition ?? (backwards ? 'end' : 'start');
        const ordered = backwards ? [...log].reverse() : [...log];
        let count = 0;
        for (const s of ordered) {
          if (typeof from === 'object' && (backwards ? s.position.commit > from.commit : s.position.commit < from.commit)) {
            continue;
          }
          if (!passes(options.filter, s)) continue;
          if (count++ >= Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)) return;
          yield resolved(s);
        }
      })();
    },

    subscribeToAll(options: { fromPosition?: Position | 'start' | 'end'; filter?: Filter } = {}) {
      const stream = new PassThrough({ objectMode: true, highWaterMark: 16 });
      const from = options.fromPosition ?? 'start';
      const after = from === 'start' ? -1n : from === 'end' ? (log.at(-1)?.position.commit ?? -1n) : from.commit;
      const push = (s: Stored) => {
        if (s.position.commit > after && passes(options.filter, s)) stream.write(resolved(s));
      };
      for (const s of log) push(s);
      listeners.add(push);
      return Object.assign(stream, {
        async unsubscribe() {
          listeners.delete(push);
          stream.end();
        },
      }) as unknown as AllStreamSubscription;
    },

    async dispose() {
      listeners.clear();
    },
  };
  return driver as unknown as KurrentDbDriver;
}
