import { EVALUATION_STATUSES, RETURN_TARGETS, ROUTE_STAGES, isRouteStage, type EvaluationStatus, type RouteStage } from '@hyoka/domain';

/**
 * Every status of the route by its name, built from the domain's list (docs/design.md "The route"): code says
 * `Stage.NotStarted` rather than restating a stage as a string, and a renamed or removed stage fails to compile.
 */
export const Stage = Object.freeze(Object.fromEntries(EVALUATION_STATUSES.map((s) => [s, s]))) as {
  readonly [S in EvaluationStatus]: S;
};

/** Where work at `stage` may be returned to (差し戻し), first the usual choice; none outside the review stages. */
export const returnTargetsOf = (stage: EvaluationStatus): readonly RouteStage[] => (isRouteStage(stage) ? (RETURN_TARGETS[stage] ?? []) : []);

/** The stage the route ends in: nobody moves work out of it, so it is shown by who moved the work in. */
export const isLastStage = (stage: EvaluationStatus): boolean => stage === ROUTE_STAGES.at(-1);
