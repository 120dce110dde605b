import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import { hyoka, tempDir } from '../testing/cli.js';
import { catchUp, dumpTables } from '../testing/read-models.js';
import { seedStore } from '../testing/seed.js';

describe('hyoka projections rebuild', () => {
  const tmp = tempDir('rebuild');
  const data = ['--data-dir', tmp.dir];
  const readModelFile = join(tmp.dir, 'read-models.sqlite');
  let live: Record<string, unknown[]>;
  let head: bigint;

  beforeAll(async () => {
    const store = await openSqliteEventStore({ file: join(tmp.dir, 'events.sqlite') });
    await seedStore(store, 40);
    head = await store.headPosition();
    await catchUp(store, readModelFile);
    await store.close();
    live = dumpTables(readModelFile);
  });
  afterAll(() => tmp.remove());

  it('rebuilds every read model from position 0 with a progress bar (rate, time left) and ends equal to the live ones', async () => {
    expect(live['board_evaluations']!.length).toBe(40);
    expect(live['audit_log']!.length).toBe(Number(head));
    const result = await hyoka([...data, 'projections', 'rebuild']);
    expect(result.stderr).not.toContain('hyoka:');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`rebuilt all up to position ${head}: ${head} events`);
    const bar = result.stderr.trim().split('\n');
    // not a terminal: a line at each tenth of the way, then the final one
    expect(bar.length).toBeGreaterThanOrEqual(10);
    expect(bar.slice(0, -1).every((l) => /^rebuild all \[#*-*\]\s+\d+\.\d%\s+[\d,]+ events\s+[\d,]+ events\/s\s+残り left \d+:\d\d$/.test(l))).toBe(true);
    expect(bar.at(-1)).toMatch(new RegExp(`^rebuild all \\[#{24}\\]\\s+100\\.0%\\s+${head} events\\s+[\\d,]+ events/s\\s+経過 took \\d+:\\d\\d$`));
    expect(dumpTables(readModelFile)).toEqual(live);
  });

  it('rebuilds one read model alone, equal to live', async () => {
    const result = await hyoka([...data, 'projections', 'rebuild', 'board']);
    expect(result.code).toBe(0);
    expect(dumpTables(readModelFile)).toEqual(live);
    const status = await hyoka([...data, 'projections', 'status']);
    expect(status.stdout).toMatch(new RegExp(`board\\s+${head}\\s+0\\s+0`));
  });

  it('refuses to rebuild while another process (a running Hyoka) has the read models open, and changes nothing', async () => {
    const held = new Database(readModelFile);
    try {
      held.prepare('SELECT COUNT(*) FROM board_evaluations').get();
      const result = await hyoka([...data, 'projections', 'rebuild']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('is in use by another process');
    } finally {
      held.close();
    }
    expect(dumpTables(readModelFile)).toEqual(live);
  });

  it('refuses an unknown read model name', async () => {
    const result = await hyoka([...data, 'projections', 'rebuild', 'boards']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('must be all or one of');
  });
});
