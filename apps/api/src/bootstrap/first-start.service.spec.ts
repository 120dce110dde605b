import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toEventsToAppend } from '@hyoka/command-handling';
import { catalogueStream, decideCatalogue, evolveCatalogue, initialCatalogueState } from '@hyoka/domain';
import { loadPlanCatalogue } from '@hyoka/catalogue';
import type { EventStore } from '@hyoka/event-store';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import { FirstStartService } from './first-start.service.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('first start: preparing the store', () => {
  it('does not read a catalogue stream that exists (it grows with every plan revision and this runs before listen)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hyoka-first-start-'));
    folders.push(folder);
    const store = await openSqliteEventStore({ file: join(folder, 'events.sqlite') });
    try {
      const config = { initialPlan: 'shipped', facilityCareMeeting: null } as never;
      const service = (s: EventStore) => new FirstStartService(config, s, undefined as never, undefined as never, undefined as never);
      await service(store).prepareStore();
      // plan revisions after the import: each adds an item
      const now = new Date().toISOString();
      const imported = (await store.readStream(catalogueStream())).map((e) => ({ type: e.type, data: e.data })) as never[];
      let state = imported.reduce(evolveCatalogue, initialCatalogueState());
      const item = loadPlanCatalogue().items[0]!;
      const admin = { userId: 'admin', roles: [{ role: 'Admin' as const, departmentId: null }] };
      for (let i = 0; i < 30; i++) {
        const events = decideCatalogue(
          { type: 'AddItem', data: { item: { id: `X-${i}`, name: `追加 ${i}`, divisionId: item.divisionId, themeId: item.themeId, schedule: {} }, reason: '追加', approvedBy: '理事会' } },
          state,
          { actor: admin, now },
        );
        state = events.reduce(evolveCatalogue, state);
        await store.appendToStream(
          catalogueStream(),
          toEventsToAppend(catalogueStream(), events, { actor: 'admin', commandId: `add-${i}`, occurredAt: now }),
          { expectedRevision: BigInt(i) },
        );
      }
      let catalogueEventsRead = 0;
      const counting: EventStore = Object.create(store, {
        readStream: {
          value: async (stream: string, options?: Parameters<EventStore['readStream']>[1]) => {
            const events = await store.readStream(stream, options);
            if (stream === catalogueStream()) catalogueEventsRead += events.length;
            return events;
          },
        },
      });
      await service(counting).prepareStore();
      expect(catalogueEventsRead).toBeLessThanOrEqual(1);
      expect(await store.readStream(catalogueStream())).toHaveLength(31);
    } finally {
      await store.close();
    }
  });
});
