import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { checkDigest, eventHash, verifyLog, type JsonObject, type LogDigest, type RecordedEvent } from '@hyoka/event-store';
import { testEvent } from '@hyoka/event-store-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from './index.js';

/*
 * Tampering with the file behind Hyoka's back, as someone with the file (and a SQLite shell) could: the triggers that
 * keep the table append-only are dropped first. One small log is built once; each case works on a copy of it.
 */

let dir: string;
let original: string;
let log: RecordedEvent[];
let digest: LogDigest;
let copies = 0;

const STREAMS = ['evaluation-a', 'evaluation-b', 'evaluation-c', 'user-d'];

beforeAll(async () => {
  // a thousand copies, each opened with synchronous=FULL: on a RAM disk where there is one, the fsyncs cost nothing
  dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hyoka-tamper-'));
  original = join(dir, 'original.db');
  const store = await openSqliteEventStore({ file: original });
  // 24 events over 4 streams, interleaved, some appends of two events
  const order = [0, 1, 0, 2, 3, 1, 1, 0, 2, 3, 0, 2, 1, 3, 3, 0, 2, 1, 0, 2, 3, 1, 0, 2];
  for (let i = 0; i < order.length; i++) {
    const stream = STREAMS[order[i]!]!;
    const events = [testEvent('Noted', { n: i, text: `記録 ${i}` })];
    if (i % 5 === 4) events.push(testEvent('Noted', { n: i + 0.5 }));
    await store.appendToStream(stream, events, { expectedRevision: 'any' });
  }
  log = await store.readAll();
  const verified = await verifyLog(store);
  if (!verified.ok) throw new Error(verified.message);
  digest = verified.digest;
  await store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Copies the sound log, lets `tamper` change the copy through a raw connection, then verifies it through the store. */
async function tampered(tamper: (db: Database.Database) => void) {
  const file = join(dir, `copy-${++copies}.db`);
  copyFileSync(original, file);
  const db = new Database(file);
  db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
  tamper(db);
  db.close();
  const store = await openSqliteEventStore({ file });
  try {
    return { verified: await verifyLog(store, { pageSize: 7 }), digestCheck: await checkDigest(store, digest.text) };
  } finally {
    await store.close();
    rmSync(file, { force: true });
  }
}

const at = (i: number) => log[i]!;
const nextInStream = (i: number) => log.slice(i + 1).find((e) => e.stream === at(i).stream);
const swapPositions = (db: Database.Database, p: bigint, q: bigint) => {
  const move = db.prepare('UPDATE events SET position = ? WHERE position = ?');
  db.transaction(() => {
    move.run(-1n, p);
    move.run(p, q);
    move.run(q, -1n);
  })();
};

describe('an untouched log', () => {
  it('verifies OK, and the digest taken from it checks', async () => {
    const { verified, digestCheck } = await tampered(() => {});
    expect(verified).toEqual({ ok: true, events: log.length, streams: 4, head: at(log.length - 1).position, digest });
    expect(digestCheck).toEqual({ ok: true, digest });
    expect(digest.text).toMatch(new RegExp(`^hyoka-log:v1:${log.length}:${log.length}:[0-9a-f]{64}$`));
  });
});

describe('verify reports the exact place of', () => {
  it('an edited payload: hash-mismatch at that event, with the recomputed and the recorded hash', async () => {
    const e = at(9);
    const { verified, digestCheck } = await tampered((db) =>
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run('{"n":9,"text":"書き換え"}', e.position),
    );
    expect(verified).toMatchObject({
      ok: false,
      problem: 'hash-mismatch',
      stream: e.stream,
      revision: e.revision,
      position: e.position,
      expected: eventHash({ ...e, data: { n: 9, text: '書き換え' } as JsonObject }),
      found: e.hash,
      events: 9,
    });
    expect(digestCheck).toMatchObject({ ok: false, problem: 'log-broken', broken: { position: e.position } });
  });

  it.each([
    ['type', "'Forged'"],
    ['id', "'00000000-0000-4000-8000-00000000f00d'"],
    ['metadata', `json_set(metadata, '$.actor', 'someone-else')`],
    ['hash', `'${'e'.repeat(64)}'`],
  ])('an edited %s', async (column, value) => {
    const e = at(12);
    const { verified } = await tampered((db) => db.exec(`UPDATE events SET ${column} = ${value} WHERE position = ${e.position}`));
    expect(verified).toMatchObject({ ok: false, problem: 'hash-mismatch', stream: e.stream, revision: e.revision, position: e.position });
  });

  it('an edited previousHash: chain-broken', async () => {
    const e = at(12);
    const { verified } = await tampered((db) => db.exec(`UPDATE events SET previous_hash = '${'a'.repeat(64)}' WHERE position = ${e.position}`));
    const before = log.slice(0, 12).filter((x) => x.stream === e.stream).at(-1)!;
    expect(verified).toMatchObject({ ok: false, problem: 'chain-broken', position: e.position, expected: before.hash, found: 'a'.repeat(64) });
  });

  it('an edit whose hash the editor recomputed: chain-broken at the next event of the stream', async () => {
    const e = at(3);
    const forged = eventHash({ ...e, data: { n: 3, text: 'forged' } });
    const { verified } = await tampered((db) =>
      db.prepare('UPDATE events SET data = ?, hash = ? WHERE position = ?').run('{"n":3,"text":"forged"}', forged, e.position),
    );
    const next = nextInStream(3)!;
    expect(verified).toMatchObject({ ok: false, problem: 'chain-broken', stream: e.stream, position: next.position, expected: forged, found: e.hash });
  });

  it('damaged JSON: unreadable, at that event', async () => {
    const e = at(5);
    const { verified } = await tampered((db) => db.exec(`UPDATE events SET data = '{"n":' WHERE position = ${e.position}`));
    expect(verified).toMatchObject({ ok: false, problem: 'unreadable', stream: e.stream, revision: e.revision, position: e.position });
  });

  it('an edit before damaged JSON in the same page: the edit is the first broken place; up to before the damage it verifies', async () => {
    const [edited, damaged] = [at(2), at(4)];
    const { verified } = await tampered((db) => {
      db.exec(`UPDATE events SET type = 'Forged' WHERE position = ${edited.position}`);
      db.exec(`UPDATE events SET metadata = '{' WHERE position = ${damaged.position}`);
    });
    expect(verified).toMatchObject({ ok: false, problem: 'hash-mismatch', position: edited.position });
    const file = join(dir, 'damaged-only.db');
    copyFileSync(original, file);
    const db = new Database(file);
    db.exec(`DROP TRIGGER events_no_update; UPDATE events SET metadata = '{' WHERE position = ${damaged.position}`);
    db.close();
    const store = await openSqliteEventStore({ file });
    expect(await verifyLog(store, { upTo: damaged.position - 1n })).toMatchObject({ ok: true, events: 4 });
    expect(await verifyLog(store)).toMatchObject({ ok: false, problem: 'unreadable', position: damaged.position, events: 4 });
    await store.close();
  });

  it('a deleted event: missing-position where it stood (before the revision gap at the next event of its stream)', async () => {
    const e = at(4);
    const { verified, digestCheck } = await tampered((db) => db.exec(`DELETE FROM events WHERE position = ${e.position}`));
    expect(verified).toMatchObject({
      ok: false,
      problem: 'missing-position',
      stream: null,
      revision: null,
      position: e.position,
      expected: `position ${e.position}`,
      found: `position ${e.position + 1n}`,
      events: 4,
    });
    expect(digestCheck.ok).toBe(false);
  });

  it('two events of one stream swapped (reordered): revision-gap where the later one now stands', async () => {
    const e = at(2);
    const next = nextInStream(2)!;
    const { verified } = await tampered((db) => swapPositions(db, e.position, next.position));
    expect(verified).toMatchObject({ ok: false, problem: 'revision-gap', stream: e.stream, position: e.position, expected: String(e.revision), found: String(next.revision) });
  });

  it("two events' payloads swapped: hash-mismatch at the first", async () => {
    const [p, q] = [at(6), at(15)];
    const { verified } = await tampered((db) => {
      const data = db.prepare('SELECT data FROM events WHERE position = ?').pluck();
      const [dp, dq] = [data.get(p.position), data.get(q.position)];
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(dq, p.position);
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(dp, q.position);
    });
    expect(verified).toMatchObject({ ok: false, problem: 'hash-mismatch', position: p.position });
  });
});

describe('removed events no chain shows: verify finds the missing position (positions are contiguous, the last one is kept)', () => {
  it('the newest event deleted: missing-position at it, with no earlier digest needed', async () => {
    const newest = at(log.length - 1);
    const { verified, digestCheck } = await tampered((db) => db.exec(`DELETE FROM events WHERE position = ${newest.position}`));
    expect(verified).toMatchObject({
      ok: false,
      problem: 'missing-position',
      position: newest.position,
      stream: null,
      revision: null,
      expected: `events up to position ${newest.position}`,
      found: `the log ends at position ${newest.position - 1n}`,
      events: log.length - 1,
    });
    expect(digestCheck).toMatchObject({ ok: false, problem: 'log-shorter' });
  });

  it('the end of the log cut off: missing-position at the first removed one', async () => {
    const { verified, digestCheck } = await tampered((db) => db.exec(`DELETE FROM events WHERE position > ${at(19).position}`));
    expect(verified).toMatchObject({ ok: false, problem: 'missing-position', position: at(20).position, events: 20 });
    expect(digestCheck).toMatchObject({ ok: false, problem: 'log-shorter' });
  });

  it("a stream's last event removed from the middle of the log: missing-position where it stood", async () => {
    const last = log.filter((e) => e.stream === 'user-d').at(-1)!;
    expect(last.position).toBeLessThan(at(log.length - 1).position);
    const { verified, digestCheck } = await tampered((db) => db.exec(`DELETE FROM events WHERE position = ${last.position}`));
    expect(verified).toMatchObject({
      ok: false,
      problem: 'missing-position',
      position: last.position,
      expected: `position ${last.position}`,
      found: `position ${last.position + 1n}`,
    });
    expect(digestCheck).toMatchObject({ ok: false, problem: 'log-broken' });
  });

  it('the record of the last position deleted as well as the newest event: reported, not taken for a shorter log', async () => {
    const { verified } = await tampered((db) => {
      db.exec('DROP TRIGGER log_extent_no_delete; DELETE FROM log_extent');
      db.exec(`DELETE FROM events WHERE position = ${at(log.length - 1).position}`);
    });
    expect(verified).toMatchObject({ ok: false, problem: 'missing-position', found: 'none' });
  });

  it('a log verified from a checkpoint finds the newest event deleted too', async () => {
    const file = join(dir, 'from-checkpoint.db');
    copyFileSync(original, file);
    const store = await openSqliteEventStore({ file });
    const checkpoint = await verifyLog(store, { upTo: at(9).position });
    await store.close();
    if (!checkpoint.ok) throw new Error(checkpoint.message);
    const db = new Database(file);
    db.exec(`DROP TRIGGER events_no_delete; DELETE FROM events WHERE position = ${at(log.length - 1).position}`);
    db.close();
    const reopened = await openSqliteEventStore({ file });
    const from = { position: checkpoint.head, events: checkpoint.events, hash: checkpoint.digest.hash };
    expect(await verifyLog(reopened, { from })).toMatchObject({ ok: false, problem: 'missing-position', position: at(log.length - 1).position });
    expect(await verifyLog(reopened, { from, upTo: at(log.length - 2).position })).toMatchObject({ ok: true, events: log.length - 1 });
    await reopened.close();
    rmSync(file, { force: true });
  });
});

describe('a digest printed earlier fails against a log rewritten since', () => {

  it('when the interleaving of two streams was changed', async () => {
    // two neighbours of different streams: swapping them keeps each stream's own order
    const i = log.findIndex((e, k) => k + 1 < log.length && log[k + 1]!.stream !== e.stream);
    const { verified, digestCheck } = await tampered((db) => swapPositions(db, at(i).position, at(i + 1).position));
    expect(verified.ok).toBe(true);
    expect(digestCheck).toMatchObject({ ok: false, problem: 'digest-mismatch' });
  });

  it('when a whole stream was rewritten with consistent hashes', async () => {
    const { verified, digestCheck } = await tampered((db) => {
      const rows = log.filter((e) => e.stream === 'evaluation-c');
      let previousHash = rows[0]!.previousHash;
      for (const e of rows) {
        const data = { ...e.data, n: -1 };
        const hash = eventHash({ ...e, data, previousHash });
        db.prepare('UPDATE events SET data = ?, previous_hash = ?, hash = ? WHERE position = ?').run(JSON.stringify(data), previousHash, hash, e.position);
        previousHash = hash;
      }
    });
    expect(verified.ok).toBe(true);
    expect(digestCheck).toMatchObject({ ok: false, problem: 'digest-mismatch' });
  });
});

/** One random tampering of the copy, and where verify must report it (undefined: only the digest can tell). */
type Tampering =
  | { kind: 'edit'; index: number; column: 'data' | 'metadata' | 'type' | 'id' | 'stream' | 'revision' | 'hash' | 'previous_hash' }
  | { kind: 'forge'; index: number }
  | { kind: 'damage'; index: number }
  | { kind: 'delete'; index: number }
  | { kind: 'swap-positions'; index: number; other: number }
  | { kind: 'swap-data'; index: number; other: number }
  | { kind: 'truncate'; index: number };

const EDITS = {
  data: `json_set(data, '$.n', -1)`,
  metadata: `json_set(metadata, '$.occurredAt', '2030-01-01T00:00:00.000Z')`,
  type: `type || 'X'`,
  id: `'00000000-0000-4000-8000-' || printf('%012d', position)`,
  stream: `'moved-' || stream`,
  revision: `revision + 1000`,
  hash: `(CASE substr(hash, 1, 1) WHEN 'a' THEN 'b' ELSE 'a' END) || substr(hash, 2)`,
  previous_hash: `(CASE substr(previous_hash, 1, 1) WHEN 'a' THEN 'b' ELSE 'a' END) || substr(previous_hash, 2)`,
} as const;

function apply(db: Database.Database, t: Tampering): void {
  const p = at(t.index).position;
  switch (t.kind) {
    case 'edit':
      db.exec(`UPDATE events SET ${t.column} = ${EDITS[t.column]} WHERE position = ${p}`);
      return;
    case 'forge': {
      const e = at(t.index);
      const data = { ...e.data, n: -1 };
      db.prepare('UPDATE events SET data = ?, hash = ? WHERE position = ?').run(JSON.stringify(data), eventHash({ ...e, data }), p);
      return;
    }
    case 'damage':
      db.exec(`UPDATE events SET data = substr(data, 1, length(data) - 1) WHERE position = ${p}`);
      return;
    case 'delete':
      db.exec(`DELETE FROM events WHERE position = ${p}`);
      return;
    case 'truncate':
      db.exec(`DELETE FROM events WHERE position >= ${p}`);
      return;
    case 'swap-positions':
      swapPositions(db, p, at(t.other).position);
      return;
    case 'swap-data': {
      const q = at(t.other).position;
      db.exec(`UPDATE events SET data = CASE position WHEN ${p} THEN (SELECT data FROM events WHERE position = ${q}) ELSE (SELECT data FROM events WHERE position = ${p}) END WHERE position IN (${p}, ${q})`);
      return;
    }
  }
}

/**
 * The oracle, from positions, streams and revisions alone (no hashing): the first position where an event's content
 * was changed, or whose revision does not follow the last one seen of its stream.
 */
function firstBroken(t: Tampering): bigint | undefined {
  type Row = { position: bigint; stream: string; revision: bigint; changed: boolean };
  const rows: Row[] = log.map((e) => ({ position: e.position, stream: e.stream, revision: e.revision, changed: false }));
  const row = rows[t.index]!;
  switch (t.kind) {
    case 'edit':
    case 'damage':
      row.changed = true;
      break;
    case 'forge': {
      // its own hash recomputes; the next event of the stream no longer links to it
      const next = rows.slice(t.index + 1).find((r) => r.stream === row.stream);
      if (next) next.changed = true;
      break;
    }
    case 'delete':
    case 'truncate':
      // positions are contiguous and the last one given is kept: the first removed position is the place
      return row.position;
    case 'swap-positions': {
      const other = rows[t.other]!;
      [row.position, other.position] = [other.position, row.position];
      rows.sort((a, b) => (a.position < b.position ? -1 : 1));
      break;
    }
    case 'swap-data':
      row.changed = true;
      rows[t.other]!.changed = true;
      break;
  }
  const last = new Map<string, bigint>();
  for (const r of rows) {
    if (r.changed || r.revision !== (last.get(r.stream) ?? -1n) + 1n) return r.position;
    last.set(r.stream, r.revision);
  }
  return undefined;
}

describe('1,000 random tamperings', () => {
  it('are all found: verify reports the place the oracle predicts, and the earlier digest never checks', async () => {
    const index = fc.integer({ min: 0, max: log.length - 1 });
    const pair = fc
      .tuple(index, index)
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => (a < b ? [a, b] : [b, a]));
    const tampering: fc.Arbitrary<Tampering> = fc.oneof(
      fc.record({ kind: fc.constant('edit' as const), index, column: fc.constantFrom(...(Object.keys(EDITS) as (keyof typeof EDITS)[])) }),
      fc.record({ kind: fc.constant('forge' as const), index }),
      fc.record({ kind: fc.constant('damage' as const), index }),
      fc.record({ kind: fc.constant('delete' as const), index }),
      fc.record({ kind: fc.constant('truncate' as const), index }),
      pair.map(([i, o]) => ({ kind: 'swap-positions' as const, index: i!, other: o! })),
      pair.map(([i, o]) => ({ kind: 'swap-data' as const, index: i!, other: o! })),
    );
    let foundByVerify = 0;
    await fc.assert(
      fc.asyncProperty(tampering, async (t) => {
        const { verified, digestCheck } = await tampered((db) => apply(db, t));
        expect(verified.ok ? undefined : verified.position).toBe(firstBroken(t));
        expect(digestCheck.ok).toBe(false);
        if (!verified.ok) foundByVerify++;
      }),
      { numRuns: 1000, seed: 20251128 },
    );
    // most tamperings break a chain or leave a missing position; the rest (changed interleavings) only the digest shows
    expect(foundByVerify).toBeGreaterThan(500);
  }, 120_000);
});
