import { stageDeciding, stageIndex } from './route.js';
import { noEvidence } from './types.js';
import type {
  AnnualTarget,
  ApprovedPlan,
  EvaluationContent,
  EvaluationEvent,
  EvaluationState,
  EvaluationEdition,
  RouteAction,
  RouteStage,
  RouteStep,
  SessionRecord,
  StartedEvaluation,
} from './types.js';

export const initialEvaluationState = (): EvaluationState => ({ status: 'NotStarted' });

/** The content an edition captures. */
export function contentOf(state: StartedEvaluation): EvaluationContent {
  return {
    target: state.plan?.target ?? null,
    selfEvaluation: state.selfEvaluation,
    proposed: state.proposed ? { grade: state.proposed.grade, reason: state.proposed.reason } : null,
    final: state.final ? { grade: state.final.grade, rationale: state.final.rationale, reason: state.final.reason } : null,
  };
}

/** How evolve adds to the lists that only grow (comments, editions, route): a copy, or in place inside a fold. */
type Append = <T>(list: readonly T[], item: T) => T[];
const copyAppend: Append = (list, item) => [...list, item];
const appendInPlace: Append = (list, item) => {
  (list as unknown[]).push(item);
  return list as never;
};

type Move = { action: RouteAction; to: RouteStage; by: string; actingAs: string; at: string; reason?: string | null; batchId?: string | null; meeting?: SessionRecord };

// A grade survives a move only while the evaluation stays past the stage that decided it.
const PROPOSED_AT = stageIndex(stageDeciding('proposed'));
const FINAL_AT = stageIndex(stageDeciding('final'));
/** The stages a plan draft or proposed change lives in; any other stage entered (a change returned or recalled) drops it. */
const PLAN_DRAFT_STAGES: readonly string[] = ['PlanDraft', 'PlanReview', 'PlanChangeReview'];

/**
 * Moves along the route to the stage the event names (never a target of today's table: replay reads the log as it
 * was written); records the step; grades decided at later stages do not survive a move back before them.
 */
function move(
  state: StartedEvaluation,
  { action, to, by, actingAs, at, reason = null, batchId = null, meeting }: Move,
  append: Append,
): StartedEvaluation {
  const step: RouteStep = { action, from: state.status, to, by, actingAs, at, reason, batchId, ...(meeting ? { meeting } : {}) };
  return {
    ...state,
    status: to,
    proposed: stageIndex(to) > PROPOSED_AT ? state.proposed : null,
    final: stageIndex(to) > FINAL_AT ? state.final : null,
    planDraft: PLAN_DRAFT_STAGES.includes(to) ? state.planDraft : null,
    history: append(state.history, step),
    enteredVia: action,
  } as StartedEvaluation;
}

function withEdition(
  state: StartedEvaluation,
  kind: EvaluationEdition['kind'],
  edition: number,
  by: string,
  at: string,
  append: Append,
): StartedEvaluation {
  return { ...state, editions: append(state.editions, { edition, kind, by, at, content: contentOf(state) }) };
}

/** A target set before plans were approved (AnnualTargetSet): edition 0, no approver. */
const legacyPlan = (target: AnnualTarget): ApprovedPlan => ({
  target,
  actions: null,
  planEdition: 0,
  approvedBy: null,
  approvedAt: null,
  reason: null,
  legacy: true,
});

type AnyEvent = EvaluationEvent | { type: string; data: unknown };

/** evolve for one evaluation: pure, accepts plain or recorded events; unknown event types leave the state as it is. */
export function evolveEvaluation(state: EvaluationState, event: AnyEvent): EvaluationState {
  return evolveWith(state, event, copyAppend);
}

