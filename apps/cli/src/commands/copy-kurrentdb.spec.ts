import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLog, type EventStore, type RecordedEvent } from '@hyoka/event-store';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
// The KurrentDB adapter over its in-memory stand-in of the client (its own test fixture): no server runs here.
import { createFakeDriver } from '../../../../libs/event-store-kurrentdb/src/fake-driver.fixture.js';
import { createKurrentDbEventStore } from '../../../../libs/event-store-kurrentdb/src/kurrentdb-event-store.js';
import { compareDigests } from '../support/integrity.js';
import { tempDir } from '../testing/cli.js';
import { seedStore } from '../testing/seed.js';
import { checkCopy, copyLog } from './copy.js';

describe('copyLog sqlite → KurrentDB adapter (over the adapter\'s fake client)', () => {
  const tmp = tempDir('copy-kdb');
  let source: EventStore;
  let target: EventStore;
  let original: RecordedEvent[];

  beforeAll(async () => {
    source = await openSqliteEventStore({ file: join(tmp.dir, 'events.sqlite') });
    await seedStore(source, 8);
    original = await source.readAll();
    target = createKurrentDbEventStore(createFakeDriver());
  });
  afterAll(async () => {
    await source.close();
    await target.close();
    tmp.remove();
  });

  it('copies in order with the same ids, revisions and hashes (other positions), resumes, and the check and digests agree', async () => {
    const first = await copyLog(source, target, { limit: 25 });
    expect(first).toMatchObject({ skipped: 0, copied: 25, complete: false });
    const second = await copyLog(source, target, {});
    expect(second).toMatchObject({ skipped: 25, copied: original.length - 25, complete: true });

    const copied = await target.readAll();
    expect(copied.length).toBe(original.length);
    const portable = (e: RecordedEvent) => ({ id: e.id, stream: e.stream, revision: e.revision, type: e.type, data: e.data, metadata: e.metadata, hash: e.hash, previousHash: e.previousHash });
    expect(copied.map(portable)).toEqual(original.map(portable));
    // KurrentDB positions are log offsets: they differ, but keep the order
    expect(copied.map((e) => e.position)).not.toEqual(original.map((e) => e.position));

    expect(await checkCopy(source, target)).toEqual({ events: original.length, streams: new Set(original.map((e) => e.stream)).size });
    expect((await compareDigests(source, target)).ok).toBe(true);
    expect((await verifyLog(target)).ok).toBe(true);
    expect(await copyLog(source, target, {})).toMatchObject({ skipped: original.length, copied: 0, complete: true });
  });
});
