import { describe, expect, it } from 'vitest';
import { progressFixture } from '../testing/progress-fixture.js';
import { cellOf, drilldownItems, phaseSpans, progressRows, stageColumns } from './progress.js';

describe('progress: the rows, columns and drill-downs of the progress view', () => {
  const progress = progressFixture();

  it('puts the whole plan first, then each 部', () => {
    expect(progressRows(progress).map((r) => r.departmentId)).toEqual([null, 'general-affairs', 'community-welfare']);
  });

  it('lists the stages in route order under their phases', () => {
    expect(stageColumns(progress).map((c) => `${c.phase}:${c.stage}`)).toEqual([
      'Plan:NotStarted',
      'Plan:PlanDraft',
      'Plan:PlanReview',
      'Plan:PlanChangeReview',
      'SelfEvaluation:Draft',
      'Review:PromotionMeetingReview',
      'Review:ManagersMeetingReview',
      'Review:CommitteeReview',
      'Final:Finalized',
    ]);
    expect(phaseSpans(progress)).toEqual([
      { phase: 'Plan', span: 4 },
      { phase: 'SelfEvaluation', span: 1 },
      { phase: 'Review', span: 3 },
      { phase: 'Final', span: 1 },
    ]);
  });

  it('drills down to the items of one 部 at one stage, overdue ones marked', () => {
    expect(cellOf(progress.total, 'Draft')?.count).toBe(2);
    expect(drilldownItems(progress, { departmentId: 'general-affairs', stage: 'Draft' })).toEqual([
      expect.objectContaining({ itemId: 'I-003', overdue: true }),
    ]);
    expect(drilldownItems(progress, { departmentId: null, stage: 'Draft' }).map((i) => i.itemId)).toEqual(['I-003', 'I-044']);
    expect(drilldownItems(progress, { departmentId: 'no-such', stage: 'Draft' })).toEqual([]);
  });
});
