import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyEvents } from './apply.js';
import { board } from './board/board.queries.js';
import { PROJECTION_NAMES } from './projection.js';
import { openReadModels } from './read-models.js';
import { startProjections } from './runner.js';
import { startHarness, type Harness } from './test-support/harness.js';
import { realisticSequence } from './test-support/sequence.js';
import { dumpTables } from './test-support/temp.js';

describe('every read model over a realistic sequence', () => {
  let h: Harness;
  beforeEach(() => {
    h = startHarness();
  });
  afterEach(() => h.close());

  it('rebuilt from position 0, each projection and all of them equal the live view', async () => {
    await realisticSequence(h.scenario);
    await h.settle();
    const live = h.dump();
    expect(Object.values(live).some((rows) => rows.length > 0)).toBe(true);
    for (const name of PROJECTION_NAMES) {
      await h.runner.rebuild(name);
      expect(h.dump(), `after rebuilding ${name}`).toEqual(live);
    }
    await h.runner.rebuild('all');
    expect(h.dump()).toEqual(live);
  });

  it('a second database fed the same events in other batch sizes ends up identical', async () => {
    await realisticSequence(h.scenario);
    await h.settle();
    const other = openReadModels({ file: h.file.replace(/read-models\.sqlite$/, 'other.sqlite') });
    try {
      const events = await h.store.readAll();
      for (let i = 0; i < events.length; i += 3) applyEvents(other, events.slice(i, i + 3));
      expect(dumpTables(other.db, other.projections.flatMap((p) => p.tables))).toEqual(h.dump());
    } finally {
      other.close();
    }
  });

  it('delivering the events again changes nothing', async () => {
    await realisticSequence(h.scenario);
    await h.settle();
    const live = h.dump();
    const events = await h.store.readAll();
    const again = applyEvents(h.readModels, [...events.slice(10, 30), ...events.slice(0, 5), ...events.slice(-3)]);
    expect(again).toEqual({ applied: [], failed: [] });
    expect(h.dump()).toEqual(live);
  });

  it('a crash between events resumes from the checkpoints to the same view as an uninterrupted run', async () => {
    const { positions } = await realisticSequence(h.scenario);
    await h.settle();
    const uninterrupted = h.dump();

    // a second read-model file that "crashes" half way: it stops at i002Submitted, then restarts
    const file = h.file.replace(/read-models\.sqlite$/, 'crashed.sqlite');
    let readModels = openReadModels({ file });
    const firstHalf = (await h.store.readAll()).filter((e) => e.position <= positions.i002Submitted!);
    applyEvents(readModels, firstHalf);
    readModels.close();

    readModels = openReadModels({ file });
    expect(PROJECTION_NAMES.map((n) => readModels.checkpoint(n))).toEqual(PROJECTION_NAMES.map(() => positions.i002Submitted));
    const runner = startProjections(h.store, readModels);
    try {
      await runner.waitForPosition(positions.end!);
      expect(dumpTables(readModels.db, readModels.projections.flatMap((p) => p.tables))).toEqual(uninterrupted);
      expect(board(readModels, 2025)).toEqual(board(h.readModels, 2025));
    } finally {
      await runner.stop();
      readModels.close();
    }
  });

  it('a projection whose stored schema version differs from its code is recreated at 0 and rebuilt on open', async () => {
    await realisticSequence(h.scenario);
    await h.settle();
    const live = h.dump();
    await h.runner.stop();
    h.readModels.db.prepare(`UPDATE projection_checkpoints SET schema_version = 0 WHERE name = 'history'`).run();
    h.readModels.close();

    h.readModels = openReadModels({ file: h.file });
    expect(h.readModels.checkpoint('history')).toBe(0n);
    expect(h.readModels.checkpoint('board')).toBe(await h.store.headPosition());
    expect(h.readModels.db.prepare('SELECT count(*) AS n FROM history_entries').get()).toEqual({ n: 0 });
    h.runner = startProjections(h.store, h.readModels);
    await h.settle();
    expect(h.dump()).toEqual(live);
  });
});
