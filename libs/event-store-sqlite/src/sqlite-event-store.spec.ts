import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EventStoreClosedError, EventStoreError, GENESIS_HASH, WrongExpectedRevisionError, eventHash, verifyLog } from '@hyoka/event-store';
import { testEvent, uniqueStream } from '@hyoka/event-store-contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, checkDurability } from './database.js';
import { openSqliteEventStore, type SqliteEventStore } from './index.js';

let dir: string;
const stores: SqliteEventStore[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hyoka-sqlite-'));
});
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});
async function open(file = join(dir, 'events.db'), options: Partial<Parameters<typeof openSqliteEventStore>[0]> = {}) {
  const store = await openSqliteEventStore({ file, ...options });
  stores.push(store);
  return store;
}

describe('opening the file', () => {
  it('creates the folder, the file and the schema on first use, with WAL and synchronous=FULL', async () => {
    const file = join(dir, 'nested', 'deeper', 'events.db');
    const store = await open(file);
    expect(existsSync(file)).toBe(true);
    expect(store.file).toBe(file);
    await store.close();

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();
  });

  it.each([':memory:', '', 'file:events.db?mode=memory'])('refuses %j: events must survive a restart', async (file) => {
    await expect(openSqliteEventStore({ file })).rejects.toThrow(/needs a plain file path/);
  });

  it('refuses a file that is not a database, with a clear error and the path', async () => {
    const file = join(dir, 'not-a-db.db');
    writeFileSync(file, 'x'.repeat(4096));
    await expect(openSqliteEventStore({ file })).rejects.toThrow(
      new RegExp(`Cannot open the SQLite event store at ${file}: file is not a database`),
    );
  });

  it('refuses a file written by a newer schema', async () => {
    const file = join(dir, 'newer.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    await expect(openSqliteEventStore({ file })).rejects.toThrow(
      new RegExp(`schema version is ${SCHEMA_VERSION + 1}, newer than this Hyoka's ${SCHEMA_VERSION}`),
    );
  });

  it('refuses settings read back other than WAL and synchronous=FULL', () => {
    expect(() => checkDurability('/x.db', 'wal', 2)).not.toThrow();
    expect(() => checkDurability('/x.db', 'delete', 2)).toThrow("Refusing to use /x.db: journal_mode is 'delete'");
    expect(() => checkDurability('/x.db', 'memory', 2)).toThrow(/needs WAL/);
    expect(() => checkDurability('/x.db', 'wal', 1)).toThrow(/synchronous is 1, and the event store needs FULL \(2\)/);
  });
});

describe('the stored events', () => {
  it('are append-only: the file refuses updates and deletes', async () => {
    const file = join(dir, 'events.db');
    const store = await open(file);
    await store.appendToStream(uniqueStream(), [testEvent()], { expectedRevision: 'any' });
    const raw = new Database(file);
    expect(() => raw.exec("UPDATE events SET type = 'Changed'")).toThrow(/append-only/);
    expect(() => raw.exec('DELETE FROM events')).toThrow(/append-only/);
    raw.close();
  });

  it('positions count 1, 2, 3, … even after failed appends', async () => {
    let failed = false;
    const store = await open(undefined, {
      faults: {
        afterEventWritten: (written) => {
          if (!failed && written === 1) {
            failed = true;
            throw new Error('fault');
          }
        },
      },
    });
    const stream = uniqueStream();
    await expect(store.appendToStream(stream, [testEvent()], { expectedRevision: 'any' })).rejects.toThrow(
      /Append to '.*' failed; nothing of it was written: fault/,
    );
    await store.appendToStream(stream, [testEvent(), testEvent()], { expectedRevision: 'any' });
    await store.appendToStream(uniqueStream(), [testEvent()], { expectedRevision: 'any' });
    expect((await store.readAll()).map((e) => e.position)).toEqual([1n, 2n, 3n]);
  });

  it('recordedAt comes from the clock option', async () => {
    const store = await open(undefined, { clock: () => new Date('2026-03-31T15:00:00.000Z') });
    const stream = uniqueStream();
    await store.appendToStream(stream, [testEvent()], { expectedRevision: 'any' });
    expect((await store.readStream(stream))[0]?.recordedAt).toBe('2026-03-31T15:00:00.000Z');
  });
});

