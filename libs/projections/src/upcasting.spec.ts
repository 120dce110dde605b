import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationStream } from '@hyoka/domain';
import { boardAsOf, evaluationAsOf } from './as-of.js';
import { auditLog } from './audit-log/audit-log.queries.js';
import { board } from './board/board.queries.js';
import { history } from './history/history.queries.js';
import { deadLetters } from './read-models.js';
import { startHarness, type Harness } from './test-support/harness.js';

/** A stream as a Hyoka before EvaluationApproved v2 recorded it: the approval names no stages. */
describe('old event versions are read through the upcasters', () => {
  let h: Harness;
  const stream = evaluationStream('I-001', 2025);

  beforeAll(async () => {
    h = startHarness();
    await h.scenario.setUp();
    const submitted = await h.scenario.draftAndSubmit('I-001', 2025, 4);
    const commandId = randomUUID();
    await h.store.appendToStream(
      stream,
      [
        {
          id: randomUUID(),
          type: 'EvaluationApproved',
          data: {
            itemId: 'I-001',
            fiscalYear: 2025,
            by: 'u-head',
            actingAs: 'DepartmentHead@general-affairs',
            at: '2025-04-02T00:00:00.000Z',
            batchId: null,
          },
          metadata: {
            actor: 'u-head',
            actingAs: 'DepartmentHead@general-affairs',
            commandId,
            correlationId: commandId,
            causationId: commandId,
            occurredAt: '2025-04-02T00:00:00.000Z',
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: submitted.nextExpectedRevision },
    );
    await h.settle();
  });
  afterAll(() => h.close());

  it('the folding read models see the current shape', async () => {
    expect(board(h.readModels, 2025).find((r) => r.itemId === 'I-001')!.status).toBe('ManagersMeetingReview');
    const approval = (await history(h.readModels, 'I-001', 2025)).entries.at(-1)!;
    expect(approval).toMatchObject({ type: 'EvaluationApproved', stageBefore: 'PromotionMeetingReview', stageAfter: 'ManagersMeetingReview' });
    expect(approval.data).toMatchObject({ from: 'PromotionMeetingReview', to: 'ManagersMeetingReview' });
    expect(deadLetters(h.readModels)).toEqual([]);
  });

  it('the audit log shows the event as the store recorded it', async () => {
    const entry = (await auditLog(h.readModels, { type: 'EvaluationApproved' })).entries[0]!;
    expect(entry.data).not.toHaveProperty('to');
    expect(entry.metadata.schemaVersion).toBe(1);
  });

  it('the as-of replays equal the live views', async () => {
    const head = await h.store.headPosition();
    expect(await boardAsOf(h.store, 2025, head)).toEqual(board(h.readModels, 2025));
    expect(await evaluationAsOf(h.store, 'I-001', 2025, head)).toEqual(await history(h.readModels, 'I-001', 2025));
  });

  it('a version newer than the code becomes a dead letter of the folding projections, and the audit log keeps it', async () => {
    const commandId = randomUUID();
    const { revision } = (await h.store.readStream(stream, { direction: 'backwards', maxCount: 1 }))[0]!;
    await h.store.appendToStream(
      stream,
      [
        {
          id: randomUUID(),
          type: 'EvaluationApproved',
          data: { itemId: 'I-001', fiscalYear: 2025, by: 'u-head', actingAs: 'x', at: '2025-04-03T00:00:00.000Z' },
          metadata: { actor: 'u-head', commandId, correlationId: commandId, causationId: commandId, occurredAt: '2025-04-03T00:00:00.000Z', schemaVersion: 9 },
        },
      ],
      { expectedRevision: revision },
    );
    await h.settle();
    const failed = deadLetters(h.readModels).map((d) => [d.projection, d.error.split(':')[0]]);
    expect(failed).toContainEqual(['board', 'UnknownEventVersionError']);
    expect(failed).toContainEqual(['history', 'UnknownEventVersionError']);
    expect(failed.map(([p]) => p)).not.toContain('audit-log');
    expect((await auditLog(h.readModels, { type: 'EvaluationApproved' })).entries).toHaveLength(2);
    expect(board(h.readModels, 2025).find((r) => r.itemId === 'I-001')!.status).toBe('ManagersMeetingReview');
  });
});