function evolveWith(state: EvaluationState, event: AnyEvent, append: Append): EvaluationState {
  const e = event as EvaluationEvent;
  if (state.status === 'NotStarted') {
    if (e.type === 'AnnualPlanSaved' || e.type === 'AnnualTargetSet') {
      const { itemId, fiscalYear, by, at } = e.data;
      const started = {
        itemId,
        fiscalYear,
        plan: null,
        planDraft: null,
        planHistory: [] as ApprovedPlan[],
        selfEvaluation: null,
        proposed: null,
        final: null,
        comments: [],
        replies: [],
        opinions: [],
        hearings: [],
        editions: [],
        history: [],
        evidence: noEvidence(),
        enteredVia: 'Started' as const,
      };
      if (e.type === 'AnnualPlanSaved') return { ...started, status: 'PlanDraft', planDraft: { ...e.data.plan, reason: null, by, at } };
      const plan = legacyPlan(e.data.target);
      return { ...started, status: 'Draft', plan, planHistory: [plan] };
    }
    if (isEvaluationEventType(e.type)) throw new Error(`evaluation stream starts with ${e.type}; expected AnnualPlanSaved or AnnualTargetSet`);
    return state;
  }
  const s: StartedEvaluation = state;
  switch (e.type) {
    case 'AnnualTargetSet': {
      // old streams changed the target in place while in 作成中: the legacy plan follows
      const plan = legacyPlan(e.data.target);
      return { ...s, plan, planHistory: [...s.planHistory.filter((p) => !p.legacy), plan] } as StartedEvaluation;
    }
    case 'AnnualPlanSaved':
      return { ...s, planDraft: { ...e.data.plan, reason: null, by: e.data.by, at: e.data.at } } as StartedEvaluation;
    case 'AnnualPlanSubmitted':
      return move(s, { action: 'PlanSubmitted', ...e.data }, append);
    case 'AnnualPlanChangeRequested': {
      const { plan, reason, by, at } = e.data;
      return move({ ...s, planDraft: { ...plan, reason, by, at } }, { action: 'PlanChangeRequested', ...e.data }, append);
    }
    case 'AnnualPlanApproved': {
      const { planEdition, by, at } = e.data;
      const draft = s.planDraft!;
      const plan: ApprovedPlan = { target: draft.target, actions: draft.actions, planEdition, approvedBy: by, approvedAt: at, reason: draft.reason, legacy: false };
      return move({ ...s, plan, planDraft: null, planHistory: append(s.planHistory, plan) } as StartedEvaluation, { action: 'PlanApproved', ...e.data }, append);
    }
    case 'SelfEvaluationSaved':
      return { ...s, selfEvaluation: e.data.selfEvaluation } as StartedEvaluation;
    case 'EvaluationSubmitted': {
      const moved = move(s, { action: 'Submitted', ...e.data }, append);
      return withEdition(moved, 'submission', e.data.edition, e.data.by, e.data.at, append);
    }
    case 'EvaluationRecalled':
      return move(s, { action: 'Recalled', ...e.data }, append);
    case 'EvaluationCommented': {
      const { stage, text, by, actingAs, at } = e.data;
      return { ...s, comments: append(s.comments, { number: s.comments.length + 1, stage, text, by, actingAs, at }) };
    }
    case 'OpinionAdded': {
      const { stage, text, by, actingAs, at } = e.data;
      const opinions = s.opinions ?? [];
      return { ...s, opinions: append(opinions, { number: opinions.length + 1, stage, text, by, actingAs, at }) };
    }
    case 'CommentReplied': {
      const { commentNumber, text, by, actingAs, at } = e.data;
      return { ...s, replies: append(s.replies ?? [], { commentNumber, text, by, actingAs, at }) };
    }
    case 'EvaluationApproved':
      return move(s, { action: 'Approved', ...e.data }, append);
    case 'EvaluationReturned':
      return move(s, { action: 'Returned', ...e.data }, append);
    case 'EvaluationForwardedToCommittee': {
      const { proposedGrade, reason, by, at } = e.data;
      const moved = move(
        { ...s, proposed: { grade: proposedGrade, reason, by, at } },
        { action: 'ForwardedToCommittee', ...e.data },
        append,
      );
      return withEdition(moved, 'proposal', e.data.edition, by, at, append);
    }
    case 'EvaluationFinalized': {
      const { overallGrade, rationale, reason, by, at } = e.data;
      const moved = move(
        { ...s, final: { grade: overallGrade, rationale, reason, by, at } },
        { action: 'Finalized', ...e.data },
        append,
      );
      return withEdition(moved, 'decision', e.data.edition, by, at, append);
    }
    case 'EvaluationReopened':
      return move(s, { action: 'Reopened', ...e.data }, append);
    case 'HearingRecorded': {
      const { departmentId, people, heardOn, summary, meetingId, by, actingAs, at } = e.data;
      const hearings = s.hearings ?? [];
      return { ...s, hearings: append(hearings, { number: hearings.length + 1, departmentId, people: [...people], heardOn, summary, meetingId, by, actingAs, at }) };
    }
    case 'EvidenceAttached': {
      const { phase, fileId, name, mediaType, size, by, at } = e.data;
      // a state stored before evidence existed (a read model's row) has no lists yet
      const evidence = s.evidence ?? noEvidence();
      return { ...s, evidence: { ...evidence, [phase]: [...evidence[phase], { fileId, name, mediaType, size, by, at }] } };
    }
    case 'EvidenceRemoved': {
      const evidence = s.evidence ?? noEvidence();
      const { phase, fileId } = e.data;
      return { ...s, evidence: { ...evidence, [phase]: evidence[phase].filter((f) => f.fileId !== fileId) } };
    }
    default:
      return s;
  }
}

const EVENT_TYPES = new Set<string>([
  'AnnualTargetSet',
  'AnnualPlanSaved',
  'AnnualPlanSubmitted',
  'AnnualPlanApproved',
  'AnnualPlanChangeRequested',
  'SelfEvaluationSaved',
  'EvaluationSubmitted',
  'EvaluationRecalled',
  'EvaluationCommented',
  'OpinionAdded',
  'CommentReplied',
  'EvaluationApproved',
  'EvaluationReturned',
  'EvaluationForwardedToCommittee',
  'EvaluationFinalized',
  'EvaluationReopened',
  'HearingRecorded',
  'EvidenceAttached',
  'EvidenceRemoved',
]);
export const isEvaluationEventType = (type: string): type is EvaluationEvent['type'] => EVENT_TYPES.has(type);

/**
 * Folds events (plain or recorded) into the state: the same state as `events.reduce(evolveEvaluation, initial)` (a spec
 * checks it), but the lists that only grow are appended in place. The fold made every intermediate state and hands
 * out only the last, so nobody else holds those lists; evolve copies them at every event, which would make a fold
 * quadratic in the stream's length (a stream of 4,000 comments: 15 ms instead of well under 1 ms).
 */
export function foldEvaluation(events: readonly { type: string; data: unknown }[]): EvaluationState {
  let state = initialEvaluationState();
  for (const event of events) state = evolveWith(state, event, appendInPlace);
  return state;
}
