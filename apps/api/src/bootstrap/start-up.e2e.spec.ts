import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEventsToAppend } from '@hyoka/command-handling';
import { decideEvaluation, evaluationStream, evolveEvaluation, foldEvaluation, upcast } from '@hyoka/domain';
import type { EventStore, EventToAppend } from '@hyoka/event-store';
import { startApi, type RunningApi } from '../server.js';
import { EvaluationContextSource } from '../evaluations/evaluation-context.source.js';
import { UserDirectory } from '../users/user-directory.js';
import { EVENT_STORE } from '../tokens.js';
import { Browser } from '../testing/graphql-client.js';
import { BOARD } from '../testing/operations.js';
import { submitted } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const FY = 2025;
const ITEM = 'I-041';
/** comments behind the read models after the restart: several of the runner's catch-up batches (5000 each) */
const COMMENTS = 12_000;
const STATUS = `{ projectionStatus { position head catchingUp } }`;
const HISTORY = `query($itemId: ID!, $fiscalYear: Int!) { evaluation(itemId: $itemId, fiscalYear: $fiscalYear) { version history { totalCount } } }`;

interface Status {
  projectionStatus: { position: string; head: string; catchingUp: boolean };
}

/** Appends comments by the 推進会議's chair as the command path decides them, many to an append (as the bench seeds). */
async function appendComments(api: TestApi, count: number): Promise<void> {
  const store = api.app.get<EventStore>(EVENT_STORE);
  const viewer = api.app.get(UserDirectory).viewer('demo-head-general');
  if (!viewer) throw new Error('no demo chair');
  const stream = evaluationStream(ITEM, FY);
  const recorded = await store.readStream(stream);
  let state = foldEvaluation(recorded.map(upcast));
  let expected = recorded.at(-1)!.revision;
  for (let done = 0; done < count; ) {
    const now = new Date().toISOString();
    const context = await api.app.get(EvaluationContextSource).forCommand(viewer, ITEM, FY, now);
    const batch: EventToAppend[] = [];
    for (const end = Math.min(count, done + 1000); done < end; done++) {
      const events = decideEvaluation({ type: 'CommentOnEvaluation', data: { text: `コメント ${done + 1}` } }, state, context);
      for (const event of events) state = evolveEvaluation(state, event);
      batch.push(...toEventsToAppend(stream, events, { actor: viewer.userId, commandId: `start-up-spec-${done}`, occurredAt: now }));
    }
    expected = (await store.appendToStream(stream, batch, { expectedRevision: expected })).nextExpectedRevision;
  }
}

/**
 * Client and server share this process: while a long batch holds the event loop, the client's and the server's idle
 * timers fire late and together, and a request goes out on a connection the server is closing (ECONNRESET).
 */
function keepConnections(api: RunningApi): void {
  (api.app.getHttpServer() as Server).keepAliveTimeout = 0;
}

describe('start-up on a store whose read models are behind', () => {
  let seeded: TestApi;
  let api: RunningApi | undefined;
  let manager: Browser;
  let liveBoard: unknown;
  let streamEvents: number;

  beforeAll(async () => {
    seeded = await startTestApi();
    keepConnections(seeded);
    const [staff] = await seeded.signInAll('staff-general');
    await submitted(staff, ITEM, FY);
    await appendComments(seeded, COMMENTS);
    await seeded.readModelsCaughtUp();
    manager = await seeded.signIn('manager');
    liveBoard = await manager.run(BOARD, { fiscalYear: FY });
    streamEvents = ((await manager.run(HISTORY, { itemId: ITEM, fiscalYear: FY })).evaluation.version as number) + 1;
    await seeded.close();
    // what a restore or a new read-model version leaves: the store and the sessions, no read models
    for (const suffix of ['', '-wal', '-shm']) rmSync(seeded.config.readModelFile + suffix, { force: true });
  }, 240_000);
  afterAll(async () => {
    await api?.close();
    rmSync(seeded.dataDir, { recursive: true, force: true });
  });

  it('answers while the read models catch up in the background, says so, and the answers become complete', async () => {
    api = await startApi(seeded.config, { logger: ['error'] });
    keepConnections(api);
    manager = Object.assign(manager, { baseUrl: api.url });
    // the session was kept; the person is known once the first batch (the users come first in the log) is applied
    let first = await manager.send<Status>(STATUS);
    while (first.errors) first = await manager.send<Status>(STATUS);
    const { position, head, catchingUp } = first.data!.projectionStatus;
    expect(catchingUp).toBe(true);
    expect(BigInt(position)).toBeLessThan(BigInt(head));
    // a read model query answers from what is there, before the catch-up has finished
    const early = await manager.run<{ evaluation: { history: { totalCount: number } } }>(HISTORY, { itemId: ITEM, fiscalYear: FY });
    expect(early.evaluation.history.totalCount).toBeLessThanOrEqual(streamEvents);

    let status = first.data!.projectionStatus;
    while (status.catchingUp) status = (await manager.run<Status>(STATUS)).projectionStatus;
    expect(status.position).toBe(head);
    expect(await manager.run(BOARD, { fiscalYear: FY })).toEqual(liveBoard);
    const complete = await manager.run<{ evaluation: { history: { totalCount: number } } }>(HISTORY, { itemId: ITEM, fiscalYear: FY });
    expect(complete.evaluation.history.totalCount).toBe(streamEvents);
  }, 240_000);
});
