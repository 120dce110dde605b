import { V1_MOVES } from '../evaluation/v1-moves.js';

/**
 * Event versioning. Every event type has a current schema version (1 unless listed here); writers stamp it into
 * `metadata.schemaVersion`. Stored events are never rewritten: readers pass them through `upcast`, which turns an event
 * of any older version into the current shape, one step at a time. To change an event's schema: bump its version here,
 * add the step from the old version to UPCASTERS, and add a fixture of the old version (see the README).
 */
export const EVENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = Object.freeze({
  EvaluationSubmitted: 2,
  EvaluationApproved: 2,
  EvaluationForwardedToCommittee: 2,
  EvaluationFinalized: 2,
  EvaluationReopened: 2,
  SelfEvaluationSaved: 2,
});

/** The schema version writers stamp on a new event of this type. */
export const schemaVersionOf = (type: string): number => EVENT_SCHEMA_VERSIONS[type] ?? 1;

type Data = Record<string, unknown>;

/** One step: the data of version `n` of a type → the data of version `n + 1`. Pure; no I/O, no clock. */
export type Upcaster = (data: Data) => Data;

/** type → version it reads → the step to the next version. */
/**
 * v1 of the moving events carried no stages: each could make one move only (`V1_MOVES`, history that never follows the
 * route table). Their v2 name the move; the three that record a 第n版 call its number `edition` (v1: `version`).
 */
const v1Move =
  (type: keyof typeof V1_MOVES, renameVersion: boolean): Upcaster =>
  ({ version, ...data }) => ({
    ...data,
    ...V1_MOVES[type],
    ...(renameVersion ? { edition: version } : version === undefined ? {} : { version }),
  });

export const UPCASTERS: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = Object.freeze({
  EvaluationSubmitted: { 1: v1Move('EvaluationSubmitted', true) },
  EvaluationApproved: { 1: v1Move('EvaluationApproved', false) },
  EvaluationForwardedToCommittee: { 1: v1Move('EvaluationForwardedToCommittee', true) },
  EvaluationFinalized: { 1: v1Move('EvaluationFinalized', true) },
  EvaluationReopened: { 1: v1Move('EvaluationReopened', false) },
  // v1 was saved before plans had editions (計画第n版): it names none
  SelfEvaluationSaved: {
    1: ({ selfEvaluation, ...data }) => ({ ...data, selfEvaluation: { planEdition: null, ...(selfEvaluation as Data) } }),
  },
});

/** An event written by a newer Hyoka than the one reading it, or of a version no upcaster knows. */
export class UnknownEventVersionError extends Error {
  override name = 'UnknownEventVersionError';
  constructor(
    readonly type: string,
    readonly version: unknown,
  ) {
    super(`Cannot read ${type} of schema version ${String(version)}: this Hyoka reads versions 1..${schemaVersionOf(type)}`);
  }
}

/** Anything event-shaped: a domain event, a recorded event of the store, a fixture. */
type Versioned = { readonly type: string; readonly data: unknown; readonly metadata?: { readonly [key: string]: unknown } };

/**
 * The event in its current shape. An event without `metadata.schemaVersion` (a plain event from `decide`) is taken as
 * current. The result keeps every other field of the event (id, stream, position, …) and says the version it now has;
 * an event that is already current is returned as it is.
 */
export function upcast<E extends Versioned>(event: E): E {
  const current = schemaVersionOf(event.type);
  const stamped = event.metadata?.schemaVersion;
  if (stamped === undefined) return event;
  if (typeof stamped !== 'number' || !Number.isInteger(stamped) || stamped < 1 || stamped > current) {
    throw new UnknownEventVersionError(event.type, stamped);
  }
  if (stamped === current) return event;
  let data = event.data as Data;
  for (let version = stamped; version < current; version++) {
    const step = UPCASTERS[event.type]?.[version];
    if (!step) throw new UnknownEventVersionError(event.type, version);
    data = step(data);
  }
  return { ...event, data, metadata: { ...event.metadata, schemaVersion: current } } as E;
}