describe('group commit', () => {
  it('commits concurrent appends together, yet each is checked and fails alone', async () => {
    const faulty = uniqueStream('faulty');
    const store = await open(undefined, {
      faults: {
        afterEventWritten: (written, stream) => {
          if (stream === faulty && written === 2) throw new Error('fault');
        },
      },
    });
    const contested = uniqueStream('contested');
    await store.appendToStream(contested, [testEvent()], { expectedRevision: 'no_stream' });
    const before = store.stats();

    const independent = Array.from({ length: 30 }, () => uniqueStream());
    const outcomes = await Promise.allSettled([
      ...independent.map((s) => store.appendToStream(s, [testEvent()], { expectedRevision: 'no_stream' })),
      store.appendToStream(faulty, [testEvent(), testEvent(), testEvent()], { expectedRevision: 'any' }),
      store.appendToStream(contested, [testEvent()], { expectedRevision: 0n }),
      store.appendToStream(contested, [testEvent()], { expectedRevision: 0n }),
    ]);

    const after = store.stats();
    expect(after.appends - before.appends).toBe(33);
    expect(after.commits - before.commits).toBeLessThan(33);
    expect(outcomes.slice(0, 30).every((o) => o.status === 'fulfilled')).toBe(true);
    expect(outcomes[30]).toMatchObject({ status: 'rejected', reason: expect.any(EventStoreError) });
    expect(outcomes[31]?.status).toBe('fulfilled');
    expect(outcomes[32]).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedRevisionError) });
    expect(await store.readStream(faulty)).toEqual([]);
    expect(await store.readStream(contested)).toHaveLength(2);
  });

  it('answers a caller only once its events are committed: another connection already sees them', async () => {
    const file = join(dir, 'events.db');
    const store = await open(file);
    const reader = new Database(file, { readonly: true });
    const streams = Array.from({ length: 5 }, () => uniqueStream());
    const seen = await Promise.all(
      streams.map(async (stream) => {
        await store.appendToStream(stream, [testEvent()], { expectedRevision: 'no_stream' });
        return reader.prepare('SELECT COUNT(*) FROM events WHERE stream = ?').pluck().get(stream);
      }),
    );
    reader.close();
    expect(seen).toEqual([1, 1, 1, 1, 1]);
  });
});

describe('live subscriptions', () => {
  it('wake on commits made through another store instance of this process on the same file', async () => {
    const file = join(dir, 'events.db');
    const reader = await open(file);
    const writer = await open(file);
    const subscription = reader.subscribeToAll({ after: await reader.headPosition() });
    const next = subscription[Symbol.asyncIterator]().next();
    const event = testEvent();
    await writer.appendToStream(uniqueStream(), [event], { expectedRevision: 'no_stream' });
    expect((await next).value?.id).toBe(event.id);
    await subscription.close();
  });

  it('wake on commits made by another process (the admin CLI writing while the API runs)', async () => {
    const file = join(dir, 'events.db');
    const reader = await open(file);
    await reader.appendToStream(uniqueStream(), [testEvent()], { expectedRevision: 'no_stream' });
    const subscription = reader.subscribeToAll({ after: await reader.headPosition() });
    const next = subscription[Symbol.asyncIterator]().next();
    // a separate process shares no in-process notifier: only the file tells
    const script = `
      const Database = require('better-sqlite3');
      const db = new Database(process.argv[1]);
      db.prepare("INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at, previous_hash, hash) VALUES ('other-process', 0, '00000000-0000-4000-8000-0000000000aa', 'Noted', '{}', '{}', '2025-06-01T00:00:00.000Z', ?, ?)").run('${GENESIS_HASH}', '${'b'.repeat(64)}');
      db.close();`;
    execFileSync(process.execPath, ['-e', script, file], { cwd: import.meta.dirname });
    expect(await next).toMatchObject({ done: false, value: { stream: 'other-process', position: 2n } });
    await subscription.close();
  });
});

