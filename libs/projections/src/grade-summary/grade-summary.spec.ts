import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../test-support/harness.js';
import { realisticSequence } from '../test-support/sequence.js';
import { gradeSummary } from './grade-summary.queries.js';

const counts = (A = 0, B = 0, C = 0, D = 0) => ({ A, B, C, D });

describe('the per-部門 grade summary', () => {
  let h: Harness;
  beforeAll(async () => {
    h = startHarness();
    await realisticSequence(h.scenario);
    await h.settle();
  });
  afterAll(() => h.close());

  it('counts final and self grades per 部門 and fiscal year, with every 部門 × plan year listed', () => {
    const rows = gradeSummary(h.readModels);
    expect(rows.map((r) => [r.divisionId, r.fiscalYear])).toEqual(
      ['corporate-management', 'facility-care', 'community-welfare', 'livelihood-support'].flatMap((d) =>
        [2025, 2026, 2027].map((y) => [d, y]),
      ),
    );
    expect(rows[0]).toEqual({
      divisionId: 'corporate-management',
      divisionName: '法人経営部門',
      fiscalYear: 2025,
      evaluations: 4,
      finalized: 2,
      final: counts(1, 1),
      // I-001 A, I-002 A (corrected), I-003 D, I-004 A (5 of 4)
      self: counts(3, 0, 0, 1),
    });
    expect(rows.find((r) => r.divisionId === 'community-welfare' && r.fiscalYear === 2025)).toMatchObject({
      evaluations: 1,
      finalized: 0,
      final: counts(),
      self: counts(0, 0, 1),
    });
    expect(rows.filter((r) => r.fiscalYear !== 2025).every((r) => r.evaluations === 0)).toBe(true);
  });

  it('takes a final grade back out when the committee reopens the evaluation', async () => {
    await h.scenario.act('committee', 'I-002', 2025, { type: 'ReopenEvaluation', data: { reason: '聞き取りの追加' } });
    await h.settle();
    expect(gradeSummary(h.readModels)[0]).toMatchObject({ finalized: 1, final: counts(1) });
  });
});
