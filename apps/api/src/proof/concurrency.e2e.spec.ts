import type { EventStore, RecordedEvent } from '@hyoka/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, GraphQLResponse } from '../testing/graphql-client.js';
import { APPROVE_MANY, EVALUATION, newCommandId } from '../testing/operations.js';
import { submitted } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { EVENT_STORE } from '../tokens.js';

const FY = 2025;
const APPROVE = `mutation($input: EvaluationActionInput!) { approveEvaluation(input: $input) { version stage } }`;
const JAPANESE = /[ぁ-んァ-ヶ一-龠]/;

type BulkResult = { itemId: string; ok: boolean; version: number | null; errorCode: string | null; errorMessage: string | null };

const codeOf = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code ?? 'OK';

describe('concurrency over HTTP: one approval wins, every other gets CONFLICT, the stream grows by one event', () => {
  let api: TestApi;
  let store: EventStore;
  let staff: Browser;
  /** the chair of 総務推進会議 at several desks (each its own session) */
  let chairs: Browser[];

  beforeAll(async () => {
    api = await startTestApi();
    store = api.app.get<EventStore>(EVENT_STORE);
    staff = await api.signIn('staff-general');
    chairs = [...(await api.signInAll('head-general', 'head-general', 'head-general', 'head-general'))];
  });
  afterAll(async () => {
    await api?.dispose();
  });

  const streamOf = (itemId: string) => store.readStream(`evaluation-${itemId}-${FY}`);
  const approvals = (events: RecordedEvent[]) => events.filter((e) => e.type === 'EvaluationApproved');

  it('100 concurrent approvals of one evaluation at one stage: exactly 1 succeeds, 99 get CONFLICT', async () => {
    const seen = await submitted(staff, 'I-030', FY);
    const before = await streamOf('I-030');
    const commandIds = Array.from({ length: 100 }, () => newCommandId('race'));
    const responses = await Promise.all(
      commandIds.map((commandId, i) =>
        chairs[i % chairs.length]!.send<{ approveEvaluation: { version: number; stage: string } }>(APPROVE, {
          input: { itemId: 'I-030', fiscalYear: FY, expectedVersion: seen.version, commandId },
        }),
      ),
    );
    const codes = responses.map(codeOf);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(99);
    for (const r of responses.filter((x) => x.errors)) expect(r.errors![0]!.message).toMatch(JAPANESE);

    const winner = responses.findIndex((r) => !r.errors);
    expect(responses[winner]!.data!.approveEvaluation).toEqual({ version: seen.version + 1, stage: 'ManagersMeetingReview' });
    const after = await streamOf('I-030');
    expect(after).toHaveLength(before.length + 1);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)).toMatchObject({ type: 'EvaluationApproved', metadata: { commandId: commandIds[winner] } });
    const read = (await staff.run(EVALUATION, { itemId: 'I-030', fiscalYear: FY })).evaluation;
    expect(read).toMatchObject({ stage: 'ManagersMeetingReview', version: seen.version + 1 });
  });

  it('bulk approvals overlapping each other and single approvals: each item approved exactly once, every loser CONFLICT', async () => {
    const itemIds = Array.from({ length: 10 }, (_, i) => `I-0${31 + i}`);
    const expectedVersions = new Map<string, number>();
    for (const itemId of itemIds) expectedVersions.set(itemId, (await submitted(staff, itemId, FY)).version);
    const before = new Map(await Promise.all(itemIds.map(async (id) => [id, (await streamOf(id)).length] as const)));
    const item = (itemId: string) => ({ itemId, fiscalYear: FY, expectedVersion: expectedVersions.get(itemId)! });

    // three bulks over overlapping selections, and four single approvals of every item, all at once
    const selections = [itemIds.slice(0, 7), itemIds.slice(3), itemIds];
    const bulks = selections.map((selection, i) =>
      chairs[i]!.send<{ approveEvaluations: BulkResult[] }>(APPROVE_MANY, { input: { items: selection.map(item), commandId: newCommandId('bulk') } }),
    );
    const singles = itemIds.flatMap((itemId) =>
      Array.from({ length: 4 }, (_, i) =>
        chairs[(i + 1) % chairs.length]!.send(APPROVE, { input: { ...item(itemId), commandId: newCommandId('single') } }).then((r) => ({ itemId, r })),
      ),
    );
    const [bulkResponses, singleResponses] = await Promise.all([Promise.all(bulks), Promise.all(singles)]);

    const wins = new Map(itemIds.map((id) => [id, 0]));
    const losses = new Map(itemIds.map((id) => [id, 0]));
    for (const response of bulkResponses) {
      expect(response.errors).toBeUndefined();
      for (const result of response.data!.approveEvaluations) {
        if (result.ok) wins.set(result.itemId, wins.get(result.itemId)! + 1);
        else {
          expect(result.errorCode, JSON.stringify(result)).toBe('CONFLICT');
          expect(result.errorMessage).toMatch(JAPANESE);
          losses.set(result.itemId, losses.get(result.itemId)! + 1);
        }
      }
    }
    for (const { itemId, r } of singleResponses) {
      if (!r.errors) wins.set(itemId, wins.get(itemId)! + 1);
      else {
        expect(codeOf(r)).toBe('CONFLICT');
        losses.set(itemId, losses.get(itemId)! + 1);
      }
    }
    for (const itemId of itemIds) {
      const attempts = 4 + selections.filter((s) => s.includes(itemId)).length;
      expect(wins.get(itemId), itemId).toBe(1);
      expect(losses.get(itemId), itemId).toBe(attempts - 1);
      const events = await streamOf(itemId);
      expect(events, itemId).toHaveLength(before.get(itemId)! + 1);
      expect(approvals(events), itemId).toHaveLength(1);
    }
  });
});
