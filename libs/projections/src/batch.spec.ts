import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@hyoka/event-store';
import { applyEvents } from './apply.js';
import type { Projection } from './projection.js';
import { deadLetters, openReadModels, type ReadModels } from './read-models.js';
import { startHarness, type Harness } from './test-support/harness.js';
import { realisticSequence } from './test-support/sequence.js';
import { dumpTables } from './test-support/temp.js';

const dumpOf = (readModels: ReadModels) => dumpTables(readModels.db, readModels.projections.flatMap((p) => p.tables));

/** The read models with `poisoned` throwing on the events `throwsOn` picks; the batch is passed on, so the batched path stays in use. */
function poisoning(readModels: ReadModels, poisoned: Projection['name'], throwsOn: (event: RecordedEvent) => boolean): ReadModels {
  const projections = readModels.projections.map(
    (p): Projection =>
      p.name !== poisoned
        ? p
        : {
            ...p,
            apply: (db, event, batch) => {
              if (throwsOn(event)) throw new Error(`poisoned ${event.type}`);
              p.apply(db, event, batch);
            },
          },
  );
  return { ...readModels, projections };
}

describe('applying many events as one batch', () => {
  let h: Harness;
  let events: RecordedEvent[];
  const opened: ReadModels[] = [];
  const open = (name: string) => {
    const readModels = openReadModels({ file: h.file.replace(/read-models\.sqlite$/, `${name}.sqlite`), events: h.store });
    opened.push(readModels);
    return readModels;
  };

  beforeEach(async () => {
    h = startHarness();
    await realisticSequence(h.scenario);
    await h.settle();
    events = await h.store.readAll();
  });
  afterEach(async () => {
    for (const readModels of opened.splice(0)) readModels.close();
    await h.close();
  });

  it('gives the tables that applying the events one by one gives', () => {
    const batched = open('batched');
    const oneByOne = open('one-by-one');
    expect(applyEvents(batched, events).applied).toHaveLength(events.length);
    for (const event of events) applyEvents(oneByOne, [event]);
    expect(dumpOf(batched)).toEqual(dumpOf(oneByOne));
    expect(dumpOf(batched)).toEqual(h.dump());
  });

  it('a read model that sent an evaluation event to the dead letters folds the later events from its own state, not the others', () => {
    // the inbox misses the first comment: its comment count stays one behind the board's and the grade summary's
    const comment = events.find((e) => e.type === 'EvaluationCommented')!;
    const later = events.filter((e) => e.position > comment.position);
    expect(later.some((e) => e.stream === comment.stream)).toBe(true);

    const batched = poisoning(open('batched'), 'inbox', (e) => e.id === comment.id);
    applyEvents(batched, events.filter((e) => e.position <= comment.position));
    expect(applyEvents(batched, later)).toEqual({ applied: later, failed: [] });

    const oneByOne = poisoning(open('one-by-one'), 'inbox', (e) => e.id === comment.id);
    for (const event of events) applyEvents(oneByOne, [event]);

    expect(deadLetters(batched).map((l) => [l.projection, l.position])).toEqual([['inbox', comment.position]]);
    expect(dumpOf(batched)).toEqual(dumpOf(oneByOne));
    const counts = (readModels: ReadModels, table: string) =>
      readModels.db.prepare(`SELECT comment_count FROM ${table} WHERE item_id = ? AND fiscal_year = ?`).pluck().get(
        ...comment.stream.replace(/^evaluation-/, '').split(/-(?=\d{4}$)/).map((v, i) => (i === 1 ? Number(v) : v)),
      ) as number;
    expect(counts(batched, 'inbox_evaluations')).toBe(counts(batched, 'board_evaluations') - 1);
  });
});
