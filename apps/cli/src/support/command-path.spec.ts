import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadPlanCatalogue } from '@hyoka/catalogue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deriveEventId } from '@hyoka/command-handling';
import { catalogueStream, userStream, type Upcaster } from '@hyoka/domain';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import type { EventToAppend, JsonObject, RecordedEvent } from '@hyoka/event-store';
import { createProgram } from '../program.js';
import { tempDir } from '../testing/cli.js';
import { seedStore } from '../testing/seed.js';

/**
 * No user or catalogue event has a second schema version yet, so this spec gives the domain's `upcast` one, as the
 * domain would: RoleGranted and PlanItemRenamed v1 carry their fields under older names, which only the step below
 * reads. Every reader that goes through the domain's `upcast` sees today's shape; a fold that skips it does not.
 */
const olderShapes: Record<string, Upcaster> = {
  RoleGranted: ({ roleName, department, ...rest }) => ({ ...rest, role: roleName, departmentId: department }),
  PlanItemRenamed: ({ oldName, newName, ...rest }) => ({ ...rest, from: oldName, to: newName }),
};
const upcastCalls: string[] = [];
const HASH = '$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';

vi.mock('@hyoka/domain', async (importOriginal) => {
  const domain = await importOriginal<typeof import('@hyoka/domain')>();
  return {
    ...domain,
    upcast: <E extends { type: string; data: unknown; metadata?: Record<string, unknown> }>(event: E): E => {
      upcastCalls.push(event.type);
      const step = olderShapes[event.type];
      if (!step || event.metadata?.['testShape'] !== 'older') return domain.upcast(event);
      return { ...event, data: step(event.data as Record<string, unknown>), metadata: { ...event.metadata, testShape: 'current' } };
    },
  };
});

const NOW = '2026-04-20T01:00:00.000Z';
/** an event as an older Hyoka recorded it (`shape: 'older'`: one of the older shapes above) */
const recorded = (stream: string, type: string, data: JsonObject, shape: 'older' | 'current' = 'older'): EventToAppend => {
  const commandId = `older:${randomUUID()}`;
  return {
    id: deriveEventId(commandId, stream, 0),
    type,
    data,
    metadata: { actor: 'system', commandId, correlationId: commandId, causationId: commandId, occurredAt: NOW, schemaVersion: 1, testShape: shape },
  };
};

async function hyoka(dataDir: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  err.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  await createProgram({ out, err, in: new PassThrough(), env: {}, cwd: dataDir }).parseAsync(['node', 'hyoka', '--data-dir', dataDir, ...args]);
  return { stdout, stderr };
}

describe("the CLI's commands read every stream through the domain's upcast", () => {
  const by = { by: 'system', actingAs: 'System', at: NOW };
  let tmp: ReturnType<typeof tempDir>;
  let file: string;

  beforeEach(async () => {
    tmp = tempDir('command-path');
    file = join(tmp.dir, 'events.sqlite');
    const store = await openSqliteEventStore({ file });
    try {
      await seedStore(store, 0);
      // an administrator and a staff member whose roles were recorded in the older shape
      for (const [userId, login, role, department] of [
        ['u-old-admin', 'oldadmin', 'Admin', null],
        ['u-old-staff', 'oldstaff', 'Staff', 'general-affairs'],
      ] as const) {
        const stream = userStream(userId);
        const registered = { userId, loginName: login, displayName: login, passwordHash: HASH, ...by };
        await store.appendToStream(stream, [recorded(stream, 'UserRegistered', registered, 'current')], { expectedRevision: 'no_stream' });
        await store.appendToStream(stream, [recorded(stream, 'RoleGranted', { userId, roleName: role, department, ...by })], { expectedRevision: 0n });
      }
      // an item renamed by an older Hyoka
      const oldName = loadPlanCatalogue().items.find((i) => i.id === 'I-002')!.name;
      const renamed = { ...by, itemId: 'I-002', oldName, newName: '古い版で変えた名称', reason: '見直し', approvedBy: '理事会' };
      await store.appendToStream(catalogueStream(), [recorded(catalogueStream(), 'PlanItemRenamed', renamed)], { expectedRevision: 0n });
    } finally {
      await store.close();
    }
    upcastCalls.length = 0;
  });
  afterEach(() => tmp.remove());

  it('users revoke: the acting administrator and the user changed are both folded from upcast events', async () => {
    // Folded without the upcast, oldadmin would hold no role (refused) and oldstaff no Staff role to revoke (refused).
    const { stdout } = await hyoka(tmp.dir, 'users', 'revoke', 'oldstaff', 'Staff@general-affairs', '--as', 'oldadmin');
    expect(stdout).toContain('取り消しました / revoked Staff@general-affairs from oldstaff');

    const store = await openSqliteEventStore({ file });
    const events: RecordedEvent[] = await store.readStream(userStream('u-old-staff')).finally(() => store.close());
    const revoked = events.at(-1)!;
    expect(revoked).toMatchObject({
      type: 'RoleRevoked',
      data: { userId: 'u-old-staff', role: 'Staff', departmentId: 'general-affairs', by: 'u-old-admin', actingAs: 'Admin' },
      metadata: { actor: 'u-old-admin', actingAs: 'Admin', tool: 'hyoka-cli', schemaVersion: 1 },
    });
    // through the one command path: event ids derived from the run's command id
    expect(revoked.metadata.commandId).toMatch(/^cli:/);
    expect(revoked.id).toBe(deriveEventId(revoked.metadata.commandId, userStream('u-old-staff'), 0));
    expect(upcastCalls.filter((t) => t === 'RoleGranted').length).toBeGreaterThanOrEqual(2);
  });

  it('plan items and plan revise: the catalogue is folded from upcast events', async () => {
    const listed = await hyoka(tmp.dir, 'plan', 'items', '--division', 'corporate-management');
    expect(listed.stdout).toMatch(/I-002 .*古い版で変えた名称/);

    // renaming to the name the older event gave is no change: decide saw the upcast fold
    await expect(
      hyoka(tmp.dir, 'plan', 'revise', 'rename', 'I-002', '古い版で変えた名称', '--reason', '確認', '--approved-by', '理事会', '--as', 'oldadmin'),
    ).rejects.toThrow('既に「古い版で変えた名称」です');
    const renamed = await hyoka(tmp.dir, 'plan', 'revise', 'rename', 'I-002', '新しい名称', '--reason', '確認', '--approved-by', '理事会', '--as', 'oldadmin');
    expect(renamed.stdout).toContain('renamed I-002');
    const store = await openSqliteEventStore({ file });
    const last = (await store.readStream(catalogueStream()).finally(() => store.close())).at(-1)!;
    expect(last).toMatchObject({ type: 'PlanItemRenamed', data: { from: '古い版で変えた名称', to: '新しい名称' }, metadata: { tool: 'hyoka-cli' } });
  });
});
