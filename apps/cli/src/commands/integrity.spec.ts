import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import { hyoka, tempDir } from '../testing/cli.js';
import { seedStore } from '../testing/seed.js';

/** Changes the file the way an attacker with the file would: the append-only triggers dropped first. */
function tamper(file: string, sql: string, ...params: unknown[]) {
  const db = new Database(file);
  try {
    db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

describe('hyoka verify, digest, check-digest', () => {
  const tmp = tempDir('verify');
  const data = ['--data-dir', tmp.dir];
  const file = join(tmp.dir, 'events.sqlite');
  let head: bigint;

  beforeAll(async () => {
    const store = await openSqliteEventStore({ file });
    await seedStore(store, 10);
    head = await store.headPosition();
    await store.close();
  });
  afterAll(() => tmp.remove());

  it('an untouched log verifies OK with its digest, and a digest printed now checks OK', async () => {
    const verified = await hyoka([...data, 'verify']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`OK: ${head} events`);
    expect(verified.stderr).toMatch(/verify \[#{24}\]\s+100\.0%/);
    const digest = await hyoka([...data, 'digest']);
    expect(digest.code).toBe(0);
    expect(digest.stdout.trim()).toMatch(new RegExp(`^hyoka-log:v1:${head}:${head}:[0-9a-f]{64}$`));
    expect(verified.stdout).toContain(`digest: ${digest.stdout.trim()}`);
    const checked = await hyoka([...data, 'check-digest', digest.stdout.trim()]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('the log matches the digest');
    const fast = await hyoka([...data, 'digest', '--fast']);
    expect(fast.stdout).toBe(digest.stdout);
  });

  it('finds an edited event at its exact place, and a digest printed before the edit no longer checks', async () => {
    const before = (await hyoka([...data, 'digest', '--position', '30'])).stdout.trim();
    expect((await hyoka([...data, 'check-digest', before])).code).toBe(0);
    const reader = new Database(file, { readonly: true });
    const victim = reader.prepare('SELECT stream, revision, hash FROM events WHERE position = 20').get() as {
      stream: string;
      revision: number;
      hash: string;
    };
    reader.close();
    tamper(file, `UPDATE events SET data = json_set(data, '$.by', 'someone-else') WHERE position = 20`);

    const verified = await hyoka([...data, 'verify']);
    expect(verified.code).toBe(3);
    expect(verified.stdout).toContain('hash-mismatch');
    expect(verified.stdout).toContain(`stream:   ${victim.stream}`);
    expect(verified.stdout).toContain(`revision: ${victim.revision}`);
    expect(verified.stdout).toContain('position: 20');
    expect(verified.stdout).toContain(`found:    ${victim.hash}`);
    // up to just before it, the log is sound
    expect((await hyoka([...data, 'verify', '--up-to', '19'])).code).toBe(0);

    const checked = await hyoka([...data, 'check-digest', before]);
    expect(checked.code).toBe(3);
    expect(checked.stdout).toContain('log-broken');
    expect(checked.stdout).toContain('position 20');
    expect((await hyoka([...data, 'digest'])).code).toBe(3);
  });

  it('finds the newest event deleted, with no earlier digest: the missing position, in Japanese and English', async () => {
    const copy = join(tmp.dir, 'newest');
    const store = await openSqliteEventStore({ file: join(copy, 'events.sqlite') });
    await seedStore(store, 3);
    const newest = await store.headPosition();
    await store.close();
    tamper(join(copy, 'events.sqlite'), 'DELETE FROM events WHERE position = ?', newest);
    const verified = await hyoka(['--data-dir', copy, 'verify']);
    expect(verified.code).toBe(3);
    expect(verified.stdout).toContain('missing-position');
    expect(verified.stdout).toContain('この位置のイベントが削除されています / the event at this position was removed');
    expect(verified.stdout).toContain(`position: ${newest}`);
    expect(verified.stdout).toContain(`expected: events up to position ${newest}`);
    expect(verified.stdout).not.toContain('stream:');
  });

  it('refuses a malformed digest or position as a usage error', async () => {
    expect((await hyoka([...data, 'check-digest', 'hyoka-log:v1:abc'])).code).toBe(2);
    expect((await hyoka([...data, 'verify', '--up-to', '-1'])).code).toBe(2);
    expect((await hyoka([...data, 'digest', '--position', String(head + 10n)])).code).toBe(2);
  });
});
