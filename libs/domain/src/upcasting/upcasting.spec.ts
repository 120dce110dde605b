import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decideEvaluation } from '../evaluation/decide.js';
import { evolveEvaluation, foldEvaluation, initialEvaluationState } from '../evaluation/evolve.js';
import type { EvaluationCommand, EvaluationEvent, EvaluationState } from '../evaluation/types.js';
import { evaluationContext, testActors, testCommitteeSession, TEST_MEETING_ID } from '../testing/fixtures.js';
import { testEvents } from '../testing/events.js';
import { EVENT_SCHEMA_VERSIONS, UPCASTERS, UnknownEventVersionError, schemaVersionOf, upcast } from './upcasting.js';

interface RecordedFixtureEvent {
  id: string;
  stream: string;
  revision: string;
  position: string;
  type: string;
  data: Record<string, unknown>;
  metadata: { schemaVersion: number; [key: string]: unknown };
  recordedAt: string;
}
interface Fixture {
  description: string;
  /** the commands that produced `recorded`, replayed through today's decide for the current equivalent */
  commands: { actor: keyof typeof testActors; now: string; command: EvaluationCommand }[];
  recorded: RecordedFixtureEvent[];
}

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixtureFiles = readdirSync(dir).filter((f) => f.endsWith('.json'));
const load = (file: string): Fixture => JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as Fixture;

const inSession = (command: EvaluationCommand): boolean => command.type === 'FinalizeEvaluation' || command.type === 'ReopenEvaluation';
const withoutSession = (event: EvaluationEvent): EvaluationEvent => {
  const { meeting: _meeting, ...data } = event.data as Record<string, unknown>;
  return { ...event, data } as EvaluationEvent;
};

/** What today's code records for the fixture's commands. */
function currentEquivalent(fixture: Fixture): EvaluationEvent[] {
  let state: EvaluationState = initialEvaluationState();
  const events: EvaluationEvent[] = [];
  for (const { actor, now, command } of fixture.commands) {
    // SetTarget is decided no more; its AnnualTargetSet is read as it was recorded (a legacy plan)
    const decided =
      (command.type as string) === 'SetTarget'
        ? [fixture.recorded[events.length] as unknown as EvaluationEvent]
        : inSession(command)
          ? // these are decided in a committee session now; an event recorded before sessions existed names none
            decideEvaluation({ ...command, data: { ...command.data, meetingId: TEST_MEETING_ID } } as EvaluationCommand, state, evaluationContext(testActors[actor], { now, session: testCommitteeSession() })).map(withoutSession)
          : decideEvaluation(command, state, evaluationContext(testActors[actor], { now }));
    for (const event of decided) {
      state = evolveEvaluation(state, event);
      events.push(event);
    }
  }
  return events;
}

describe('every historical version has a fixture', () => {
  const historical = Object.entries(EVENT_SCHEMA_VERSIONS).flatMap(([type, current]) =>
    Array.from({ length: current - 1 }, (_, i) => `${type}.v${i + 1}.json`),
  );

  it('lists the versions to keep readable', () => {
    expect(historical).toEqual(
      expect.arrayContaining([
        'EvaluationSubmitted.v1.json',
        'EvaluationApproved.v1.json',
        'EvaluationForwardedToCommittee.v1.json',
        'EvaluationFinalized.v1.json',
        'EvaluationReopened.v1.json',
        'SelfEvaluationSaved.v1.json',
      ]),
    );
  });

  it.each(historical)('%s exists and has an upcaster step', (file) => {
    expect(fixtureFiles).toContain(file);
    const [, type, version] = /^(\w+)\.v(\d+)\.json$/.exec(file)!;
    expect(typeof UPCASTERS[type!]?.[Number(version)]).toBe('function');
  });
});

describe.each(fixtureFiles)('fixture %s', (file) => {
  const fixture = load(file);
  const [, type, version] = /^(\w+)\.v(\d+)\.json$/.exec(file)!;
  const upcasted = fixture.recorded.map(upcast);
  const current = currentEquivalent(fixture);

  it('holds events of that type at that version, as the store recorded them', () => {
    const ofType = fixture.recorded.filter((e) => e.type === type);
    expect(ofType.length).toBeGreaterThan(0);
    for (const event of ofType) expect(event.metadata.schemaVersion).toBe(Number(version));
    expect(schemaVersionOf(type!)).toBeGreaterThan(Number(version));
  });

  it('upcasts each event to exactly what the current code records for the same command', () => {
    expect(upcasted.map((e) => e.type)).toEqual(current.map((e) => e.type));
    upcasted.forEach((event, i) => {
      expect(event.data, `${i}: ${event.type}`).toEqual(current[i]!.data);
      expect(event.metadata.schemaVersion).toBe(schemaVersionOf(event.type));
    });
  });

  it('folds to the same state as its current equivalent, at every step', () => {
    for (let n = 1; n <= upcasted.length; n++) {
      expect(foldEvaluation(upcasted.slice(0, n)), `after ${n} events`).toEqual(foldEvaluation(current.slice(0, n)));
    }
  });

  it('keeps what the store recorded: id, stream, position, the rest of the metadata; the fixture itself is untouched', () => {
    const before = JSON.stringify(load(file).recorded);
    upcasted.forEach((event, i) => {
      const recorded = fixture.recorded[i]!;
      expect({ ...event, data: undefined, metadata: { ...event.metadata, schemaVersion: 0 } }).toEqual({
        ...recorded,
        data: undefined,
        metadata: { ...recorded.metadata, schemaVersion: 0 },
      });
    });
    expect(JSON.stringify(fixture.recorded)).toBe(before);
  });
});

describe('upcast', () => {
  const approvedV2 = testEvents.approved('batch-1');
  const metadata = (schemaVersion: unknown) => ({ actor: 'u-head', occurredAt: '2026-04-20T01:00:00.000Z', schemaVersion });

  it('returns a current event, or a plain event from decide, as it is', () => {
    expect(upcast(approvedV2)).toBe(approvedV2);
    const stamped = { ...approvedV2, metadata: metadata(2) };
    expect(upcast(stamped)).toBe(stamped);
    const target = { ...testEvents.targetSet(), metadata: metadata(1) };
    expect(upcast(target)).toBe(target);
  });

  it('turns a v1 approval into v2: the move it could only have been', () => {
    const { from: _from, to: _to, ...v1data } = approvedV2.data as Record<string, unknown>;
    const v1 = { type: 'EvaluationApproved', data: v1data, metadata: metadata(1) };
    expect(upcast(v1)).toEqual({ ...approvedV2, metadata: metadata(2) });
    expect(v1.metadata.schemaVersion).toBe(1);
  });

  it.each([3, 0, 1.5, '2', null])('refuses a version it cannot read (%j) with a clear error', (version) => {
    const event = { type: 'EvaluationApproved', data: {}, metadata: metadata(version) };
    expect(() => upcast(event)).toThrow(UnknownEventVersionError);
    expect(() => upcast(event)).toThrow(/EvaluationApproved of schema version .* reads versions 1\.\.2/);
  });

  it('stamps 1 for types that never changed', () => {
    expect(schemaVersionOf('EvaluationCommented')).toBe(1);
    expect(schemaVersionOf('EvaluationSubmitted')).toBe(2);
    expect(schemaVersionOf('EvaluationApproved')).toBe(2);
  });
});
