import type { RouteAction, RouteStage } from './types.js';

/** DESIGN.md "The route": where each stage may be returned to (差し戻し). */
export const RETURN_TARGETS: Readonly<Partial<Record<RouteStage, readonly RouteStage[]>>> = {
  PromotionMeetingReview: ['Draft'],
  ManagersMeetingReview: ['PromotionMeetingReview', 'Draft'],
  CommitteeReview: ['ManagersMeetingReview'],
};

/**
 * 引き戻し: the stage that sent the work forward may pull it back while the receiving stage has not acted.
 * `via` is the forward move that must have brought the evaluation to its current stage; once the receiving
 * stage approves, forwards, finalises or returns, the evaluation has left (or re-entered) the stage and recall
 * is no longer possible. Comments do not count as acting.
 */
export const RECALLS: Readonly<Partial<Record<RouteStage, { to: RouteStage; via: RouteAction }>>> = {
  PromotionMeetingReview: { to: 'Draft', via: 'Submitted' },
  ManagersMeetingReview: { to: 'PromotionMeetingReview', via: 'Approved' },
  CommitteeReview: { to: 'ManagersMeetingReview', via: 'ForwardedToCommittee' },
};
