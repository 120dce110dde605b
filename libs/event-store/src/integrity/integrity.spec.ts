import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../errors.js';
import type { EventMetadata, EventStore, JsonObject, ReadAllOptions, RecordedEvent } from '../types.js';
import { prepareAppend } from '../validation.js';
import { canonicalJson } from './canonical.js';
import { LogDigestIndex, LogDigester, checkDigest, formatLogDigest, logDigest, parseLogDigest, verifyLog } from './index.js';
import { GENESIS_HASH, canonicalEventText, canonicalEventTextFrom, eventHash, sha256Hex } from './hash.js';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const keys = Object.keys(JSON.parse(canonicalJson(input)) as object);
    // JSON.parse re-orders integer-like keys, so read the order from the text instead
    expect(keys).toHaveLength(7);
    const order = [...canonicalJson(input).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    expect(order).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  it.each([
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [0.000001, '0.000001'],
    [-0, '0'],
    [333333333.33333329, '333333333.3333333'],
    [1e30, '1e+30'],
    [4.5, '4.5'],
    [0.002, '0.002'],
    [1e-27, '1e-27'],
    [9007199254740991, '9007199254740991'],
  ])('serialises the number %s as %s (RFC 8785 appendix B)', (n, text) => {
    expect(canonicalJson(n)).toBe(text);
  });

  it('writes nested values without whitespace, escapes as ECMAScript does, drops undefined members', () => {
    expect(canonicalJson({ b: [1, 'x', null, true, { d: 1, c: '\u000f\n"' }], a: '評価\u2028', u: undefined } as never)).toBe(
      '{"a":"評価\u2028","b":[1,"x",null,true,{"c":"\\u000f\\n\\"","d":1}]}',
    );
  });

  it('refuses what has no JSON form', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(/canonical/);
    expect(() => canonicalJson(undefined)).toThrow(/canonical/);
  });

  it('is a fixed point of parse: canonical(parse(canonical(x))) = canonical(x), whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value as never);
        expect(canonicalJson(JSON.parse(text) as never)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

const metadata: EventMetadata = {
  actor: 'user-1',
  commandId: 'cmd-1',
  correlationId: 'cmd-1',
  causationId: 'cmd-1',
  occurredAt: '2025-06-01T09:00:00.000Z',
  schemaVersion: 1,
};

describe('eventHash', () => {
  const fields = {
    stream: 'evaluation-1',
    revision: 0n,
    id: '00000000-0000-4000-8000-000000000001',
    type: 'AnnualTargetSet',
    data: { unit: '回', target: 4 } as JsonObject,
    metadata,
    previousHash: GENESIS_HASH,
  };

  it('hashes the documented canonical text', () => {
    expect(canonicalEventText(fields)).toBe(
      '{"data":{"target":4,"unit":"回"},"id":"00000000-0000-4000-8000-000000000001",' +
        '"metadata":{"actor":"user-1","causationId":"cmd-1","commandId":"cmd-1","correlationId":"cmd-1",' +
        '"occurredAt":"2025-06-01T09:00:00.000Z","schemaVersion":1},' +
        `"previousHash":"${GENESIS_HASH}","revision":0,"stream":"evaluation-1","type":"AnnualTargetSet"}`,
    );
    // pinned: a change of the encoding would orphan every stored hash, so it must show up here
    expect(eventHash(fields)).toBe(sha256Hex(canonicalEventText(fields)));
    expect(eventHash(fields)).toBe('33ac0c885be2eb437d50abe3a8b6d3d25ec923d99538867011c325a2bd2d415c');
  });

  it('changes with every covered field', () => {
    const base = eventHash(fields);
    const variants = [
      { stream: 'evaluation-2' },
      { revision: 1n },
      { id: '00000000-0000-4000-8000-000000000002' },
      { type: 'AnnualTargetChanged' },
      { data: { unit: '回', target: 5 } },
      { metadata: { ...metadata, actor: 'user-2' } },
      { previousHash: 'f'.repeat(64) },
    ];
    for (const v of variants) expect(eventHash({ ...fields, ...v })).not.toBe(base);
  });

  it('agrees with what prepareAppend canonicalised (the adapters hash from that)', () => {
    const [p] = prepareAppend('evaluation-1', [{ id: fields.id, type: fields.type, data: fields.data, metadata }], {
      expectedRevision: 'any',
    });
    const text = canonicalEventTextFrom('evaluation-1', 0n, p!.id, p!.type, p!.canonicalData, p!.canonicalMetadata, GENESIS_HASH);
    expect(text).toBe(canonicalEventText(fields));
  });
});

describe('log digest text', () => {
  it('round-trips and refuses anything else', () => {
    const text = formatLogDigest(42n, 40, 'ab'.repeat(32));
    expect(text).toBe(`hyoka-log:v1:42:40:${'ab'.repeat(32)}`);
    expect(parseLogDigest(` ${text.toUpperCase().replace('HYOKA-LOG:V1', 'hyoka-log:v1')}\n`)).toEqual({
      position: 42n,
      events: 40,
      hash: 'ab'.repeat(32),
      text,
    });
    for (const bad of ['', 'hyoka-log:v2:1:1:' + 'a'.repeat(64), 'hyoka-log:v1:1:1:abc', 'hyoka-log:v1:-1:1:' + 'a'.repeat(64)]) {
      expect(() => parseLogDigest(bad)).toThrow(InvalidOptionsError);
    }
  });

  it('chains D_n = SHA-256(D_{n-1} ‖ hash_n ‖ n as uint64 big-endian) from genesis', () => {
    const h1 = '11'.repeat(32);
    const h2 = '22'.repeat(32);
    const d = new LogDigester();
    d.add(h1);
    d.add(h2);
    const n = (i: number) => Buffer.from(i.toString(16).padStart(16, '0'), 'hex');
    const d1 = createHash('sha256').update(Buffer.from(GENESIS_HASH, 'hex')).update(Buffer.from(h1, 'hex')).update(n(1)).digest();
    const d2 = createHash('sha256').update(d1).update(Buffer.from(h2, 'hex')).update(n(2)).digest('hex');
    expect(d.result(7n)).toEqual({ position: 7n, events: 2, hash: d2, text: formatLogDigest(7n, 2, d2) });
    expect(new LogDigester().result(0n).hash).toBe(GENESIS_HASH);
  });
});


/** A log in memory, built with correct hashes, that tests then damage. */
class ArrayStore implements Pick<EventStore, 'readAll' | 'headPosition' | 'readStream'> {
  constructor(public events: RecordedEvent[]) {}
  /** only what verifyLog's `from` asks: the stream's last event at or before a position */
  async readStream(stream: string, options: { toPosition?: bigint } = {}): Promise<RecordedEvent[]> {
    const last = this.events.filter((e) => e.stream === stream && e.position <= (options.toPosition ?? BigInt(Number.MAX_SAFE_INTEGER))).at(-1);
    return last ? [last] : [];
  }
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    const rest = this.events.filter((e) => e.position > after);
    return options.maxCount === undefined ? rest : rest.slice(0, options.maxCount);
  }
  async headPosition(): Promise<bigint> {
    return this.events.reduce((max, e) => (e.position > max ? e.position : max), 0n);
  }
}

function buildLog(streams: string[]): RecordedEvent[] {
  const tips = new Map<string, { revision: bigint; hash: string }>();
  return streams.map((stream, i) => {
    const tip = tips.get(stream);
    const revision = tip ? tip.revision + 1n : 0n;
    const previousHash = tip?.hash ?? GENESIS_HASH;
    const base = {
      id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      type: 'Noted',
      data: { n: i } as JsonObject,
      metadata,
      stream,
      revision,
      previousHash,
    };
    const hash = eventHash(base);
    tips.set(stream, { revision, hash });
    return { ...base, position: BigInt(i + 1) * 10n, recordedAt: '2025-06-01T09:00:00.000Z', hash };
  });
}

const asStore = (s: ArrayStore) => s as unknown as EventStore;

describe('verifyLog', () => {
  const streams = ['a', 'b', 'a', 'c', 'b', 'a', 'c'];

  it('answers OK for a sound log, with the digest up to its head, and reports progress per page', async () => {
    const store = new ArrayStore(buildLog(streams));
    const progress: bigint[] = [];
    const result = await verifyLog(asStore(store), { pageSize: 3, onProgress: (p) => progress.push(p.position) });
    expect(result).toMatchObject({ ok: true, events: 7, streams: 3, head: 70n });
    expect(progress).toEqual([30n, 60n, 70n]);
    if (!result.ok) return;
    expect(result.digest).toEqual(await logDigest(asStore(store)));
    expect(await verifyLog(asStore(new ArrayStore([])))).toMatchObject({ ok: true, events: 0, head: 0n });
  });

  it('verifies up to a position', async () => {
    const store = new ArrayStore(buildLog(streams));
    store.events[5] = { ...store.events[5]!, data: { n: 99 } };
    expect(await verifyLog(asStore(store), { upTo: 50n, pageSize: 2 })).toMatchObject({ ok: true, events: 5, head: 50n });
    expect(await verifyLog(asStore(store), { upTo: 60n })).toMatchObject({ ok: false, position: 60n });
  });

  it('finds an edited event: hash-mismatch with the recomputed and the recorded hash', async () => {
    const log = buildLog(streams);
    const store = new ArrayStore(log.map((e, i) => (i === 2 ? { ...e, data: { n: 'edited' } } : e)));
    const result = await verifyLog(asStore(store));
    expect(result).toMatchObject({ ok: false, problem: 'hash-mismatch', stream: 'a', revision: 1n, position: 30n, found: log[2]!.hash, events: 2 });
    if (!result.ok) expect(result.expected).toBe(eventHash({ ...log[2]!, data: { n: 'edited' } }));
  });

  it('finds an edit whose hash was recomputed by the editor at the next event of the stream: chain-broken', async () => {
    const log = buildLog(streams);
    const edited = { ...log[2]!, data: { n: 'edited' } };
    edited.hash = eventHash(edited);
    const store = new ArrayStore(log.map((e, i) => (i === 2 ? edited : e)));
    expect(await verifyLog(asStore(store))).toMatchObject({
      ok: false,
      problem: 'chain-broken',
      stream: 'a',
      revision: 2n,
      position: 60n,
      expected: edited.hash,
      found: log[2]!.hash,
    });
  });

  it('finds a removed event at the next event of its stream: revision-gap', async () => {
    const store = new ArrayStore(buildLog(streams).filter((_, i) => i !== 1));
    expect(await verifyLog(asStore(store))).toMatchObject({ ok: false, problem: 'revision-gap', stream: 'b', revision: 1n, position: 50n, expected: '0', found: '1' });
  });

  it('finds two events of a stream swapped: revision-gap where the later one now stands', async () => {
    const log = buildLog(streams);
    const swapped = log.map((e, i) => (i === 0 ? { ...log[2]!, position: e.position } : i === 2 ? { ...log[0]!, position: e.position } : e));
    expect(await verifyLog(asStore(new ArrayStore(swapped)))).toMatchObject({ ok: false, problem: 'revision-gap', stream: 'a', position: 10n, expected: '0', found: '1' });
  });

  it('finds a repeated revision and positions that do not increase: reordered', async () => {
    const log = buildLog(streams);
    const repeated = [...log.slice(0, 3), { ...log[2]!, position: 35n }, ...log.slice(3)];
    expect(await verifyLog(asStore(new ArrayStore(repeated)))).toMatchObject({ ok: false, problem: 'reordered', position: 35n, expected: '2', found: '1' });
    const backwards = log.map((e, i) => (i === 3 ? { ...e, position: 30n } : e));
    expect(await verifyLog(asStore(new ArrayStore(backwards)))).toMatchObject({ ok: false, problem: 'reordered', stream: 'c', position: 30n });
  });

  it('finds a previousHash that was changed: chain-broken', async () => {
    const log = buildLog(streams);
    const store = new ArrayStore(log.map((e, i) => (i === 3 ? { ...e, previousHash: 'a'.repeat(64) } : e)));
    expect(await verifyLog(asStore(store))).toMatchObject({ ok: false, problem: 'chain-broken', stream: 'c', revision: 0n, expected: GENESIS_HASH, found: 'a'.repeat(64) });
  });

  it('continues from a checkpoint: the same digest as from the start, each stream chained on from its event before it', async () => {
    const log = buildLog(streams);
    const full = await verifyLog(asStore(new ArrayStore(log)));
    const checkpoint = await verifyLog(asStore(new ArrayStore(log)), { upTo: 40n });
    if (!full.ok || !checkpoint.ok) throw new Error('the sound log must verify');
    const from = { position: 40n, events: checkpoint.events, hash: checkpoint.digest.hash };
    expect(await verifyLog(asStore(new ArrayStore(log)), { from })).toMatchObject({ ok: true, events: 7, head: 70n, digest: full.digest });
    // an edit after the checkpoint is found; one before it is trusted (it was verified then)
    const after = log.map((e, i) => (i === 5 ? { ...e, data: { n: 'edited' } } : e));
    expect(await verifyLog(asStore(new ArrayStore(after)), { from })).toMatchObject({ ok: false, problem: 'hash-mismatch', position: 60n, events: 5 });
    const forgedBefore = { ...log[2]!, data: { n: 'forged' } };
    forgedBefore.hash = eventHash(forgedBefore);
    const before = log.map((e, i) => (i === 2 ? forgedBefore : e));
    expect(await verifyLog(asStore(new ArrayStore(before)), { from })).toMatchObject({ ok: false, problem: 'chain-broken', position: 60n });
  });

  it('refuses bad options', async () => {
    const store = asStore(new ArrayStore([]));
    await expect(verifyLog(store, { upTo: -1n })).rejects.toThrow(InvalidOptionsError);
    await expect(verifyLog(store, { pageSize: 0 })).rejects.toThrow(InvalidOptionsError);
  });
});

describe('logDigest and checkDigest', () => {
  const streams = ['a', 'b', 'a', 'c', 'b'];

  it('a digest checks against the unchanged log, also after the log grew', async () => {
    const log = buildLog([...streams, 'a', 'c']);
    const store = new ArrayStore(log.slice(0, 5));
    const digest = await logDigest(asStore(store), { position: 30n });
    expect(digest).toMatchObject({ position: 30n, events: 3 });
    expect(await checkDigest(asStore(store), digest.text)).toEqual({ ok: true, digest });
    store.events = log;
    expect(await checkDigest(asStore(store), digest)).toEqual({ ok: true, digest });
    expect(await logDigest(asStore(store))).toMatchObject({ position: 70n, events: 7 });
  });

  it('refuses a position past the head', async () => {
    await expect(logDigest(asStore(new ArrayStore(buildLog(streams))), { position: 51n })).rejects.toThrow(/past the head/);
  });

  it('a log rewritten consistently (every hash recomputed) verifies, yet fails the digest taken before', async () => {
    const log = buildLog(streams);
    const digest = await logDigest(asStore(new ArrayStore(log)));
    // drop the last event of stream 'a': each stream is still a sound chain
    const rewritten = new ArrayStore(log.filter((_, i) => i !== 2));
    expect((await verifyLog(asStore(rewritten))).ok).toBe(true);
    const check = await checkDigest(asStore(rewritten), digest.text);
    expect(check).toMatchObject({ ok: false, problem: 'digest-mismatch', found: { position: 50n, events: 4 } });
  });

  it('a log cut off before the digest position fails as log-shorter; one broken before it as log-broken', async () => {
    const log = buildLog(streams);
    const digest = await logDigest(asStore(new ArrayStore(log)));
    expect(await checkDigest(asStore(new ArrayStore(log.slice(0, 4))), digest.text)).toMatchObject({ ok: false, problem: 'log-shorter' });
    const edited = new ArrayStore(log.map((e, i) => (i === 1 ? { ...e, type: 'Changed' } : e)));
    expect(await checkDigest(asStore(edited), digest.text)).toMatchObject({
      ok: false,
      problem: 'log-broken',
      broken: { problem: 'hash-mismatch', position: 20n },
    });
  });
});

describe('LogDigestIndex', () => {
  it('gives the same digest as logDigest at every position, reading only from the nearest checkpoint', async () => {
    const store = new ArrayStore(buildLog(['a', 'b', 'a', 'c', 'b', 'a', 'c', 'a', 'b', 'c', 'a']));
    let reads = 0;
    const counting = {
      headPosition: () => store.headPosition(),
      readAll: (o?: ReadAllOptions) => {
        reads++;
        return store.readAll(o);
      },
    } as unknown as EventStore;
    const index = new LogDigestIndex(counting, { every: 3, pageSize: 2 });
    expect(await index.digestAt()).toEqual(await logDigest(asStore(store)));
    for (const position of [0n, 10n, 35n, 60n, 110n, 30n]) {
      expect(await index.digestAt(position)).toEqual(await logDigest(asStore(store), { position }));
    }
    reads = 0;
    await index.digestAt(100n);
    // from the checkpoint at the 9th event (position 90): one page
    expect(reads).toBe(1);
    await expect(index.digestAt(111n)).rejects.toThrow(/past the head/);
  });
});
