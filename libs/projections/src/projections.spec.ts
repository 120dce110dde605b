import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyEvents } from './apply.js';
import { board } from './board/board.queries.js';
import { PROJECTION_NAMES, type ProjectionName } from './projection.js';
import { deadLetters, openReadModels } from './read-models.js';
import { history } from './history/history.queries.js';
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
    const other = openReadModels({ file: h.file.replace(/read-models\.sqlite$/, 'other.sqlite'), events: h.store });
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
    let readModels = openReadModels({ file, events: h.store });
    const firstHalf = (await h.store.readAll()).filter((e) => e.position <= positions.i002Submitted!);
    applyEvents(readModels, firstHalf);
    readModels.close();

    readModels = openReadModels({ file, events: h.store });
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

    h.readModels = openReadModels({ file: h.file, events: h.store });
    expect(h.readModels.checkpoint('history')).toBe(0n);
    expect(h.readModels.checkpoint('board')).toBe(await h.store.headPosition());
    expect(h.readModels.db.prepare('SELECT count(*) AS n FROM history_entries').get()).toEqual({ n: 0 });
    h.runner = startProjections(h.store, h.readModels);
    await h.settle();
    expect(h.dump()).toEqual(live);
  });

  it('read models stored before the 第n版 became an edition (schema 2) are rebuilt on open, never read, and lose their old tables', async () => {
    await realisticSequence(h.scenario);
    await h.settle();
    const live = h.dump();
    await h.runner.stop();
    // what schema 2 stored: the compact states under the old field names, and the editions in history_versions
    const { db } = h.readModels;
    const renamed: ProjectionName[] = ['board', 'inbox', 'history', 'grade-summary'];
    const oldJson = (json: string) => json.replaceAll('"editions":', '"versions":').replaceAll('"editionCount":', '"versionCount":');
    db.exec(`CREATE TABLE history_versions (stream TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (stream, version)) STRICT`);
    for (const table of ['board_evaluations', 'inbox_evaluations', 'grade_summary_evaluations', 'history_states']) {
      const rows = db.prepare(`SELECT rowid, state FROM ${table}`).all() as { rowid: number; state: string }[];
      for (const row of rows) db.prepare(`UPDATE ${table} SET state = ? WHERE rowid = ?`).run(oldJson(row.state), row.rowid);
    }
    db.prepare(`UPDATE projection_checkpoints SET schema_version = 2 WHERE name IN (${renamed.map(() => '?').join(', ')})`).run(...renamed);
    h.readModels.close();

    h.readModels = openReadModels({ file: h.file, events: h.store });
    expect(renamed.map((name) => h.readModels.checkpoint(name))).toEqual([0n, 0n, 0n, 0n]);
    expect(h.readModels.db.prepare(`SELECT name FROM sqlite_master WHERE name = 'history_versions'`).all()).toEqual([]);
    h.runner = startProjections(h.store, h.readModels);
    await h.settle();
    expect(h.dump()).toEqual(live);
    // and the next edition folds onto the rebuilt states: I-003, recalled to its draft, is submitted again (第2版)
    await h.scenario.act('staff', 'I-003', 2025, { type: 'SubmitEvaluation', data: {} });
    await h.settle();
    expect(deadLetters(h.readModels)).toEqual([]);
    expect(board(h.readModels, 2025).find((row) => row.itemId === 'I-003')?.summary.editionCount).toBe(2);
    expect((await history(h.readModels, 'I-003', 2025)).editions.map((e) => e.edition)).toEqual([1, 2]);
  });
});
