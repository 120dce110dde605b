import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DESIGN_ROUTE_TABLE,
  decideEvaluation,
  evaluationContext,
  evaluationStream,
  sampleCommand,
  testActors,
  testEventsToStage,
  type EvaluationCommandType,
  type EvaluationState,
} from '@hyoka/domain';
import {
  WrongExpectedRevisionError,
  checkExpectedRevision,
  findRetry,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ReadStreamOptions,
  type RecordedEvent,
} from '@hyoka/event-store';
import { aggregateStream, handleCommand } from './handle-command.js';
import { evaluationFold } from './folds.js';
import { foldedStreamCache, FoldedStreamCache, foldOnto } from './folded-streams.js';

/** A store that keeps its log across "restarts" (new instances over one log) and counts the events it hands out. */
class LogStore implements Pick<EventStore, 'appendToStream' | 'readStream'> {
  eventsRead = 0;
  constructor(readonly log: RecordedEvent[] = []) {}

  async appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    const existing = this.log.filter((e) => e.stream === stream);
    const retry = findRetry(stream, events, events.map((e) => existing.find((x) => x.id === e.id)));
    if (retry) return retry;
    let revision = existing.at(-1)?.revision ?? -1n;
    checkExpectedRevision(stream, options.expectedRevision, revision < 0n ? 'no_stream' : revision);
    for (const e of events) {
      revision += 1n;
      this.log.push({ ...structuredClone(e), stream, revision, position: BigInt(this.log.length + 1), recordedAt: e.metadata.occurredAt, hash: '', previousHash: '' });
    }
    return { nextExpectedRevision: revision, position: this.log.at(-1)!.position, hash: '', deduplicated: false };
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    // a turn of the event loop, as a real store's read takes: concurrent commands interleave here
    await new Promise((resolve) => setImmediate(resolve));
    const events = this.log.filter((e) => e.stream === stream && e.revision >= (options?.fromRevision ?? 0n));
    this.eventsRead += events.length;
    return structuredClone(events);
  }
}

const asStore = (s: LogStore) => s as unknown as EventStore;
const stream = evaluationStream('I-001', 2025);
const COMMANDS = Object.keys(DESIGN_ROUTE_TABLE) as EvaluationCommandType[];

/** One command some allowed actor may give at the state's stage (`pick` chooses among them), or none at NotStarted's dead ends. */
function commandAt(state: EvaluationState, pick: number) {
  const options = COMMANDS.flatMap((type) => (DESIGN_ROUTE_TABLE[type][state.status] ?? []).map((actor) => ({ type, actor })));
  const chosen = options[pick % options.length]!;
  return { command: sampleCommand(chosen.type, state.status), actor: testActors[chosen.actor] };
}

/** Gives one command through handleCommand; a command the domain refuses at this state records nothing. */
async function give(store: EventStore, pick: number, commandId: string, cache: boolean): Promise<void> {
  const { state } = await aggregateStream(store, stream, evaluationFold);
  const { command, actor } = commandAt(state, pick);
  try {
    await handleCommand(store, stream, (s) => decideEvaluation(command, s, evaluationContext(actor)), {
      fold: evaluationFold,
      provenance: { actor: actor.userId, commandId, occurredAt: '2026-04-20T01:00:00.000Z' },
      cache,
    });
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) throw error;
    // an illegal transition or a reply to a comment that does not exist: the domain's answer, not this spec's concern
  }
}

