import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardAsOf, evaluationAsOf, positionAtTime } from '../as-of.js';
import { InMemoryEventStore, InMemoryLog } from '../test-support/in-memory-event-store.js';
import { prng, randomLog } from '../test-support/random-log.js';
import { Scenario } from '../test-support/scenario.js';
import { tempDir } from '../test-support/temp.js';
import { openReplayIndex, type ReplayIndex } from './replay-index.js';

const SEED = 20261128;
const dir = tempDir();
afterAll(() => dir.remove());

async function generatedStore(commands: number, seed = SEED): Promise<InMemoryEventStore> {
  const store = new InMemoryEventStore();
  const scenario = new Scenario(store);
  store.now = () => scenario.now();
  await randomLog(scenario, { seed, commands });
  return store;
}

describe('replay index over a realistic generated log', () => {
  let store: InMemoryEventStore;
  let index: ReplayIndex;
  let head: bigint;

  beforeAll(async () => {
    store = await generatedStore(320);
    head = await store.headPosition();
    // a snapshot every 23 events: many snapshots, and positions between them
    index = openReplayIndex({ file: dir.file('replay-index.sqlite'), store, snapshotEvery: 23 });
    await index.catchUp();
    // generating the log takes a few seconds on a busy machine
  }, 120_000);
  afterAll(() => index.close());

  it('the log is a realistic one: both years, every stage, returns, comments, recalls', () => {
    const types = new Set(store.events.map((e) => e.type));
    for (const type of ['EvaluationReturned', 'EvaluationCommented', 'EvaluationRecalled', 'EvaluationFinalized', 'PlanItemRenamed']) {
      expect(types).toContain(type);
    }
    expect(store.events.some((e) => e.stream.endsWith('-2026'))).toBe(true);
    expect(head).toBeGreaterThan(250n);
    expect(index.stats()).toMatchObject({ events: Number(head), position: head });
    expect(index.stats().snapshots).toBe(Math.floor(Number(head) / 23));
  });

  it('boardAsOf from snapshots equals boardAsOf by full replay, at random positions (property)', async () => {
    const random = prng(SEED + 1);
    const positions = [0n, 1n, 22n, 23n, 24n, head, ...Array.from({ length: 30 }, () => BigInt(Math.floor(random() * Number(head + 1n))))];
    for (const position of positions) {
      for (const fiscalYear of [2025, 2026]) {
        expect(await index.boardAsOf(fiscalYear, position), `FY${fiscalYear} at ${position} (seed ${SEED})`).toEqual(
          await boardAsOf(store, fiscalYear, position),
        );
      }
    }
  });

  it('evaluationAsOf and positionAtTime equal the full replays', async () => {
    const random = prng(SEED + 2);
    const first = Date.parse(store.events[0]!.recordedAt);
    const last = Date.parse(store.events.at(-1)!.recordedAt);
    for (let n = 0; n < 40; n++) {
      const time = new Date(first - 60_000 + Math.floor(random() * (last - first + 120_000))).toISOString();
      expect(await index.positionAtTime(time), time).toBe(await positionAtTime(store, time));
    }
    for (const event of store.events.filter((_, i) => i % 37 === 0)) {
      expect(await index.positionAtTime(event.recordedAt)).toBe(await positionAtTime(store, event.recordedAt));
    }
    expect(await index.positionAtTime('2000-01-01T00:00:00Z')).toBe(0n);
    await expect(index.positionAtTime('not a time')).rejects.toThrow(RangeError);
    const position = BigInt(Math.floor(Number(head) / 2));
    expect(await index.evaluationAsOf('I-001', 2025, position)).toEqual(await evaluationAsOf(store, 'I-001', 2025, position));
  });

  it('catches up with events appended since, on every read', async () => {
    const scenario = new Scenario(store, store.events.at(-1)!.recordedAt);
    store.now = () => scenario.now();
    await scenario.openYear(2027);
    const { position } = await scenario.act('staff', 'I-002', 2027, { type: 'SaveAnnualPlan', data: { method: 'qualitative' } });
    expect(await index.boardAsOf(2027, position)).toEqual(await boardAsOf(store, 2027, position));
    expect((await index.boardAsOf(2027, position)).find((r) => r.itemId === 'I-002')!.status).toBe('PlanDraft');
    expect(await index.positionAtTime(scenario.now())).toBe(position);
    expect(index.stats().position).toBe(position);
  });
});

