import { GRADE_LABELS, STAGE_LABELS } from '../shared/labels.js';
import type { Grade } from '../shared/grading.js';
import { gradesOf } from './grades.js';
import { RECALLS } from './route.js';
import type { AnnualTarget, CommentReply, EvaluationComment, EvaluationState, EvaluationStatus, RouteStep } from './types.js';

export type GradeView = { grade: Grade; label: string } | null;

/** A flat, JSON-friendly read of an evaluation for projections and the API (board rows, detail headers). */
export type EvaluationSummary = {
  status: EvaluationStatus;
  stageLabel: string;
  itemId: string | null;
  fiscalYear: number | null;
  /** the approved plan's target (what the self-evaluation is judged against) */
  target: AnnualTarget | null;
  /** 計画第n版 of the approved plan (0: a legacy target; null before approval) */
  planEdition: number | null;
  /** a proposed plan change awaits approval (計画変更承認待ち) or a plan is being drafted */
  planPending: boolean;
  /** the plan edition whose target the self-evaluation's grade used */
  gradedPlanEdition: number | null;
  actual: string | null;
  achievementPercent: string | null;
  quantitativeGrade: GradeView;
  qualitativeGrade: GradeView;
  /** self / 案 / final side by side */
  selfGrade: GradeView;
  proposedGrade: GradeView;
  proposedReason: string | null;
  finalGrade: GradeView;
  finalRationale: string | null;
  finalReason: string | null;
  plannedStage: string | null;
  actualStage: string | null;
  stageLag: boolean;
  editionCount: number;
  commentCount: number;
  /** the last move along the route (submit, approve, return…) */
  lastStep: RouteStep | null;
  /** the last return, with its reason, while the evaluation has not moved forward since */
  openReturn: RouteStep | null;
  /** true when the stage that sent the evaluation here may still recall it */
  recallable: boolean;
};

const view = (grade: Grade | null | undefined): GradeView => (grade ? { grade, label: GRADE_LABELS[grade] } : null);

export function describeEvaluation(state: EvaluationState): EvaluationSummary {
  if (state.status === 'NotStarted') {
    return {
      status: 'NotStarted',
      stageLabel: STAGE_LABELS.NotStarted,
      itemId: null,
      fiscalYear: null,
      target: null,
      planEdition: null,
      planPending: false,
      gradedPlanEdition: null,
      actual: null,
      achievementPercent: null,
      quantitativeGrade: null,
      qualitativeGrade: null,
      selfGrade: null,
      proposedGrade: null,
      proposedReason: null,
      finalGrade: null,
      finalRationale: null,
      finalReason: null,
      plannedStage: null,
      actualStage: null,
      stageLag: false,
      editionCount: 0,
      commentCount: 0,
      lastStep: null,
      openReturn: null,
      recallable: false,
    };
  }
  const grades = gradesOf(state);
  const self = state.selfEvaluation;
  const lastStep = state.history.at(-1) ?? null;
  return {
    status: state.status,
    stageLabel: STAGE_LABELS[state.status],
    itemId: state.itemId,
    fiscalYear: state.fiscalYear,
    target: state.plan?.target ?? null,
    planEdition: state.plan?.planEdition ?? null,
    planPending: state.planDraft !== null,
    gradedPlanEdition: self?.planEdition ?? null,
    actual: self?.actual ?? null,
    achievementPercent: self?.achievementPercent ?? null,
    quantitativeGrade: view(self?.quantitativeGrade),
    qualitativeGrade: view(self?.qualitativeGrade),
    selfGrade: view(grades.self),
    proposedGrade: view(grades.proposed),
    proposedReason: state.proposed?.reason ?? null,
    finalGrade: view(grades.final),
    finalRationale: state.final?.rationale ?? null,
    finalReason: state.final?.reason ?? null,
    plannedStage: self?.plannedStage ?? null,
    actualStage: self?.actualStage ?? null,
    stageLag: self?.stageLag ?? false,
    editionCount: state.editions.length,
    commentCount: state.comments.length,
    lastStep,
    openReturn: lastStep?.action === 'Returned' ? lastStep : null,
    recallable: RECALLS[state.status]?.via === state.enteredVia,
  };
}

/** A reviewer's comment with the answers to it, in the order given. */
export type CommentThread = { comment: EvaluationComment; replies: CommentReply[] };

/** The comments as threads (each with its replies), oldest first. */
export function commentThreads(state: EvaluationState): CommentThread[] {
  if (state.status === 'NotStarted') return [];
  const replies = state.replies ?? [];
  return state.comments.map((comment) => ({ comment, replies: replies.filter((r) => r.commentNumber === comment.number) }));
}
