import {
  evolveAssignment,
  foldAssignment,
  type AssignmentState,
  evolveCatalogue,
  evolveEvaluation,
  evolveFiscalYear,
  evolveUser,
  foldCatalogue,
  foldEvaluation,
  foldFiscalYear,
  foldUser,
  type CatalogueState,
  type EvaluationState,
  type FiscalYearState,
  type UserState,
  evolveMeeting,
  foldMeeting,
  type MeetingState,
} from '@hyoka/domain';

/** An event as decide returns it, or as the store recorded it. */
export type StreamEvent = { readonly type: string; readonly data: unknown };

/** How one kind of stream folds into its state: the domain's fold (of events upcast already) and its evolve. */
export interface StreamFold<State> {
  fold(events: readonly StreamEvent[]): State;
  evolve(state: State, event: StreamEvent): State;
}

export const evaluationFold: StreamFold<EvaluationState> = { fold: foldEvaluation, evolve: evolveEvaluation };
export const catalogueFold: StreamFold<CatalogueState> = { fold: foldCatalogue, evolve: evolveCatalogue };
export const fiscalYearFold: StreamFold<FiscalYearState> = { fold: foldFiscalYear, evolve: evolveFiscalYear };
export const userFold: StreamFold<UserState> = { fold: foldUser, evolve: evolveUser };
export const assignmentFold: StreamFold<AssignmentState> = { fold: foldAssignment, evolve: evolveAssignment };
export const meetingFold: StreamFold<MeetingState> = { fold: foldMeeting, evolve: evolveMeeting };
