import type {
  EvaluationContent,
  EvaluationEvent,
  EvaluationState,
  EvaluationVersion,
  RouteAction,
  RouteStage,
  RouteStep,
  StartedEvaluation,
} from './types.js';

export const initialEvaluationState = (): EvaluationState => ({ status: 'NotStarted' });

/** The content a version captures. */
export function contentOf(state: StartedEvaluation): EvaluationContent {
  return {
    target: state.target,
    selfEvaluation: state.selfEvaluation,
    proposed: state.proposed ? { grade: state.proposed.grade, reason: state.proposed.reason } : null,
    final: state.final ? { grade: state.final.grade, rationale: state.final.rationale, reason: state.final.reason } : null,
  };
}

type Move = { action: RouteAction; to: RouteStage; by: string; actingAs: string; at: string; reason?: string | null; batchId?: string | null };

/** Moves along the route: records the step; grades decided at later stages do not survive a move back before them. */
function move(state: StartedEvaluation, { action, to, by, actingAs, at, reason = null, batchId = null }: Move): StartedEvaluation {
  const step: RouteStep = { action, from: state.status, to, by, actingAs, at, reason, batchId };
  return {
    ...state,
    status: to,
    proposed: to === 'Draft' || to === 'PromotionMeetingReview' ? null : state.proposed,
    final: to === 'Finalized' ? state.final : null,
    history: [...state.history, step],
    enteredVia: action,
  } as StartedEvaluation;
}

function withVersion(state: StartedEvaluation, kind: EvaluationVersion['kind'], version: number, by: string, at: string): StartedEvaluation {
  return { ...state, versions: [...state.versions, { version, kind, by, at, content: contentOf(state) }] };
}

/** evolve for one evaluation: pure, accepts plain or recorded events; unknown event types leave the state as it is. */
export function evolveEvaluation(state: EvaluationState, event: EvaluationEvent | { type: string; data: unknown }): EvaluationState {
  const e = event as EvaluationEvent;
  if (state.status === 'NotStarted') {
    if (e.type === 'AnnualTargetSet') {
      return {
        status: 'Draft',
        itemId: e.data.itemId,
        fiscalYear: e.data.fiscalYear,
        target: e.data.target,
        selfEvaluation: null,
        proposed: null,
        final: null,
        comments: [],
        versions: [],
        history: [],
        enteredVia: 'TargetSet',
      };
    }
    if (isEvaluationEventType(e.type)) throw new Error(`evaluation stream starts with ${e.type}; expected AnnualTargetSet`);
    return state;
  }
  const s: StartedEvaluation = state;
  switch (e.type) {
    case 'AnnualTargetSet':
      return { ...s, target: e.data.target } as StartedEvaluation;
    case 'SelfEvaluationSaved':
      return { ...s, selfEvaluation: e.data.selfEvaluation } as StartedEvaluation;
    case 'EvaluationSubmitted': {
      const moved = move(s, { action: 'Submitted', to: 'PromotionMeetingReview', ...e.data });
      return withVersion(moved, 'submission', e.data.version, e.data.by, e.data.at);
    }
    case 'EvaluationRecalled':
      return move(s, { action: 'Recalled', ...e.data });
    case 'EvaluationCommented': {
      const { stage, text, by, actingAs, at } = e.data;
      return { ...s, comments: [...s.comments, { number: s.comments.length + 1, stage, text, by, actingAs, at }] };
    }
    case 'EvaluationApproved':
      return move(s, { action: 'Approved', ...e.data });
    case 'EvaluationReturned':
      return move(s, { action: 'Returned', ...e.data });
    case 'EvaluationForwardedToCommittee': {
      const { proposedGrade, reason, by, at } = e.data;
      const moved = move({ ...s, proposed: { grade: proposedGrade, reason, by, at } }, { action: 'ForwardedToCommittee', to: 'CommitteeReview', ...e.data });
      return withVersion(moved, 'proposal', e.data.version, by, at);
    }
    case 'EvaluationFinalized': {
      const { overallGrade, rationale, reason, by, at } = e.data;
      const moved = move({ ...s, final: { grade: overallGrade, rationale, reason, by, at } }, { action: 'Finalized', to: 'Finalized', ...e.data });
      return withVersion(moved, 'decision', e.data.version, by, at);
    }
    case 'EvaluationReopened':
      return move(s, { action: 'Reopened', to: 'CommitteeReview', ...e.data });
    default:
      return s;
  }
}

const EVENT_TYPES = new Set<string>([
  'AnnualTargetSet',
  'SelfEvaluationSaved',
  'EvaluationSubmitted',
  'EvaluationRecalled',
  'EvaluationCommented',
  'EvaluationApproved',
  'EvaluationReturned',
  'EvaluationForwardedToCommittee',
  'EvaluationFinalized',
  'EvaluationReopened',
]);
export const isEvaluationEventType = (type: string): type is EvaluationEvent['type'] => EVENT_TYPES.has(type);

/** Folds events (plain or recorded) into the state. */
export const foldEvaluation = (events: readonly { type: string; data: unknown }[]): EvaluationState =>
  events.reduce<EvaluationState>(evolveEvaluation, initialEvaluationState());
