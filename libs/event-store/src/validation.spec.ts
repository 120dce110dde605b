import { describe, expect, it } from 'vitest';
import { InvalidEventError, InvalidOptionsError, InvalidStreamNameError, WrongExpectedRevisionError } from './errors.js';
import type { EventToAppend } from './types.js';
import {
  MAX_APPEND_BYTES,
  MAX_EVENT_BYTES,
  checkExpectedRevision,
  findRetry,
  normalizeReadAllOptions,
  normalizeReadStreamOptions,
  normalizeSubscribeOptions,
  prepareAppend,
  utf8Length,
} from './validation.js';

const metadata = {
  actor: 'user-1',
  commandId: 'cmd-1',
  correlationId: 'cmd-1',
  causationId: 'cmd-1',
  occurredAt: '2025-06-01T09:00:00.000Z',
  schemaVersion: 1,
};
let n = 0;
const event = (overrides: Partial<Record<keyof EventToAppend, unknown>> = {}): EventToAppend =>
  ({
    id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    type: 'AnnualTargetSet',
    data: { target: 4, unit: '回' },
    metadata,
    ...overrides,
  }) as EventToAppend;
const any = { expectedRevision: 'any' } as const;

describe('prepareAppend', () => {
  it('returns the JSON text of each event', () => {
    const e = event();
    const [p] = prepareAppend('evaluation-1', [e], any);
    expect(p).toMatchObject({ id: e.id, type: e.type, dataJson: JSON.stringify(e.data) });
    expect(JSON.parse(p!.metadataJson)).toEqual(metadata);
  });

  it.each([
    ['undefined', { a: undefined }, /data\.a is undefined/],
    ['a function', { a: () => 1 }, /data\.a is a function/],
    ['NaN', { a: Number.NaN }, /data\.a is NaN/],
    ['Infinity', { a: [1, Number.POSITIVE_INFINITY] }, /data\.a\[1\] is Infinity/],
    ['a bigint', { a: 1n }, /data\.a is the bigint 1n/],
    ['a Date', { when: new Date(0) }, /data\.when is a Date/],
    ['a Map', { m: new Map() }, /data\.m is a Map/],
    ['a sparse array', { a: [1, , 3] }, /data\.a\[1\] is a hole/],
  ])('refuses data holding %s', (_, data, message) => {
    expect(() => prepareAppend('s', [event({ data })], any)).toThrow(message);
    expect(() => prepareAppend('s', [event({ data })], any)).toThrow(InvalidEventError);
  });

  it('refuses cyclic data, but not the same object twice', () => {
    const shared = { x: 1 };
    expect(() => prepareAppend('s', [event({ data: { a: shared, b: shared } })], any)).not.toThrow();
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => prepareAppend('s', [event({ data: cyclic })], any)).toThrow(/cycle/);
  });

  it.each([
    ['an array', [1]],
    ['a string', 'x'],
    ['null', null],
  ])('refuses data that is %s', (_, data) => {
    expect(() => prepareAppend('s', [event({ data })], any)).toThrow(/data must be a plain JSON object/);
  });

  it('refuses ids that are not lowercase UUIDs, and an id twice in one append', () => {
    expect(() => prepareAppend('s', [event({ id: 'abc' })], any)).toThrow(/lowercase UUID/);
    expect(() => prepareAppend('s', [event({ id: 'A0000000-0000-4000-8000-000000000001' })], any)).toThrow(
      /lowercase UUID/,
    );
    const e = event();
    expect(() => prepareAppend('s', [e, { ...e }], any)).toThrow(/appears twice/);
  });

  it('refuses an empty type, a $-type, and an empty append', () => {
    expect(() => prepareAppend('s', [event({ type: '' })], any)).toThrow(/type must be/);
    expect(() => prepareAppend('s', [event({ type: '$metadata' })], any)).toThrow(/type must be/);
    expect(() => prepareAppend('s', [], any)).toThrow(/at least one event/);
  });

  it.each([
    ['actor', { actor: '' }, /metadata\.actor must be a non-empty string/],
    ['commandId', { commandId: undefined }, /metadata\.commandId must be a non-empty string/],
    ['occurredAt without a zone', { occurredAt: '2025-06-01T09:00:00' }, /occurredAt must be an ISO-8601 UTC/],
    ['occurredAt not a date', { occurredAt: '2025-13-45T09:00:00Z' }, /occurredAt/],
    ['schemaVersion', { schemaVersion: 0 }, /schemaVersion must be an integer >= 1/],
    ['actingAs', { actingAs: 3 }, /actingAs must be a string/],
  ])('refuses metadata with a bad %s', (_, patch, message) => {
    expect(() => prepareAppend('s', [event({ metadata: { ...metadata, ...patch } })], any)).toThrow(message);
  });

  it("refuses metadata keys the store reserves ('hyoka:…', where KurrentDB keeps the hashes)", () => {
    expect(() => prepareAppend('s', [event({ metadata: { ...metadata, 'hyoka:hash': 'x' } })], any)).toThrow(
      /metadata\.hyoka:hash: keys starting with 'hyoka:' are reserved/,
    );
  });

  it('lets optional metadata be undefined (absent)', () => {
    const [p] = prepareAppend('s', [event({ metadata: { ...metadata, actingAs: undefined } })], any);
    expect(JSON.parse(p!.metadataJson)).toEqual(metadata);
  });

  it('counts the size in UTF-8 bytes: just under the limit passes, just over fails', () => {
    const overhead = JSON.stringify({ t: '' }).length + JSON.stringify(metadata).length;
    const fits = 'a'.repeat(MAX_EVENT_BYTES - overhead);
    expect(() => prepareAppend('s', [event({ data: { t: fits } })], any)).not.toThrow();
    expect(() => prepareAppend('s', [event({ data: { t: `${fits}a` } })], any)).toThrow(
      new RegExp(`is ${MAX_EVENT_BYTES + 1} bytes .*the limit is ${MAX_EVENT_BYTES} bytes`),
    );
    // 評 is 3 bytes in UTF-8, so a third as many characters hits the same limit
    const japanese = '評'.repeat(Math.ceil((MAX_EVENT_BYTES - overhead) / 3) + 1);
    expect(() => prepareAppend('s', [event({ data: { t: japanese } })], any)).toThrow(InvalidEventError);
  });

  it('limits a whole append', () => {
    const big = 'a'.repeat(MAX_EVENT_BYTES - 1000);
    const count = Math.ceil(MAX_APPEND_BYTES / big.length) + 1;
    const events = Array.from({ length: count }, () => event({ data: { t: big } }));
    expect(() => prepareAppend('s', events, any)).toThrow(/per append/);
  });

  it.each(['', '$all', 'has space', 'tab\tname', 'x'.repeat(201)])('refuses the stream name %j', (name) => {
    expect(() => prepareAppend(name, [event()], any)).toThrow(InvalidStreamNameError);
  });

  it.each([undefined, -1n, 1, 'latest'])('refuses the expected revision %s', (expectedRevision) => {
    expect(() => prepareAppend('s', [event()], { expectedRevision } as never)).toThrow(InvalidOptionsError);
  });
});