describe('migrating a version-1 file (no hashes)', () => {
  const V1_SCHEMA = `
    CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL, id TEXT NOT NULL,
      type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL) STRICT;
    CREATE UNIQUE INDEX events_stream_revision ON events (stream, revision);
    CREATE UNIQUE INDEX events_stream_id ON events (stream, id);
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    PRAGMA user_version = 1;`;
  const streams = ['a', 'b', 'a', 'a', 'c', 'b'];
  const events = streams.map((stream, i) => ({ stream, event: testEvent('Noted', { i, 名前: `項目${i}` }) }));

  function writeV1(file: string, data = (i: number) => JSON.stringify(events[i]!.event.data)) {
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.exec(V1_SCHEMA);
    const insert = raw.prepare('INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const revisions = new Map<string, number>();
    events.forEach(({ stream, event }, i) => {
      const revision = revisions.get(stream) ?? 0;
      revisions.set(stream, revision + 1);
      insert.run(stream, revision, event.id, event.type, data(i), JSON.stringify(event.metadata), '2025-06-01T00:00:00.000Z');
    });
    raw.close();
  }

  it('computes every hash on open, exactly as appending the same events today would, and stays append-only', async () => {
    const file = join(dir, 'v1.db');
    writeV1(file);
    const migrated = await open(file);
    const fresh = await open(join(dir, 'fresh.db'));
    for (const { stream, event } of events) await fresh.appendToStream(stream, [event], { expectedRevision: 'any' });

    const hashes = async (store: SqliteEventStore) => (await store.readAll()).map((e) => [e.stream, e.revision, e.previousHash, e.hash]);
    expect(await hashes(migrated)).toEqual(await hashes(fresh));
    const [first] = await migrated.readAll({ maxCount: 1 });
    expect(first!.previousHash).toBe(GENESIS_HASH);
    expect(first!.hash).toBe(eventHash(first!));
    expect(await verifyLog(migrated)).toMatchObject({ ok: true, events: 6, streams: 3 });
    // appends continue the migrated chains
    const next = await migrated.appendToStream('a', [testEvent()], { expectedRevision: 2n });
    expect((await migrated.readStream('a')).at(-1)).toMatchObject({ hash: next.hash, previousHash: (await fresh.readStream('a')).at(-1)!.hash });
    await migrated.close();

    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(() => raw.exec("UPDATE events SET hash = 'x'")).toThrow(/append-only/);
    raw.close();
  });

  it('keeps the last position of an older file (version 3, log_extent), so its newest event deleted later is found', async () => {
    const file = join(dir, 'v1-extent.db');
    writeV1(file);
    await (await open(file)).close();
    const raw = new Database(file);
    expect(raw.prepare('SELECT last_position FROM log_extent').pluck().get()).toBe(6);
    expect(() => raw.exec('UPDATE log_extent SET last_position = 5')).toThrow(/only grows/);
    raw.exec('DROP TRIGGER events_no_delete; DELETE FROM events WHERE position = 6');
    raw.close();
    const reopened = await open(file);
    expect(await verifyLog(reopened)).toMatchObject({ ok: false, problem: 'missing-position', position: 6n, events: 5 });
    await reopened.close();
  });

  it('refuses a file whose JSON is damaged, naming the event, and leaves the file as it was', async () => {
    const file = join(dir, 'v1-damaged.db');
    writeV1(file, (i) => (i === 3 ? '{"i":' : JSON.stringify(events[i]!.event.data)));
    await expect(openSqliteEventStore({ file })).rejects.toThrow(/Cannot add the hash chain to .*: the event at position 4 \('a'@2\) is not readable JSON/);
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare('SELECT name FROM pragma_table_info(\'events\')').pluck().all()).not.toContain('hash');
    raw.close();
  });
});

describe('closing', () => {
  it('writes appends accepted before close, refuses later ones, and ends subscriptions', async () => {
    const file = join(dir, 'events.db');
    const store = await open(file);
    const stream = uniqueStream();
    const subscription = store.subscribeToAll({ after: 0n });
    const iterator = subscription[Symbol.asyncIterator]();
    const accepted = store.appendToStream(stream, [testEvent()], { expectedRevision: 'no_stream' });
    await store.close();

    expect((await accepted).nextExpectedRevision).toBe(0n);
    await expect(store.appendToStream(stream, [testEvent()], { expectedRevision: 'any' })).rejects.toThrow(
      EventStoreClosedError,
    );
    await expect(store.readStream(stream)).rejects.toThrow(EventStoreClosedError);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });

    const reopened = await open(file);
    expect(await reopened.readStream(stream)).toHaveLength(1);
  });
});