describe('folded streams (the command path reads only what it has not folded)', () => {
  it('folds to the same state as a full fold, over random command sequences, other writers and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ pick: fc.nat(), writer: fc.constantFrom('cached', 'other', 'restart') }), { minLength: 1, maxLength: 40 }),
        async (steps) => {
          const log: RecordedEvent[] = [];
          let cached = new LogStore(log);
          const other = new LogStore(log);
          for (const [i, step] of steps.entries()) {
            // another process (no shared cache) writes, or this process restarts with an empty cache
            if (step.writer === 'restart') cached = new LogStore(log);
            await give(asStore(step.writer === 'other' ? other : cached), step.pick, `cmd-${i.toString().padStart(4, '0')}`, step.writer !== 'other');
            let seen: EvaluationState | undefined;
            await handleCommand(asStore(cached), stream, (s) => ((seen = s), []), {
              fold: evaluationFold,
              provenance: { actor: 'u-probe', commandId: `probe-${i}`, occurredAt: '2026-04-20T01:00:00.000Z' },
            });
            const full = await aggregateStream(asStore(new LogStore(log)), stream, evaluationFold);
            expect(seen).toEqual(full.state);
          }
        },
      ),
      { numRuns: 40, seed: 1515 },
    );
  });

  it('reads only the events after the cached revision', async () => {
    const store = new LogStore();
    for (let i = 0; i < 60; i++) await give(asStore(store), i * 7 + 3, `cmd-${String(i).padStart(4, '0')}`, true);
    const probe = (commandId: string) =>
      handleCommand(asStore(store), stream, () => [], { fold: evaluationFold, provenance: { actor: 'u-probe', commandId, occurredAt: '2026-04-20T01:00:00.000Z' } });
    await probe('probe-0001');
    const length = store.log.length;
    expect(length).toBeGreaterThan(30);
    store.eventsRead = 0;
    await probe('probe-0002');
    expect(store.eventsRead).toBe(0);
    await give(asStore(store), 1, 'cmd-last', true);
    expect(store.log.length).toBeGreaterThan(length);
    store.eventsRead = 0;
    await probe('probe-0003');
    expect(store.eventsRead).toBe(store.log.length - length);
  });

  it('lets one of two concurrent commands at one revision through and refuses the other', async () => {
    const store = asStore(new LogStore());
    await give(store, 0, 'cmd-start', true); // a saved plan: PlanDraft
    const { revision } = await aggregateStream(store, stream, evaluationFold);
    const save = (commandId: string, target: number) =>
      handleCommand(
        store,
        stream,
        (s) =>
          decideEvaluation(
            { type: 'SaveAnnualPlan', data: { method: 'quantitative', target, unit: '回', direction: 'higherIsBetter', actions: null } },
            s,
            evaluationContext(testActors.staff),
          ),
        { fold: evaluationFold, expectedRevision: revision!, provenance: { actor: testActors.staff.userId, commandId, occurredAt: '2026-04-20T01:00:00.000Z' } },
      );
    const results = await Promise.allSettled([save('cmd-first', 7), save('cmd-second', 8)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toEqual(new WrongExpectedRevisionError(stream, revision!, revision! + 1n));
    // the cache did not take the refused command's state: a third command at the old revision is refused too
    await expect(save('cmd-third', 9)).rejects.toThrow(WrongExpectedRevisionError);
  });

  it('answers a retry from the cached command ids, as the first time', async () => {
    const store = asStore(new LogStore());
    const provenance = { actor: testActors.staff.userId, commandId: 'cmd-plan', occurredAt: '2026-04-20T01:00:00.000Z' };
    const save = () =>
      handleCommand(store, stream, (s) => decideEvaluation(sampleCommand('SaveAnnualPlan', 'NotStarted'), s, evaluationContext(testActors.staff)), {
        fold: evaluationFold,
        provenance,
      });
    const first = await save();
    await give(store, 1, 'cmd-more', true);
    const retry = await save();
    expect(retry).toMatchObject({ deduplicated: true, position: first.position, newEvents: [] });
  });
});

describe('FoldedStreamCache', () => {
  const entry = (revision: bigint | null) => ({ state: revision, revision, commands: new Map() });

  it('drops the least recently used stream beyond its bound', () => {
    const cache = new FoldedStreamCache<bigint | null>(2);
    cache.set('a', entry(1n));
    cache.set('b', entry(1n));
    cache.get('a');
    cache.set('c', entry(1n));
    expect([cache.get('a')?.revision, cache.get('b'), cache.get('c')?.revision]).toEqual([1n, undefined, 1n]);
    expect(cache.size).toBe(2);
  });

  it('never goes back to an older revision than it holds', () => {
    const cache = new FoldedStreamCache<bigint | null>(2);
    cache.set('a', entry(5n));
    cache.set('a', entry(3n));
    expect(cache.get('a')?.revision).toBe(5n);
  });

  it('is one per store, fold and upcast', () => {
    const a = asStore(new LogStore());
    const b = asStore(new LogStore());
    const upcast = (e: RecordedEvent) => e;
    expect(foldedStreamCache(a, evaluationFold, upcast)).toBe(foldedStreamCache(a, evaluationFold, upcast));
    expect(foldedStreamCache(a, evaluationFold, upcast)).not.toBe(foldedStreamCache(b, evaluationFold, upcast));
    expect(foldedStreamCache(a, evaluationFold, upcast)).not.toBe(foldedStreamCache(a, evaluationFold, (e) => e));
  });

  it('folds onto a held value without changing it (two commands may hold one entry)', () => {
    const recorded = testEventsToStage.Finalized.map(
      (e, i): RecordedEvent => ({
        ...e,
        data: e.data as RecordedEvent['data'],
        id: `e-${i}`,
        stream,
        revision: BigInt(i),
        position: BigInt(i + 1),
        recordedAt: '2026-04-20T01:00:00.000Z',
        hash: '',
        previousHash: '',
        metadata: { actor: 'u-staff', commandId: `cmd-${i}`, correlationId: 'c', causationId: 'c', occurredAt: '2026-04-20T01:00:00.000Z', schemaVersion: 1 },
      }),
    );
    const base = foldOnto(evaluationFold, undefined, recorded.slice(0, 4));
    const before = structuredClone(base);
    const next = foldOnto(evaluationFold, base, recorded.slice(4));
    expect(base).toEqual(before);
    expect(next.state).toEqual(evaluationFold.fold(recorded));
    expect(next.revision).toBe(BigInt(recorded.length - 1));
    expect(next.commands.size).toBe(recorded.length);
  });
});