describe('replay index lifecycle', () => {
  it('reopens from its last snapshot and goes on where it stopped', async () => {
    const store = await generatedStore(120, SEED + 3);
    const file = dir.file('reopen.sqlite');
    const first = openReplayIndex({ file, store, snapshotEvery: 10 });
    await first.catchUp();
    const before = first.stats();
    first.close();
    const scenario = new Scenario(store, store.events.at(-1)!.recordedAt);
    store.now = () => scenario.now();
    await randomLogTail(scenario);
    const again = openReplayIndex({ file, store, snapshotEvery: 10 });
    const head = await store.headPosition();
    expect(await again.boardAsOf(2025, head)).toEqual(await boardAsOf(store, 2025, head));
    expect(again.stats()).toMatchObject({ position: head, resets: 0 });
    expect(again.stats().snapshots).toBeGreaterThanOrEqual(before.snapshots);
    again.close();
  });

  it('starts over when the store is not the log it indexed (a restore, another store)', async () => {
    const file = dir.file('other-store.sqlite');
    const one = await generatedStore(80, SEED + 4);
    const index = openReplayIndex({ file, store: one, snapshotEvery: 10 });
    await index.catchUp();
    index.close();
    const other = await generatedStore(90, SEED + 5);
    const reopened = openReplayIndex({ file, store: other, snapshotEvery: 10 });
    const head = await other.headPosition();
    expect(await reopened.boardAsOf(2025, head)).toEqual(await boardAsOf(other, 2025, head));
    expect(reopened.stats()).toMatchObject({ resets: 1, position: head, events: Number(head) });
    expect(await reopened.positionAtTime(other.events[5]!.recordedAt)).toBe(await positionAtTime(other, other.events[5]!.recordedAt));
    reopened.close();
  });

  it('ignores and rebuilds snapshots of another fold version', async () => {
    const store = await generatedStore(80, SEED + 6);
    const file = dir.file('fold-version.sqlite');
    const index = openReplayIndex({ file, store, snapshotEvery: 10 });
    await index.catchUp();
    index.close();
    // a snapshot written by another fold: wrong entries that must never be served
    const db = new Database(file);
    db.prepare(`UPDATE replay_meta SET value = 'an older fold' WHERE key = 'fold_version'`).run();
    db.prepare(`UPDATE replay_entries SET entry = (SELECT entry FROM replay_entries LIMIT 1)`).run();
    db.close();
    const reopened = openReplayIndex({ file, store, snapshotEvery: 10 });
    const head = await store.headPosition();
    for (const position of [head, head / 2n]) {
      expect(await reopened.boardAsOf(2025, position)).toEqual(await boardAsOf(store, 2025, position));
    }
    expect(reopened.stats().snapshots).toBe(Math.floor(Number(head) / 10));
    reopened.close();
  });

  it('answers positionAtTime exactly when the clock stepped back', async () => {
    const log = new InMemoryLog();
    const store = new InMemoryEventStore({ log });
    const scenario = new Scenario(store);
    // recordedAt: the scenario's clock, but every 7th commit an hour earlier
    let commits = 0;
    store.now = () => {
      commits += 1;
      return new Date(Date.parse(scenario.now()) - (commits % 7 === 0 ? 3_600_000 : 0)).toISOString();
    };
    await randomLog(scenario, { seed: SEED + 7, commands: 60 });
    const index = openReplayIndex({ file: dir.file('clock.sqlite'), store, snapshotEvery: 10 });
    for (const event of store.events) {
      for (const delta of [-1, 0, 1]) {
        const time = new Date(Date.parse(event.recordedAt) + delta).toISOString();
        expect(await index.positionAtTime(time), time).toBe(await positionAtTime(store, time));
      }
    }
    index.close();
  });

  it('refuses a nonsensical snapshot interval', () => {
    expect(() => openReplayIndex({ file: dir.file('bad.sqlite'), store: new InMemoryEventStore(), snapshotEvery: 0 })).toThrow(RangeError);
  });
});

async function randomLogTail(scenario: Scenario): Promise<void> {
  await scenario.act('staff', 'I-010', 2025, { type: 'SaveAnnualPlan', data: { method: 'qualitative' } }).catch(() => undefined);
  await scenario.act('head', 'I-001', 2025, { type: 'CommentOnEvaluation', data: { text: '再開後の確認' } }).catch(() => undefined);
  await scenario.openYear(2027);
}
