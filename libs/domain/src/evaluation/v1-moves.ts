import type { RouteStage } from './route.js';

/**
 * The one move each moving event could make before it named its move (schema v1, the route as it stood until
 * 2026-12). This is history for the upcasters: it must never follow a later change of `ROUTE`.
 */
export const V1_MOVES = {
  EvaluationSubmitted: { from: 'Draft', to: 'PromotionMeetingReview' },
  EvaluationApproved: { from: 'PromotionMeetingReview', to: 'ManagersMeetingReview' },
  EvaluationForwardedToCommittee: { from: 'ManagersMeetingReview', to: 'CommitteeReview' },
  EvaluationFinalized: { from: 'CommitteeReview', to: 'Finalized' },
  EvaluationReopened: { from: 'Finalized', to: 'CommitteeReview' },
} as const satisfies Record<string, { from: RouteStage; to: RouteStage }>;
