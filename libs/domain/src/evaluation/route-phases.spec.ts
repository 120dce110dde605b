import { describe, expect, it } from 'vitest';
import { EVALUATION_STATUSES, ROUTE, ROUTE_PHASES, STAGE_PHASES, routePhases, type RouteRowOf } from './route.js';

const row = (stage: string, forwardTo: string | null, edits: string[] = []): RouteRowOf =>
  ({
    stage,
    label: stage,
    actor: null,
    edits,
    forward: forwardTo === null ? null : { command: 'X', event: 'Y', action: null, to: forwardTo, decides: null },
    returns: [],
    recall: null,
    reopen: null,
    comment: [],
  }) as unknown as RouteRowOf;

describe('STAGE_PHASES: 計画 / 自己評価 / 審査 / 確定, read off the route table', () => {
  it('puts every stage of the route in one phase, in route order from 計画 to 確定', () => {
    for (const stage of EVALUATION_STATUSES) expect(ROUTE_PHASES).toContain(STAGE_PHASES[stage]);
    expect(STAGE_PHASES.NotStarted).toBe('Plan');
    expect(STAGE_PHASES.Draft).toBe('SelfEvaluation');
    expect(STAGE_PHASES.PromotionMeetingReview).toBe('Review');
    expect(STAGE_PHASES.ManagersMeetingReview).toBe('Review');
    expect(STAGE_PHASES.CommitteeReview).toBe('Review');
    expect(STAGE_PHASES.Finalized).toBe('Final');
    expect(ROUTE.length).toBe(EVALUATION_STATUSES.length);
  });

  it('counts the 単年度計画 stages, a plan change after the self-evaluation stage included, as 計画', () => {
    const table = [
      row('NotStarted', 'PlanDraft'),
      row('PlanDraft', 'PlanReview', ['SaveAnnualPlan']),
      row('PlanReview', 'Draft'),
      row('Draft', 'PromotionMeetingReview', ['SaveSelfEvaluation']),
      row('PlanChangeReview', 'Draft'),
      row('PromotionMeetingReview', 'Finalized'),
      row('Finalized', null),
    ];
    expect(routePhases(table)).toEqual({
      NotStarted: 'Plan',
      PlanDraft: 'Plan',
      PlanReview: 'Plan',
      Draft: 'SelfEvaluation',
      PlanChangeReview: 'Plan',
      PromotionMeetingReview: 'Review',
      Finalized: 'Final',
    });
  });
});
