import {
  authorize,
  describeEvaluation,
  EVALUATION_COMMAND_TYPES,
  evolveEvaluation,
  foldEvaluation,
  gradesOf,
  initialEvaluationState,
  upcast,
  type Actor,
  type EvaluationItem,
} from '@hyoka/domain';
import { describe, expect, it } from 'vitest';
import { parseEvaluationStream } from '../streams.js';
import { InMemoryEventStore } from '../test-support/in-memory-event-store.js';
import { randomLog } from '../test-support/random-log.js';
import { people, Scenario } from '../test-support/scenario.js';
import {
  compactEvaluation,
  describeCompactEvaluation,
  evolveCompactEvaluation,
  initialCompactEvaluation,
  type CompactEvaluation,
} from './compact-evaluation.js';

describe('the compact evaluation the board, inbox and grade summary keep', () => {
  it('reads the same as the whole state after every event of every stream of a random log (3 seeds)', async () => {
    let checked = 0;
    const statuses = new Set<string>();
    for (const seed of [1, 2, 3]) {
      const store = new InMemoryEventStore();
      const scenario = new Scenario(store);
      store.now = () => scenario.now();
      await randomLog(scenario, { seed, commands: 220 });
      const full = new Map<string, ReturnType<typeof initialEvaluationState>>();
      const compact = new Map<string, CompactEvaluation>();
      for (const recorded of store.events) {
        const evaluation = parseEvaluationStream(recorded.stream);
        if (!evaluation) continue;
        const event = upcast(recorded);
        const state = evolveEvaluation(full.get(recorded.stream) ?? initialEvaluationState(), event);
        const small = evolveCompactEvaluation(compact.get(recorded.stream) ?? initialCompactEvaluation(), event);
        full.set(recorded.stream, state);
        compact.set(recorded.stream, small);
        statuses.add(state.status);

        expect(describeCompactEvaluation(small)).toEqual(describeEvaluation(state));
        expect(gradesOf(small.state)).toEqual(gradesOf(state));
        expect(small).toEqual(compactEvaluation(state));
        // what the inbox asks of the state: may this person take this step now
        const item: EvaluationItem = {
          id: evaluation.itemId,
          divisionId: 'division-general-affairs',
          owningDepartmentId: 'general-affairs',
          promotionMeetingId: 'meeting-general-affairs',
          plannedStage: '実施',
        };
        for (const person of Object.values(people)) {
          const actor: Actor = { userId: person.userId, roles: person.roles };
          for (const type of EVALUATION_COMMAND_TYPES) {
            expect(authorize(actor, type, small.state, item)).toEqual(authorize(actor, type, state, item));
          }
        }
        checked++;
      }
      // the domain's fold (which appends in place) makes the same states as evolving event by event
      for (const [stream, state] of full) {
        const events = store.events.filter((e) => e.stream === stream).map(upcast);
        expect(foldEvaluation(events)).toEqual(state);
        expect(foldEvaluation(events.slice(0, -1))).toEqual(events.slice(0, -1).reduce(evolveEvaluation, initialEvaluationState()));
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect([...statuses].sort()).toEqual(
      ['CommitteeReview', 'Draft', 'Finalized', 'ManagersMeetingReview', 'PlanChangeReview', 'PlanDraft', 'PlanReview', 'PromotionMeetingReview'].sort(),
    );
  }, 60_000);

  it('stays the same size however many comments the stream holds', () => {
    const base = { itemId: 'I-001', fiscalYear: 2025, by: 'u-staff', actingAs: 'PersonInCharge', at: '2025-05-01T00:00:00.000Z' };
    let state = evolveEvaluation(initialEvaluationState(), {
      type: 'AnnualTargetSet',
      data: { ...base, target: { kind: 'qualitative' } },
    });
    let small = compactEvaluation(state);
    const sizeAfterTarget = JSON.stringify(small).length;
    for (let n = 0; n < 500; n++) {
      const comment = { type: 'EvaluationCommented', data: { ...base, stage: 'Draft', text: `コメント${n}`.repeat(20) } };
      state = evolveEvaluation(state, comment);
      small = evolveCompactEvaluation(small, comment);
    }
    expect(small.commentCount).toBe(500);
    expect(describeCompactEvaluation(small).commentCount).toBe(500);
    expect(JSON.stringify(small).length).toBeLessThan(sizeAfterTarget + 10);
    expect(JSON.stringify(state).length).toBeGreaterThan(100 * sizeAfterTarget);
  });
});
