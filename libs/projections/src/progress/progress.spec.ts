import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationStatus } from '@hyoka/domain';
import { startHarness, type Harness } from '../test-support/harness.js';
import { realisticSequence } from '../test-support/sequence.js';
import { board } from '../board/board.queries.js';
import { itemTrend, progress, type ProgressGroup } from './progress.queries.js';

const everything = { readable: () => true };
const cell = (group: ProgressGroup, stage: EvaluationStatus) => group.phases.flatMap((p) => p.stages).find((c) => c.stage === stage)!;
const phase = (group: ProgressGroup, name: string) => group.phases.find((p) => p.phase === name)!;

describe('progress: items per stage and phase, whole plan and per 部', () => {
  let h: Harness;
  beforeAll(async () => {
    h = startHarness();
    await realisticSequence(h.scenario);
    await h.settle();
  });
  afterAll(() => h.close());

  it('counts every item of the year at its stage, those nobody started as 未着手, with the item ids per cell', () => {
    const p = progress(h.readModels, 2025, everything);
    const all = board(h.readModels, 2025);
    expect(p.total.itemCount).toBe(all.length);
    expect(cell(p.total, 'Finalized').itemIds).toEqual(['I-001', 'I-002']);
    expect(cell(p.total, 'Draft').itemIds).toEqual(['I-003', 'I-044']);
    expect(cell(p.total, 'PromotionMeetingReview').itemIds).toEqual(['I-004']);
    expect(cell(p.total, 'NotStarted').itemIds).toHaveLength(all.length - 5);
    expect(cell(p.total, 'NotStarted').stageLabel).toBe('未着手');
    expect(p.total.phases.map((g) => [g.label, g.count])).toEqual([
      ['計画', all.length - 5],
      ['自己評価', 2],
      ['審査', 1],
      ['確定', 2],
    ]);
  });

  it('splits the items by the 部 that owns them, and the 部 add up to the whole', () => {
    const p = progress(h.readModels, 2025, everything);
    expect(p.departments.map((d) => d.departmentId)).toEqual(['general-affairs', 'community-welfare', 'livelihood-support']);
    const general = p.departments[0]!;
    const community = p.departments[1]!;
    expect(general.departmentName).toBe('総務部');
    expect(cell(general, 'Draft').itemIds).toEqual(['I-003']);
    expect(cell(community, 'Draft').itemIds).toEqual(['I-044']);
    expect(p.departments.reduce((n, d) => n + d.itemCount, 0)).toBe(p.total.itemCount);
  });

  it('leaves out the 部 and items the viewer may not read, and narrows to one 部 when asked', () => {
    const own = progress(h.readModels, 2025, { readable: (d) => d === 'community-welfare' });
    expect(own.departments.map((d) => d.departmentId)).toEqual(['community-welfare']);
    expect(own.total.itemCount).toBe(own.departments[0]!.itemCount);
    expect(cell(own.total, 'Finalized').itemIds).toEqual([]);
    const one = progress(h.readModels, 2025, { ...everything, departmentId: 'general-affairs' });
    expect(one.departments.map((d) => d.departmentId)).toEqual(['general-affairs']);
    expect(cell(one.total, 'Draft').itemIds).toEqual(['I-003']);
  });

  it('flags the items waiting past their stage\'s due date as overdue (the calendar hook)', () => {
    const calendar = {
      dueDateOf: (stage: EvaluationStatus) => (stage === 'Draft' ? '2026-01-31' : stage === 'PromotionMeetingReview' ? '2026-03-31' : null),
      overdueDays: (dueDate: string) => (dueDate === '2026-01-31' ? 3 : -10),
    };
    const p = progress(h.readModels, 2025, { ...everything, calendar });
    expect(cell(p.total, 'Draft')).toMatchObject({ dueDate: '2026-01-31', overdueItemIds: ['I-003', 'I-044'] });
    expect(cell(p.total, 'PromotionMeetingReview')).toMatchObject({ dueDate: '2026-03-31', overdueItemIds: [] });
    expect(phase(p.total, 'SelfEvaluation').overdueCount).toBe(2);
    expect(p.total.overdueCount).toBe(2);
    expect(p.departments[1]!.overdueCount).toBe(1);
    expect(progress(h.readModels, 2025, everything).total.overdueCount).toBe(0);
  });

  it('gives an item\'s target and actual in every year of the plan, from the board', () => {
    expect(itemTrend(h.readModels, 'I-002')).toEqual({
      itemId: 'I-002',
      itemName: expect.any(String),
      owningDepartmentId: 'general-affairs',
      years: [
        {
          fiscalYear: 2025,
          status: 'Finalized',
          stageLabel: '確定',
          targetKind: 'quantitative',
          target: '4',
          actual: '4',
          unit: '回',
          direction: 'higherIsBetter',
          achievementPercent: '100.00',
        },
        expect.objectContaining({ fiscalYear: 2026, status: 'NotStarted', target: null, actual: null }),
        expect.objectContaining({ fiscalYear: 2027, status: 'NotStarted', target: null, actual: null }),
      ],
    });
    expect(itemTrend(h.readModels, 'I-044')!.years[0]).toMatchObject({ targetKind: 'qualitative', target: null, actual: null });
    expect(itemTrend(h.readModels, 'NO-SUCH-ITEM')).toBeNull();
  });
});
