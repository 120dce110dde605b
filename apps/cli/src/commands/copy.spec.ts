import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@hyoka/event-store';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import { hyoka, tempDir } from '../testing/cli.js';
import { seedStore } from '../testing/seed.js';

async function allEvents(file: string): Promise<RecordedEvent[]> {
  const store = await openSqliteEventStore({ file });
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

describe('hyoka copy', () => {
  const tmp = tempDir('copy');
  const source = join(tmp.dir, 'source.sqlite');
  let original: RecordedEvent[];

  beforeAll(async () => {
    const store = await openSqliteEventStore({ file: source });
    await seedStore(store, 15);
    await store.close();
    original = await allEvents(source);
  });
  afterAll(() => tmp.remove());

  it('copies every event sqlite → sqlite in order, with ids, revisions, hashes and recordedAt (equal events, event for event), resuming where a run stopped', async () => {
    const target = join(tmp.dir, 'target', 'events.sqlite');
    const first = await hyoka(['copy', '--from', `sqlite:${source}`, '--to', `sqlite:${target}`, '--limit', '40']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('copied 40 events');
    expect(first.stdout).toContain('reached --limit');
    expect(await allEvents(target)).toEqual(original.slice(0, 40));

    const rest = await hyoka(['copy', '--from', `sqlite:${source}`, '--to', `sqlite:${target}`]);
    expect(rest.stderr).not.toContain('hyoka:');
    expect(rest.code).toBe(0);
    expect(rest.stdout).toContain(`copied ${original.length - 40} events`);
    expect(rest.stdout).toContain('(40 already there');
    expect(rest.stdout).toContain(`check: the copy matches — ${original.length} events`);
    expect(rest.stdout).toMatch(/digest: hyoka-log:v1:\d+:\d+:[0-9a-f]{64} = hyoka-log:v1:/);
    expect(rest.stderr).toMatch(/copy \[#{24}\]\s+100\.0%/);
    // SQLite positions are 1, 2, 3 … in both: the copy is the same log, event for event
    expect(await allEvents(target)).toEqual(original);

    const nothingLeft = await hyoka(['copy', '--from', `sqlite:${source}`, '--to', `sqlite:${target}`]);
    expect(nothingLeft.code).toBe(0);
    expect(nothingLeft.stdout).toContain(`copied 0 events from`);
    const verified = await hyoka(['verify', '--data-dir', join(tmp.dir, 'target')]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`OK: ${original.length} events`);
  });

  it('refuses to copy into a store that holds other events, before writing anything', async () => {
    const target = join(tmp.dir, 'other.sqlite');
    const store = await openSqliteEventStore({ file: target });
    await store.appendToStream('something-else', [{ id: crypto.randomUUID(), type: 'Noted', data: {}, metadata: { actor: 'system', commandId: 'c', correlationId: 'c', causationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 } }], { expectedRevision: 'no_stream' });
    await store.close();
    const refused = await hyoka(['copy', '--from', `sqlite:${source}`, '--to', `sqlite:${target}`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the target is not a copy of the source: event #1');
    expect((await allEvents(target)).length).toBe(1);
  });

  it('--check-only finds a copy that was changed afterwards (exit code 3)', async () => {
    const target = join(tmp.dir, 'checked.sqlite');
    expect((await hyoka(['copy', '--from', `sqlite:${source}`, '--to', `sqlite:${target}`])).code).toBe(0);
    expect((await hyoka(['copy', '--check-only', '--from', `sqlite:${source}`, '--to', `sqlite:${target}`])).code).toBe(0);
    const db = new Database(target);
    db.exec(`DROP TRIGGER events_no_update; UPDATE events SET metadata = json_set(metadata, '$.actor', 'intruder') WHERE position = 12;`);
    db.close();
    const checked = await hyoka(['copy', '--check-only', '--from', `sqlite:${source}`, '--to', `sqlite:${target}`]);
    expect(checked.code).toBe(3);
    expect(checked.stderr).toContain('event #12 (source position 12): metadata differs');
    const truncated = join(tmp.dir, 'short.sqlite');
    expect((await hyoka(['copy', '--from', `sqlite:${source}`, '--to', `sqlite:${truncated}`, '--limit', '5'])).code).toBe(0);
    const short = await hyoka(['copy', '--check-only', '--from', `sqlite:${source}`, '--to', `sqlite:${truncated}`]);
    expect(short.code).toBe(3);
    expect(short.stderr).toContain('the target ends after 5 events');
  });

  it('refuses bad locations as usage errors', async () => {
    expect((await hyoka(['copy', '--from', source, '--to', `sqlite:${source}.2`])).code).toBe(2);
    expect((await hyoka(['copy', '--from', `sqlite:${source}`, '--to', `sqlite:${source}`])).code).toBe(2);
    const missing = await hyoka(['copy', '--from', `sqlite:${source}.missing`, '--to', `sqlite:${source}.3`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no store at');
  });
});
