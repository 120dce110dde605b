import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEventsToAppend } from '@hyoka/command-handling';
import { evaluationStream, foldEvaluation, upcast } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import type { ProjectionRunner } from '@hyoka/projections';
import { EVENT_STORE, PROJECTION_RUNNER } from '../tokens.js';
import type { Browser } from '../testing/graphql-client.js';
import { ADD_OPINION, COMMENT, EVALUATION, REPLY_TO_COMMENT, newCommandId } from '../testing/operations.js';
import { act, submitted } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const FY = 2025;
const ITEM = 'I-005';
const STREAM_EVENTS = 3500;
const MAX_ANSWER_BYTES = 64 * 1024;

const HISTORY_PAGE = `query($itemId: ID!, $fiscalYear: Int!, $first: Int, $after: String) {
  evaluation(itemId: $itemId, fiscalYear: $fiscalYear) {
    version
    history(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { revision type } }
  }
}`;
const COMMENT_PAGE = `query($itemId: ID!, $fiscalYear: Int!, $first: Int, $after: String) {
  evaluation(itemId: $itemId, fiscalYear: $fiscalYear) {
    comments(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { number text replies { commentNumber text } } }
  }
}`;

const bytesOf = (answer: unknown) => Buffer.byteLength(JSON.stringify(answer));
const text = (kind: string, i: number) => `${kind} ${i}: 実績の内訳と来年度の方向性について、根拠資料とあわせて確認をお願いします。`;

/**
 * Issue 15, point 2: no answer grows with the stream. An evaluation with a 3,500-event stream (built through the store
 * directly, as the benchmark seeds it) answers its detail and a mutation within 64 KiB, and its history and comments
 * page completely and stably, also while new events are recorded between pages.
 */
