import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@hyoka/event-store';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import { hyoka, tempDir } from '../testing/cli.js';
import { seedStore } from '../testing/seed.js';

const APPENDER = fileURLToPath(new URL('../testing/appender.mjs', import.meta.url));

async function allEvents(file: string): Promise<RecordedEvent[]> {
  const store = await openSqliteEventStore({ file });
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

/** A child process appending without pause; `acked` is the highest position it has been told is committed. */
function startAppender(file: string) {
  const child = spawn(process.execPath, [APPENDER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const state = { acked: 0n, count: 0 };
  let waiting: { count: number; resolve: () => void } | undefined;
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      state.acked = BigInt(line);
      state.count++;
    }
    if (waiting && state.count >= waiting.count) waiting.resolve();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    state,
    /** resolves once the appender has acknowledged `count` appends in all */
    acknowledged: (count: number) => new Promise<void>((resolve) => (state.count >= count ? resolve() : (waiting = { count, resolve }))),
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('hyoka backup and restore', () => {
  const tmp = tempDir('backup');
  const live = join(tmp.dir, 'live');
  const storeFile = join(live, 'events.sqlite');

  beforeAll(async () => {
    const store = await openSqliteEventStore({ file: storeFile });
    await seedStore(store, 10);
    await store.close();
  });
  afterAll(() => tmp.remove());

  it('backs up while another process appends; the restored store verifies OK and holds every event acknowledged before the backup began', async () => {
    const appender = startAppender(storeFile);
    try {
      await appender.acknowledged(150);
      const ackedBeforeBackup = appender.state.acked;
      const backupFile = join(tmp.dir, 'backups', 'hyoka.sqlite');
      const backup = await hyoka(['--data-dir', live, 'backup', backupFile]);
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      expect(backup.stdout).toContain('integrity_check: ok');
      expect(backup.stdout).toMatch(/verify: OK \(\d+ events\); digest hyoka-log:v1:/);
      // the appender kept going after the backup: wait for more of its appends before stopping it
      await appender.acknowledged(appender.state.count + 50);
      expect(await appender.stop()).toBe(0);
      expect(readdirSync(join(tmp.dir, 'backups'))).toEqual(['hyoka.sqlite']);

      const restoredDir = join(tmp.dir, 'restored');
      const restore = await hyoka(['--data-dir', restoredDir, 'restore', backupFile]);
      expect(restore.code).toBe(0);
      expect(restore.stdout).toContain('verify: OK');
      expect((await hyoka(['--data-dir', restoredDir, 'verify'])).code).toBe(0);

      const original = await allEvents(storeFile);
      const restored = await allEvents(join(restoredDir, 'events.sqlite'));
      const acknowledged = original.filter((e) => e.position <= ackedBeforeBackup);
      expect(acknowledged.length).toBe(Number(ackedBeforeBackup));
      expect(restored.length).toBeGreaterThanOrEqual(acknowledged.length);
      // the restored log is the original's first events, unchanged
      expect(restored).toEqual(original.slice(0, restored.length));
    } finally {
      await appender.stop();
    }
  });

  it('refuses to overwrite a backup file or a store in use (unless --force), and keeps the old store aside on restore', async () => {
    const backupFile = join(tmp.dir, 'second.sqlite');
    expect((await hyoka(['--data-dir', live, 'backup', backupFile])).code).toBe(0);
    const again = await hyoka(['--data-dir', live, 'backup', backupFile]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('add --force');

    const target = join(tmp.dir, 'in-use');
    expect((await hyoka(['--data-dir', target, 'restore', backupFile])).code).toBe(0);
    const held = new Database(join(target, 'events.sqlite'));
    try {
      held.prepare('SELECT COUNT(*) FROM events').get();
      const refused = await hyoka(['--data-dir', target, 'restore', backupFile]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('is in use by another process');
      const forced = await hyoka(['--data-dir', target, 'restore', backupFile, '--force']);
      expect(forced.code).toBe(0);
      expect(forced.stderr).toContain('--force');
    } finally {
      held.close();
    }
    const kept = readdirSync(target).filter((f) => f.startsWith('events.sqlite.before-restore-') && !f.endsWith('-wal') && !f.endsWith('-shm'));
    expect(kept.length).toBe(1);
    expect(await allEvents(join(target, kept[0]!))).toEqual(await allEvents(join(target, 'events.sqlite')));
  });

  it('refuses a damaged or foreign backup and leaves the store as it was', async () => {
    const target = join(tmp.dir, 'careful');
    const good = join(tmp.dir, 'good.sqlite');
    expect((await hyoka(['--data-dir', live, 'backup', good])).code).toBe(0);
    expect((await hyoka(['--data-dir', target, 'restore', good])).code).toBe(0);
    const before = await allEvents(join(target, 'events.sqlite'));

    const garbage = join(tmp.dir, 'garbage.sqlite');
    writeFileSync(garbage, 'this is not a database');
    const notDb = await hyoka(['--data-dir', target, 'restore', garbage]);
    expect(notDb.code).toBe(1);
    expect(notDb.stderr).toContain('not a SQLite database');

    const foreign = join(tmp.dir, 'foreign.sqlite');
    new Database(foreign).exec('CREATE TABLE notes (x)').close();
    const notStore = await hyoka(['--data-dir', target, 'restore', foreign]);
    expect(notStore.code).toBe(1);
    expect(notStore.stderr).toContain('is not a Hyoka event store');

    const tampered = join(tmp.dir, 'tampered.sqlite');
    copyFileSync(good, tampered);
    const db = new Database(tampered);
    db.exec(`DROP TRIGGER events_no_update; UPDATE events SET data = json_set(data, '$.n', 999) WHERE position = 30;`);
    db.close();
    const broken = await hyoka(['--data-dir', target, 'restore', tampered]);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain('position 30');

    expect(await allEvents(join(target, 'events.sqlite'))).toEqual(before);
    expect(readdirSync(target).some((f) => f.includes('.restoring-'))).toBe(false);
    expect(existsSync(join(target, 'events.sqlite'))).toBe(true);
  });
});
