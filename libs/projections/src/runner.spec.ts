import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyEvents } from './apply.js';
import { auditLog } from './audit-log/audit-log.queries.js';
import { PROJECTION_NAMES } from './projection.js';
import { deadLetters, dropRebuildIndexes, openReadModels, type ReadModels } from './read-models.js';
import { startProjections, type AppliedNotice, type ProjectionRunner } from './runner.js';
import { event } from './test-support/events.js';
import { InMemoryEventStore } from './test-support/in-memory-event-store.js';
import { dumpTables, tempDir } from './test-support/temp.js';

describe('the projection runner', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: InMemoryEventStore;
  let readModels: ReadModels;
  let runner: ProjectionRunner | undefined;

  beforeEach(() => {
    dir = tempDir();
    store = new InMemoryEventStore();
    readModels = openReadModels({ file: dir.file('read-models.sqlite'), events: store });
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    readModels.close();
    dir.remove();
  });

  const allTables = () => readModels.projections.flatMap((p) => p.tables);

  it('applies what the store holds and what is appended later; waitForPosition resolves once applied', async () => {
    await store.appendToStream('s-1', [event('A', { n: 1 }), event('B', { n: 2 })], { expectedRevision: 'no_stream' });
    runner = startProjections(store, readModels);
    await runner.waitForPosition(2n);
    expect((await auditLog(readModels)).entries.map((e) => e.type)).toEqual(['A', 'B']);

    const { position } = await store.appendToStream('s-2', [event('C', {})], { expectedRevision: 'no_stream' });
    await runner.waitForPosition(position);
    expect((await auditLog(readModels)).entries.map((e) => e.type)).toEqual(['A', 'B', 'C']);
    for (const name of PROJECTION_NAMES) expect(readModels.checkpoint(name)).toBe(3n);
  });

  it('with deferStart applies nothing until start(), then catches up (once, however often start is called)', async () => {
    await store.appendToStream('s-1', [event('A', { n: 1 }), event('B', { n: 2 })], { expectedRevision: 'no_stream' });
    runner = startProjections(store, readModels, { deferStart: true });
    const applied: bigint[] = [];
    runner.onApplied(({ event: e }) => applied.push(e.position));
    await expect(runner.waitForPosition(2n, { timeoutMs: 50 })).rejects.toThrow(/did not reach position 2/);
    expect(runner.position()).toBe(0n);
    runner.start();
    runner.start();
    await runner.waitForPosition(2n);
    const { position } = await store.appendToStream('s-2', [event('C', {})], { expectedRevision: 'no_stream' });
    await runner.waitForPosition(position);
    expect(applied).toEqual([1n, 2n, 3n]);
  });

  it('lets other work run between the batches of a catch-up (a server answers while it catches up)', async () => {
    for (let i = 0; i < 4; i++) await store.appendToStream(`s-${i}`, [event('A', { n: i })], { expectedRevision: 'no_stream' });
    runner = startProjections(store, readModels, { maxBatch: 1 });
    const seenByOtherWork = await new Promise<bigint>((resolve) => setImmediate(() => resolve(readModels.position())));
    expect(seenByOtherWork).toBeLessThan(4n);
    await runner.waitForPosition(4n);
  });

  it('tells onApplied listeners about each new event once, with the fiscal year it concerns', async () => {
    runner = startProjections(store, readModels);
    const notices: AppliedNotice[] = [];
    runner.onApplied((n) => notices.push(n));
    await store.appendToStream('evaluation-I-001-2025', [event('AnnualTargetSet', {})], { expectedRevision: 'any' });
    const { position } = await store.appendToStream('user-u1', [event('UserDisabled', {})], { expectedRevision: 'any' });
    await runner.waitForPosition(position);
    expect(notices.map((n) => [n.event.type, n.fiscalYear, n.boardChanged])).toEqual([
      ['AnnualTargetSet', 2025, true],
      ['UserDisabled', null, false],
    ]);
  });

  it('reports a failing subscription and subscribes again from its checkpoints', async () => {
    await store.appendToStream('s-1', [event('A', {})], { expectedRevision: 'any' });
    const subscribe = store.subscribeToAll.bind(store);
    let failures = 1;
    store.subscribeToAll = (options) => {
      if (failures-- > 0) throw new Error('connection refused');
      return subscribe(options);
    };
    runner = startProjections(store, readModels, { retryDelayMs: 1 });
    const errors: unknown[] = [];
    runner.onError((e) => errors.push(e));
    await runner.waitForPosition(1n);
    expect(errors).toEqual([new Error('connection refused')]);
    expect((await auditLog(readModels)).entries.map((e) => e.type)).toEqual(['A']);
  });

  it('rejects a wait that is not reached in time', async () => {
    runner = startProjections(store, readModels);
    await expect(runner.waitForPosition(5n, { timeoutMs: 20 })).rejects.toThrow(/did not reach position 5/);
  });

  it('skips an event delivered twice: the tables do not change', async () => {
    await store.appendToStream('s-1', [event('A', {}), event('B', {})], { expectedRevision: 'any' });
    const events = await store.readAll();
    applyEvents(readModels, events);
    const once = dumpTables(readModels.db, allTables());
    const again = applyEvents(readModels, events);
    expect(again.applied).toEqual([]);
    expect(dumpTables(readModels.db, allTables())).toEqual(once);
    applyEvents(readModels, [events[1]!, events[0]!]);
    expect(dumpTables(readModels.db, allTables())).toEqual(once);
  });

  it('resumes from its checkpoints after a stop (a crash between events)', async () => {
    await store.appendToStream('s-1', [event('A', {}), event('B', {})], { expectedRevision: 'any' });
    runner = startProjections(store, readModels);
    await runner.waitForPosition(2n);
    await runner.stop();
    await store.appendToStream('s-1', [event('C', {})], { expectedRevision: 'any' });
    readModels.close();

    readModels = openReadModels({ file: dir.file('read-models.sqlite'), events: store });
    expect(readModels.position()).toBe(2n);
    runner = startProjections(store, readModels);
    await runner.waitForPosition(3n);
    expect((await auditLog(readModels)).entries.map((e) => [e.position, e.type])).toEqual([
      [1n, 'A'],
      [2n, 'B'],
      [3n, 'C'],
    ]);
  });

  it('rebuilds from position 0 to the same tables as the live view', async () => {
    runner = startProjections(store, readModels);
    for (let i = 0; i < 30; i += 1) {
      await store.appendToStream(`s-${i % 4}`, [event('A', { i })], { expectedRevision: 'any' });
    }
    await runner.waitForPosition(30n);
    const live = dumpTables(readModels.db, allTables());
    await runner.rebuild('all');
    expect(dumpTables(readModels.db, allTables())).toEqual(live);
    await runner.rebuild('audit-log');
    expect(dumpTables(readModels.db, allTables())).toEqual(live);
    const { position } = await store.appendToStream('s-9', [event('Z', {})], { expectedRevision: 'any' });
    await runner.waitForPosition(position);
    expect((await auditLog(readModels)).entries).toHaveLength(31);
  });

  it('rebuilds without the indexes only queries use, creates them at the end; reopening creates them after a crash mid-rebuild', async () => {
    for (let i = 0; i < 30; i += 1) {
      await store.appendToStream(`s-${i % 4}`, [event('A', { i })], { expectedRevision: 'any' });
    }
    runner = startProjections(store, readModels, { maxBatch: 2, rebuildBatch: 10 });
    await runner.waitForPosition(30n);
    const { db } = readModels;
    const indexes = () => db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).pluck().all();
    const before = indexes();
    expect(before).toContain('audit_log_by_actor');
    expect(before).toContain('history_entries_by_stream');
    const during: unknown[][] = [];
    const transaction = db.transaction.bind(db);
    vi.spyOn(db, 'transaction').mockImplementation((fn) => {
      during.push(indexes());
      return transaction(fn);
    });
    await runner.rebuild('all');
    vi.mocked(db.transaction).mockRestore();
    expect(during.length).toBeGreaterThan(3);
    // the batches of the replay ran without them; the last transaction creates them
    expect(during.slice(1, -1).every((names) => !names.includes('audit_log_by_actor') && !names.includes('history_entries_by_stream'))).toBe(true);
    expect(indexes()).toEqual(before);

    // a crash in the middle of a rebuild: the indexes are gone and the process dies; opening the file creates them
    await runner.stop();
    runner = undefined;
    db.transaction(() => readModels.projections.forEach((p) => dropRebuildIndexes(db, p)))();
    expect(indexes()).not.toContain('audit_log_by_actor');
    readModels.close();
    readModels = openReadModels({ file: dir.file('read-models.sqlite'), events: store });
    expect(readModels.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).pluck().all()).toEqual(before);
  });

  it('rebuilds in batches of rebuildBatch committed without fsync, and commits with fsync again once the rebuild resolves', async () => {
    for (let i = 0; i < 30; i += 1) {
      await store.appendToStream(`s-${i % 4}`, [event('A', { i })], { expectedRevision: 'any' });
    }
    runner = startProjections(store, readModels, { maxBatch: 2, rebuildBatch: 10 });
    await runner.waitForPosition(30n);
    const live = dumpTables(readModels.db, allTables());
    const { db } = readModels;
    // synchronous at each transaction: 2 = FULL, 0 = OFF
    const modes: unknown[] = [];
    const transaction = db.transaction.bind(db);
    vi.spyOn(db, 'transaction').mockImplementation((fn) => {
      modes.push(db.pragma('synchronous', { simple: true }));
      return transaction(fn);
    });
    await runner.rebuild('all');
    // the reset, then 30 events in three batches of 10, then the indexes created at the end
    expect(modes).toEqual([2, 0, 0, 0, 0]);
    expect(dumpTables(db, allTables())).toEqual(live);
    modes.length = 0;
    const { position } = await store.appendToStream('s-9', [event('Z', {})], { expectedRevision: 'any' });
    await runner.waitForPosition(position);
    expect(modes).toEqual([2]);
  });

  describe('memory: nothing it has delivered stays reachable', () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    // a WeakRef's target is kept until the current job ends: collect on a later turn of the event loop
    const collectGarbage = async () => {
      if (!gc) throw new Error('the specs run with --expose-gc (vitest.config.ts)');
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    };

    it('lets go of each live event once applied (a race against the never-settling abort kept every one of them)', async () => {
      runner = startProjections(store, readModels);
      let first: WeakRef<object> | undefined;
      runner.onApplied(({ event: applied }) => void (first ??= new WeakRef(applied)));
      for (let i = 0; i < 5; i += 1) {
        const { position } = await store.appendToStream('s-1', [event('A', { i })], { expectedRevision: 'any' });
        await runner.waitForPosition(position);
      }
      await collectGarbage();
      expect(first?.deref()).toBeUndefined();
    });

    it('yields to the event loop between the batches of a catch-up and keeps no earlier batch while it goes on', async () => {
      for (let i = 0; i < 60; i += 1) await store.appendToStream(`s-${i % 3}`, [event('A', { i })], { expectedRevision: 'any' });
      if (!gc) throw new Error('the specs run with --expose-gc (vitest.config.ts)');
      let immediateRan = false;
      setImmediate(() => (immediateRan = true));
      runner = startProjections(store, readModels, { maxBatch: 10 });
      let first: WeakRef<object> | undefined;
      let seen: { immediateRan: boolean; firstCollected: boolean } | undefined;
      runner.onApplied(({ event: applied }) => {
        first ??= new WeakRef(applied);
        if (applied.position !== 50n) return;
        gc();
        seen = { immediateRan, firstCollected: first.deref() === undefined };
      });
      await runner.waitForPosition(60n);
      // before: a catch-up ran as one chain of microtasks, each batch's events held by its macrotask race until the end
      expect(seen).toEqual({ immediateRan: true, firstCollected: true });
    });
  });

  it('records an event a projection throws on as a dead letter and goes on with the next ones', async () => {
    runner = startProjections(store, readModels);
    // an evaluation stream that does not start with AnnualTargetSet: the domain's evolve refuses it
    const broken = event('EvaluationSubmitted', { itemId: 'I-009', fiscalYear: 2025, by: 'u-x', actingAs: 'Staff', at: '2025-06-01T00:00:00.000Z', version: 1 });
    await store.appendToStream('s-1', [event('A', {})], { expectedRevision: 'any' });
    await store.appendToStream('evaluation-I-009-2025', [broken], { expectedRevision: 'no_stream' });
    await store.appendToStream('s-1', [event('B', {})], { expectedRevision: 'any' });
    await runner.waitForPosition(3n);

    expect((await auditLog(readModels)).entries.map((e) => [e.position, e.type])).toEqual([
      [1n, 'A'],
      [2n, 'EvaluationSubmitted'],
      [3n, 'B'],
    ]);
    const letters = deadLetters(readModels);
    expect(letters.map((l) => [l.projection, l.position, l.stream, l.type])).toEqual(
      ['board', 'grade-summary', 'history', 'inbox', 'notifications'].map((p) => [p, 2n, 'evaluation-I-009-2025', 'EvaluationSubmitted']),
    );
    expect(letters[0]!.error).toMatch(/starts with EvaluationSubmitted/);
    expect(readModels.db.prepare('SELECT count(*) AS n FROM board_evaluations').get()).toEqual({ n: 0 });
    for (const name of PROJECTION_NAMES) expect(readModels.checkpoint(name)).toBe(3n);
    // a rebuild meets the same poison and records it again, once
    await runner.rebuild('board');
    expect(deadLetters(readModels, 'board')).toHaveLength(1);
  });
});
