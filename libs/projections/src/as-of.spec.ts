import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardAsOf, evaluationAsOf, positionAtTime } from './as-of.js';
import { board, type BoardRow } from './board/board.queries.js';
import { history } from './history/history.queries.js';
import type { EvaluationHistory } from './history/history.queries.js';
import { startHarness, type Harness } from './test-support/harness.js';
import { realisticSequence } from './test-support/sequence.js';

describe('as-of reads, replayed from the store', () => {
  let h: Harness;
  let positions: Record<string, bigint>;
  const liveBoards = new Map<string, { 2025: BoardRow[]; 2026: BoardRow[] }>();
  const liveHistories = new Map<string, EvaluationHistory>();
  const times = new Map<string, string>();

  beforeAll(async () => {
    h = startHarness();
    ({ positions } = await realisticSequence(h.scenario, async (name) => {
      await h.settle();
      liveBoards.set(name, { 2025: board(h.readModels, 2025), 2026: board(h.readModels, 2026) });
      liveHistories.set(name, await history(h.readModels, 'I-002', 2025));
      times.set(name, h.scenario.now());
    }));
    // more happens after the moments: the as-of reads must not see it
    await h.scenario.act('committee', 'I-001', 2025, { type: 'ReopenEvaluation', data: { reason: '再確認' } });
    await h.settle();
  });
  afterAll(() => h.close());

  it('the board as of a position equals the live board at that moment', async () => {
    expect(liveBoards.size).toBe(4);
    for (const [name, live] of liveBoards) {
      expect(await boardAsOf(h.store, 2025, positions[name]!), name).toEqual(live[2025]);
      expect(await boardAsOf(h.store, 2026, positions[name]!), name).toEqual(live[2026]);
    }
    expect(await boardAsOf(h.store, 2025, await h.store.headPosition())).toEqual(board(h.readModels, 2025));
    expect(board(h.readModels, 2025).find((r) => r.itemId === 'I-001')!.status).toBe('CommitteeReview');
  });

  it('an evaluation as of a position equals its live history at that moment', async () => {
    for (const [name, live] of liveHistories) {
      expect(await evaluationAsOf(h.store, 'I-002', 2025, positions[name]!), name).toEqual(live);
    }
    const early = await evaluationAsOf(h.store, 'I-002', 2025, positions.i001Forwarded!);
    expect(early).toMatchObject({ entries: [], version: null, state: { status: 'NotStarted' } });
  });

  it('finds the position at a time: the last event recorded at or before it', async () => {
    for (const [name, time] of times) expect(await positionAtTime(h.store, time), name).toBe(positions[name]);
    expect(await positionAtTime(h.store, '2000-01-01T00:00:00Z')).toBe(0n);
    expect(await positionAtTime(h.store, '2100-01-01T00:00:00Z')).toBe(await h.store.headPosition());
    await expect(positionAtTime(h.store, 'not a time')).rejects.toThrow(RangeError);
  });
});