describe('checkExpectedRevision', () => {
  it.each([
    ['any', 'no_stream', true],
    ['any', 3n, true],
    ['no_stream', 'no_stream', true],
    ['no_stream', 0n, false],
    ['stream_exists', 0n, true],
    ['stream_exists', 'no_stream', false],
    [2n, 2n, true],
    [2n, 3n, false],
    [0n, 'no_stream', false],
  ] as const)('expected %s, actual %s: passes %s', (expected, actual, passes) => {
    const check = () => checkExpectedRevision('s-1', expected, actual);
    if (passes) expect(check).not.toThrow();
    else {
      expect(check).toThrow(WrongExpectedRevisionError);
      expect(check).toThrow(`Stream 's-1': expected revision ${String(expected)}, actual ${String(actual)}`);
    }
  });
});

describe('read options', () => {
  it('defaults and checks', () => {
    expect(normalizeReadStreamOptions('s')).toEqual({ direction: 'forwards' });
    expect(normalizeReadAllOptions()).toEqual({ after: 0n });
    expect(normalizeSubscribeOptions({ after: 5n })).toEqual({ after: 5n });
    expect(() => normalizeReadStreamOptions('s', { maxCount: -1 })).toThrow(InvalidOptionsError);
    expect(() => normalizeReadStreamOptions('s', { fromRevision: 1 as never })).toThrow(/fromRevision must be a bigint/);
    expect(() => normalizeReadStreamOptions('s', { direction: 'up' as never })).toThrow(/direction/);
    expect(() => normalizeReadAllOptions({ after: -1n })).toThrow(/after must be a bigint >= 0n/);
    expect(() => normalizeSubscribeOptions({ signal: {} as never })).toThrow(/AbortSignal/);
  });
});

describe('utf8Length', () => {
  it('agrees with TextEncoder, surrogate pairs included', () => {
    for (const s of ['', 'abc', 'é', '評価', '😀', 'a😀b評']) {
      expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
    }
  });
});

describe('findRetry', () => {
  const ids = [{ id: 'a' }, { id: 'b' }];
  it('none held: a new append', () => {
    expect(findRetry('s', ids, [undefined, undefined])).toBeUndefined();
  });
  it('all held: the first result, from the latest revision among them', () => {
    expect(
      findRetry('s', ids, [
        { revision: 3n, position: 10n, hash: 'h3' },
        { revision: 4n, position: 12n, hash: 'h4' },
      ]),
    ).toEqual({ nextExpectedRevision: 4n, position: 12n, hash: 'h4', deduplicated: true });
  });
  it('some held: refused, naming a held id', () => {
    expect(() => findRetry('s', ids, [undefined, { revision: 0n, position: 1n, hash: 'h0' }])).toThrow(
      /repeats 1 of its 2 event ids .*\(e\.g\. b\)/,
    );
  });
});
