import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import { auditLog, exportAuditLogCsv, openReadModels } from '@hyoka/projections';
import { hyoka, tempDir } from '../testing/cli.js';
import { catchUp } from '../testing/read-models.js';
import { seedStore } from '../testing/seed.js';

describe('hyoka export audit-log', () => {
  const tmp = tempDir('export');
  const data = ['--data-dir', tmp.dir];
  const readModelFile = join(tmp.dir, 'read-models.sqlite');
  let expectedCsv: string;
  let head: bigint;

  beforeAll(async () => {
    const store = await openSqliteEventStore({ file: join(tmp.dir, 'events.sqlite') });
    await seedStore(store, 12);
    head = await store.headPosition();
    await catchUp(store, readModelFile);
    const readModels = openReadModels({ file: readModelFile, events: store });
    expectedCsv = await exportAuditLogCsv(readModels);
    readModels.close();
    await store.close();
  });
  afterAll(() => tmp.remove());

  it('writes the same CSV as the read model\'s exportAuditLogCsv, from the read model and straight from the store', async () => {
    const fromReadModel = await hyoka([...data, 'export', 'audit-log', '--format', 'csv']);
    expect(fromReadModel.code).toBe(0);
    expect(fromReadModel.stdout).toBe(expectedCsv);
    expect(fromReadModel.stderr).toContain(`exported ${head} entries`);
    const fromStore = await hyoka([...data, 'export', 'audit-log', '--format', 'csv', '--source', 'store']);
    expect(fromStore.code).toBe(0);
    expect(fromStore.stdout).toBe(expectedCsv);
    // the readable CSV names a registration without any hash; the JSON keeps the field as [redacted]
    expect(expectedCsv).toContain(',利用者の登録,');
    expect(expectedCsv).not.toContain('$argon2id$');
    expect(expectedCsv).not.toContain('[redacted]');
  });

  it('writes JSON entries equal to the read model\'s, filtered the same way, to a file', async () => {
    const out = join(tmp.dir, 'audit.json');
    const result = await hyoka([...data, 'export', 'audit-log', '--format', 'json', '--out', out, '--type', 'EvaluationSubmitted', '--type', 'EvaluationFinalized']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(existsSync(`${out}.part`)).toBe(false);
    const entries = JSON.parse(readFileSync(out, 'utf8')) as { position: string; type: string }[];
    const store = await openSqliteEventStore({ file: join(tmp.dir, 'events.sqlite') });
    const readModels = openReadModels({ file: readModelFile, events: store });
    const page = await auditLog(readModels, { type: ['EvaluationSubmitted', 'EvaluationFinalized'] }, { limit: 1000 });
    readModels.close();
    await store.close();
    expect(entries).toEqual(JSON.parse(JSON.stringify(page.entries.map((e) => ({ ...e, position: String(e.position) })))));
    expect(entries.length).toBe(24);

    const fromStore = await hyoka([...data, 'export', 'audit-log', '--format', 'json', '--source', 'store', '--type', 'EvaluationSubmitted', '--type', 'EvaluationFinalized']);
    expect(JSON.parse(fromStore.stdout)).toEqual(entries);

    const existing = await hyoka([...data, 'export', 'audit-log', '--format', 'json', '--out', out]);
    expect(existing.code).toBe(1);
    expect(existing.stderr).toContain('add --force');
  });

  it('filters by actor, stream and time the same way from both sources', async () => {
    const filters = ['--actor', 'u-committee', '--from', '2000-01-01', '--to', '2999-12-31'];
    const a = await hyoka([...data, 'export', 'audit-log', '--format', 'csv', ...filters]);
    const b = await hyoka([...data, 'export', 'audit-log', '--format', 'csv', '--source', 'store', ...filters]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.trim().split('\r\n').length).toBe(1 + 12);
    const none = await hyoka([...data, 'export', 'audit-log', '--format', 'json', '--to', '2000-01-01']);
    expect(JSON.parse(none.stdout)).toEqual([]);
    const badTime = await hyoka([...data, 'export', 'audit-log', '--format', 'csv', '--from', 'yesterday']);
    expect(badTime.code).toBe(2);
  });

  it('refuses to export from a read model that lags behind the store; the store source has every event', async () => {
    const store = await openSqliteEventStore({ file: join(tmp.dir, 'events.sqlite') });
    await store.appendToStream('fiscal-year-2099', [
      { id: crypto.randomUUID(), type: 'Noted', data: { note: 'after the read model' }, metadata: { actor: 'system', commandId: 'c', correlationId: 'c', causationId: 'c', occurredAt: '2026-04-20T01:00:00.000Z', schemaVersion: 1 } },
    ], { expectedRevision: 'no_stream' });
    await store.close();
    const stale = await hyoka([...data, 'export', 'audit-log', '--format', 'csv']);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe('');
    expect(stale.stderr).toContain(`the audit-log read model is at position ${head}, the store at ${head + 1n}`);
    const out = join(tmp.dir, 'stale.csv');
    writeFileSync(out, 'keep me');
    expect((await hyoka([...data, 'export', 'audit-log', '--format', 'csv', '--out', out, '--force'])).code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const fromStore = await hyoka([...data, 'export', 'audit-log', '--format', 'csv', '--source', 'store']);
    expect(fromStore.stdout.trim().split('\r\n').length).toBe(1 + Number(head) + 1);
  });
});
