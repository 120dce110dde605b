import {
  isStarted,
  describeEvaluation,
  evolveEvaluation,
  initialEvaluationState,
  type EvaluationState,
  type EvaluationSummary,
} from '@hyoka/domain';

/**
 * An evaluation as the board, inbox and grade summary keep it: the domain's state without the lists that only grow
 * (comments and their replies, 意見, editions, the route before its last step), and how long those lists are. What the read models show of
 * an evaluation (stage, grades, target, the last move, an open return, whether it is recallable, the counts) is the
 * same as from the whole state, while a row stays the same size however long the stream grows — so applying an
 * event and reading a row cost the same at the 5th event and at the 5,000th.
 */
export interface CompactEvaluation {
  /** comments, replies, 意見 and editions empty, history holding the last step only */
  state: EvaluationState;
  commentCount: number;
  editionCount: number;
}

export const initialCompactEvaluation = (): CompactEvaluation => ({
  state: initialEvaluationState(),
  commentCount: 0,
  editionCount: 0,
});

/** The domain's evolve on the compact form: the lists the event adds to are counted, then dropped. */
export function evolveCompactEvaluation(
  before: CompactEvaluation,
  event: Parameters<typeof evolveEvaluation>[1],
): CompactEvaluation {
  const next = evolveEvaluation(before.state, event);
  return compactAfter(before, next);
}

/** The compact form of `next`, the state evolved from `before.state` by one event. */
export function compactAfter(before: CompactEvaluation, next: EvaluationState): CompactEvaluation {
  if (!isStarted(next)) return { state: next, commentCount: 0, editionCount: 0 };
  return {
    state: { ...next, comments: [], replies: [], opinions: [], editions: [], history: next.history.slice(-1) },
    commentCount: before.commentCount + next.comments.length,
    editionCount: before.editionCount + next.editions.length,
  };
}

/** The compact form of a whole state (for tests and for states folded elsewhere). */
export const compactEvaluation = (state: EvaluationState): CompactEvaluation => compactAfter(initialCompactEvaluation(), state);

/** describeEvaluation of the whole state, from the compact form. */
export function describeCompactEvaluation(evaluation: CompactEvaluation): EvaluationSummary {
  return {
    ...describeEvaluation(evaluation.state),
    commentCount: evaluation.commentCount,
    editionCount: evaluation.editionCount,
  };
}
