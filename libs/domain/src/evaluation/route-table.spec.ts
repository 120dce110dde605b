import { describe, expect, it } from 'vitest';
import { ForbiddenError, IllegalTransitionError } from '../shared/errors.js';
import type { Actor } from '../shared/roles.js';
import { specFor } from '../testing/spec.js';
import { evaluationContext as plainContext, testActors, testCommitteeSession } from '../testing/fixtures.js';
import { testEventsFor } from '../testing/events.js';
import { DESIGN_ROUTE_TABLE, sampleCommand, type TestActorName } from '../testing/route-table.js';
import { decideEvaluation } from './decide.js';
import { evolveEvaluation, initialEvaluationState } from './evolve.js';
import { EVALUATION_COMMAND_TYPES, EVALUATION_STATUSES, type EvaluationCommand, type EvaluationContext, type EvaluationEvent, type EvaluationState } from './types.js';

const spec = specFor<EvaluationCommand, EvaluationState, EvaluationEvent, EvaluationContext>({
  decide: decideEvaluation,
  evolve: evolveEvaluation,
  initialState: initialEvaluationState,
});
// the committee decides in its session: every cell runs with the open committee session at hand
const evaluationContext = (actor: Actor) => plainContext(actor, { session: testCommitteeSession() });
const actors = Object.entries(testActors) as [TestActorName, Actor][];

/** What each command moves the evaluation to (null: stays). */
const NEXT_STATUS: Record<EvaluationCommand['type'], (from: string) => string | null> = {
  SaveAnnualPlan: () => 'PlanDraft',
  SubmitAnnualPlan: () => 'PlanReview',
  ApproveAnnualPlan: () => 'Draft',
  ChangeAnnualPlan: () => 'PlanChangeReview',
  SaveSelfEvaluation: () => null,
  SubmitEvaluation: () => 'PromotionMeetingReview',
  RecallEvaluation: (from) =>
    ({ PlanReview: 'PlanDraft', PlanChangeReview: 'Draft', PromotionMeetingReview: 'Draft', ManagersMeetingReview: 'PromotionMeetingReview', CommitteeReview: 'ManagersMeetingReview' })[from] ?? null,
  CommentOnEvaluation: () => null,
  AddOpinion: () => null,
  ReplyToComment: () => null,
  ApproveEvaluation: () => 'ManagersMeetingReview',
  ReturnEvaluation: (from) => (from === 'CommitteeReview' ? 'ManagersMeetingReview' : from === 'PlanReview' ? 'PlanDraft' : 'Draft'),
  ForwardToCommittee: () => 'CommitteeReview',
  FinalizeEvaluation: () => 'Finalized',
  ReopenEvaluation: () => 'CommitteeReview',
  RecordHearing: () => null,
  AttachEvidence: () => null,
  RemoveEvidence: () => null,
};

// Every cell of the route table of docs/design.md through decide: given the events of a stage, when a person issues a command,
// then the transition's events, or the refusal (wrong stage → IllegalTransitionError, wrong role or 部 → ForbiddenError).
describe.each(EVALUATION_STATUSES)('route table at %s', (status) => {
  const cases = EVALUATION_COMMAND_TYPES.flatMap((command) => actors.map(([name, actor]) => ({ command, name, actor })));

  it.each(cases)('$command by $name', ({ command, name, actor }) => {
    const events = testEventsFor(command, status);
    const then = spec.given(events).when(sampleCommand(command, status), evaluationContext(actor));
    const table = DESIGN_ROUTE_TABLE[command];
    if (table[status]?.includes(name)) {
      const produced = decideEvaluation(sampleCommand(command, status), events.reduce(evolveEvaluation, initialEvaluationState()), evaluationContext(actor));
      expect(produced.length).toBeGreaterThan(0);
      expect(produced.every((event) => event.data.by === actor.userId)).toBe(true);
      const after = then.then(produced);
      expect(after.status).toBe(NEXT_STATUS[command](status) ?? status);
    } else if (Object.values(table).some((names) => names.includes(name))) {
      then.thenThrows(IllegalTransitionError);
    } else {
      then.thenThrows(ForbiddenError);
    }
  });
});
