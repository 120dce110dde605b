import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import { hyoka, tempDir } from '../testing/cli.js';
import { seedEvidence, seedStore } from '../testing/seed.js';

const at = (dir: string, fileId: string) => join(dir, fileId.slice(0, 2), fileId.slice(2));

describe('evidence files: verify checks them, backup / restore / copy carry them', () => {
  const tmp = tempDir('evidence');
  const live = join(tmp.dir, 'live');
  let fileId: string;
  let content: Buffer;

  beforeAll(async () => {
    const store = await openSqliteEventStore({ file: join(live, 'events.sqlite') });
    await seedStore(store, 2);
    ({ fileId, content } = await seedEvidence(store, live));
    await store.close();
  });
  afterAll(() => tmp.remove());

  it('verify: every file the log names is present and hashes to its id', async () => {
    const result = await hyoka(['--data-dir', live, 'verify']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('evidence: OK (1 files referenced by the log');
  });

  it('backup writes <file>.evidence/ beside the store copy; restore puts the files back into a fresh data folder', async () => {
    const backupFile = join(tmp.dir, 'backups', 'hyoka.sqlite');
    const backup = await hyoka(['--data-dir', live, 'backup', backupFile]);
    expect(backup.code, backup.stdout + backup.stderr).toBe(0);
    expect(readFileSync(at(`${backupFile}.evidence`, fileId)).equals(content)).toBe(true);

    const restored = join(tmp.dir, 'restored');
    const restore = await hyoka(['--data-dir', restored, 'restore', backupFile]);
    expect(restore.code, restore.stdout + restore.stderr).toBe(0);
    expect(restore.stdout).toContain('evidence: 1 files restored');
    expect(readFileSync(at(join(restored, 'evidence'), fileId)).equals(content)).toBe(true);
    expect((await hyoka(['--data-dir', restored, 'verify'])).code).toBe(0);
  });

  it('restore from a backup whose evidence is gone: the store is restored, and the missing file is reported (exit 3)', async () => {
    const backupFile = join(tmp.dir, 'no-files.sqlite');
    expect((await hyoka(['--data-dir', live, 'backup', backupFile])).code).toBe(0);
    rmSync(`${backupFile}.evidence`, { recursive: true });
    const restore = await hyoka(['--data-dir', join(tmp.dir, 'bare'), 'restore', backupFile]);
    expect(restore.code).toBe(3);
    expect(restore.stdout).toContain(`missing / 見つかりません: ${fileId} (evaluation-I-001-2026)`);
  });

  it('copy carries the files the log names to the target store folder', async () => {
    const target = join(tmp.dir, 'copied', 'events.sqlite');
    const copy = await hyoka(['--data-dir', live, 'copy', '--from', `sqlite:${join(live, 'events.sqlite')}`, '--to', `sqlite:${target}`]);
    expect(copy.code, copy.stdout + copy.stderr).toBe(0);
    expect(copy.stdout).toContain('evidence: 1 files copied');
    expect(readFileSync(at(join(tmp.dir, 'copied', 'evidence'), fileId)).equals(content)).toBe(true);
  });

  it('verify reports a changed file and a missing one (exit 3)', async () => {
    const file = at(join(live, 'evidence'), fileId);
    writeFileSync(file, Buffer.concat([content, Buffer.from('tampered')]));
    const changed = await hyoka(['--data-dir', live, 'verify']);
    expect(changed.code).toBe(3);
    expect(changed.stdout).toContain(`mismatched / 内容が一致しません: ${fileId} (evaluation-I-001-2026)`);
    rmSync(file);
    expect(existsSync(file)).toBe(false);
    const missing = await hyoka(['--data-dir', live, 'verify']);
    expect(missing.code).toBe(3);
    expect(missing.stdout).toContain(`missing / 見つかりません: ${fileId}`);
  });
});
