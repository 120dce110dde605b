/**
 * Event versioning. Every event type has a current schema version (1 unless listed here); writers stamp it into
 * `metadata.schemaVersion`. Stored events are never rewritten: readers pass them through `upcast`, which turns an event
 * of any older version into the current shape, one step at a time. To change an event's schema: bump its version here,
 * add the step from the old version to UPCASTERS, and add a fixture of the old version (see the README).
 */
export const EVENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = Object.freeze({
  EvaluationApproved: 2,
});

/** The schema version writers stamp on a new event of this type. */
export const schemaVersionOf = (type: string): number => EVENT_SCHEMA_VERSIONS[type] ?? 1;

type Data = Record<string, unknown>;

/** One step: the data of version `n` of a type → the data of version `n + 1`. Pure; no I/O, no clock. */
export type Upcaster = (data: Data) => Data;

/** type → version it reads → the step to the next version. */
export const UPCASTERS: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = Object.freeze({
  EvaluationApproved: {
    // v1 (until 2026-11) carried no stages: an approval could only move 推進会議審査 → 管理職会議審査.
    1: (data) => ({ ...data, from: 'PromotionMeetingReview', to: 'ManagersMeetingReview' }),
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