describe('bounded answers on a long evaluation', () => {
  let api: TestApi;
  let staff: Browser;
  let chair: Browser;
  let stream: string;
  let store: EventStore;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    api = await startTestApi();
    [staff, chair] = await api.signInAll('staff-general', 'head-general');
    store = api.app.get(EVENT_STORE);
    runner = api.app.get(PROJECTION_RUNNER);
    stream = evaluationStream(ITEM, FY);
    // one of each spoken event through the API; the rest copies them with new texts, numbers and ids, appended in batches
    let e = await submitted(staff, ITEM, FY);
    e = await act(staff, ADD_OPINION, ITEM, FY, { expectedVersion: e.version, opinion: text('意見', 0) });
    e = await act(chair, COMMENT, ITEM, FY, { expectedVersion: e.version, text: text('コメント', 0) });
    e = await act(staff, REPLY_TO_COMMENT, ITEM, FY, { expectedVersion: e.version, commentNumber: 1, reply: text('返信', 0) });
    const recorded = await store.readStream(stream);
    const model = (type: string) => recorded.find((r) => r.type === type)!;
    let comments = 1;
    let revision = BigInt(e.version);
    for (let n = recorded.length; n < STREAM_EVENTS; ) {
      const batch = [];
      for (let end = Math.min(STREAM_EVENTS, n + 500); n < end; n++) {
        const kind = n % 10 < 6 ? 'EvaluationCommented' : n % 10 < 9 ? 'CommentReplied' : 'OpinionAdded';
        const { data, metadata } = model(kind);
        if (kind === 'EvaluationCommented') comments++;
        const extra =
          kind === 'CommentReplied' ? { commentNumber: 1 + (n % comments), text: text('返信', n) } : { text: text(kind === 'OpinionAdded' ? '意見' : 'コメント', n) };
        batch.push(...toEventsToAppend(stream, [{ type: kind, data: { ...data, ...extra } }], { actor: metadata.actor, commandId: randomUUID(), occurredAt: metadata.occurredAt }));
      }
      const appended = await store.appendToStream(stream, batch, { expectedRevision: revision });
      revision = appended.nextExpectedRevision;
      await runner.waitForPosition(appended.position);
    }
  }, 120_000);
  afterAll(async () => {
    await api?.dispose();
  });

  it('answers the evaluation and a mutation within 64 KiB each', async () => {
    const detail = await chair.send(EVALUATION, { itemId: ITEM, fiscalYear: FY });
    expect(detail.errors).toBeUndefined();
    const evaluation = detail.data!['evaluation'] as Record<string, any>;
    expect(evaluation['version']).toBe(STREAM_EVENTS - 1);
    expect(evaluation['history'].totalCount).toBe(STREAM_EVENTS);
    expect(evaluation['comments'].totalCount).toBeGreaterThan(2000);
    expect(evaluation['history'].nodes).toHaveLength(20);
    // the state the API folded from its read model (folded once, then caught up) is the store's
    const full = foldEvaluation((await store.readStream(stream)).map(upcast));
    if (full.status === 'NotStarted') throw new Error('not started');
    expect([evaluation['comments'].totalCount, evaluation['opinionCount'], evaluation['routeCount']]).toEqual([full.comments.length, full.opinions?.length ?? 0, full.history.length]);
    expect(evaluation['comments'].nodes[0].text).toBe(full.comments.at(-1)!.text);
    expect(bytesOf(detail)).toBeLessThanOrEqual(MAX_ANSWER_BYTES);

    const answer = await chair.send(COMMENT, {
      input: { itemId: ITEM, fiscalYear: FY, expectedVersion: evaluation['version'], commandId: newCommandId(), text: text('コメント', -1) },
    });
    expect(answer.errors).toBeUndefined();
    const commented = answer.data!['commentOnEvaluation'] as Record<string, any>;
    expect(commented['version']).toBe(STREAM_EVENTS);
    expect(commented['comments'].nodes[0].text).toBe(text('コメント', -1));
    expect(bytesOf(answer)).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
  });

  it('pages through the whole history, newest first, each event exactly once while new ones are recorded', async () => {
    const seen: number[] = [];
    let after: string | null = null;
    let first: { version: number; total: number } | undefined;
    for (let page = 0; ; page++) {
      const { evaluation }: Record<string, any> = await chair.run(HISTORY_PAGE, { itemId: ITEM, fiscalYear: FY, first: 100, after });
      first ??= { version: evaluation.version, total: evaluation.history.totalCount };
      seen.push(...evaluation.history.nodes.map((n: { revision: number }) => n.revision));
      if (!evaluation.history.pageInfo.hasNextPage) break;
      after = evaluation.history.pageInfo.endCursor;
      // somebody comments between two pages: the next page goes on where this one ended
      if (page % 10 === 0) {
        await act(chair, COMMENT, ITEM, FY, { expectedVersion: evaluation.version, text: text('途中のコメント', page) });
      }
    }
    expect(first!.total).toBe(first!.version + 1);
    expect(seen).toEqual(Array.from({ length: first!.version + 1 }, (_, i) => first!.version - i));
  });

  it('pages through every comment, newest first, each once with all its replies', async () => {
    const numbers: number[] = [];
    let replies = 0;
    let total: number | undefined;
    let after: string | null = null;
    for (let page = 0; ; page++) {
      const { evaluation }: Record<string, any> = await chair.run(COMMENT_PAGE, { itemId: ITEM, fiscalYear: FY, first: 100, after });
      total ??= evaluation.comments.totalCount;
      for (const c of evaluation.comments.nodes as { number: number; replies: { commentNumber: number }[] }[]) {
        numbers.push(c.number);
        expect(c.replies.every((r) => r.commentNumber === c.number)).toBe(true);
        replies += c.replies.length;
      }
      if (!evaluation.comments.pageInfo.hasNextPage) break;
      after = evaluation.comments.pageInfo.endCursor;
      if (page === 3) {
        const { evaluation: now } = await chair.run(`query($itemId: ID!, $fiscalYear: Int!) { evaluation(itemId: $itemId, fiscalYear: $fiscalYear) { version } }`, { itemId: ITEM, fiscalYear: FY });
        await act(chair, COMMENT, ITEM, FY, { expectedVersion: now.version, text: text('途中のコメント', 99) });
      }
    }
    expect(numbers).toEqual(Array.from({ length: total! }, (_, i) => total! - i));
    const recorded = await store.readStream(stream);
    expect(replies).toBe(recorded.filter((r) => r.type === 'CommentReplied').length);
  });

  it('refuses a page size beyond 100 and a cursor of another list', async () => {
    const tooMany = await chair.errorOf(HISTORY_PAGE, { itemId: ITEM, fiscalYear: FY, first: 101 });
    expect(tooMany.extensions?.code).toBe('VALIDATION');
    const { evaluation } = await chair.run(COMMENT_PAGE, { itemId: ITEM, fiscalYear: FY, first: 1 });
    const wrong = await chair.errorOf(HISTORY_PAGE, { itemId: ITEM, fiscalYear: FY, after: evaluation.comments.pageInfo.endCursor });
    expect(wrong.extensions?.code).toBe('VALIDATION');
    expect(wrong.message).toContain('endCursor');
  });
});
