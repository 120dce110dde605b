import type { EventEmitter } from 'node:events';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { BOARD, SAVE_ANNUAL_PLAN } from '../testing/operations.js';
import { act, submitted } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { PUB_SUB } from '../tokens.js';
import { BOARD_CHANGED } from './board-events.js';

const FY = 2025;
const SUBSCRIPTION = `subscription($fiscalYear: Int!) { boardChanged(fiscalYear: $fiscalYear) { fiscalYear itemId type version position } }`;

interface Change {
  fiscalYear: number | null;
  itemId: string | null;
  type: string;
  version: number | null;
  position: string;
}

/** A graphql-ws client that sends the browser's session cookie with the upgrade request, as a browser does. */
function wsClient(api: TestApi, cookie: string): Client {
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, cookie ? { headers: { cookie } } : {});
    }
  }
  return createClient({ url: `${api.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: CookieWebSocket, retryAttempts: 0 });
}

/** Collects a subscription's messages; `next(predicate)` resolves with the first (new or held) one that matches. */
function collect(client: Client, variables: Record<string, unknown>) {
  const received: Change[] = [];
  const waiting: { match: (c: Change) => boolean; resolve: (c: Change) => void }[] = [];
  let failure: unknown;
  const dispose = client.subscribe<{ boardChanged: Change }>(
    { query: SUBSCRIPTION, variables },
    {
      next: ({ data }) => {
        const change = data!.boardChanged;
        received.push(change);
        for (const w of [...waiting]) {
          if (w.match(change)) {
            waiting.splice(waiting.indexOf(w), 1);
            w.resolve(change);
          }
        }
      },
      error: (error) => {
        failure = error;
      },
      complete: () => undefined,
    },
  );
  return {
    received,
    get failure() {
      return failure;
    },
    dispose,
    next(match: (c: Change) => boolean): Promise<Change> {
      const held = received.find(match);
      if (held) return Promise.resolve(held);
      return new Promise((resolve) => waiting.push({ match, resolve }));
    },
  };
}

describe('subscription boardChanged over graphql-ws', () => {
  let api: TestApi;
  let staff: Browser;
  let chair: Browser;
  let otherStaff: Browser;
  const clients: Client[] = [];

  /** Resolves once the server has registered `count` boardChanged subscriptions on its PubSub. */
  const subscribers = async (count: number) => {
    const pubSub = api.app.get<{ ee: EventEmitter }>(PUB_SUB);
    while (pubSub.ee.listenerCount(BOARD_CHANGED) < count) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  beforeAll(async () => {
    api = await startTestApi();
    [staff, chair, otherStaff] = await api.signInAll('staff-general', 'head-general', 'staff-community');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await api?.dispose();
  });

  it('tells readers of the item, after the read models have the change; others hear nothing of it', async () => {
    const chairClient = wsClient(api, chair.cookieHeader());
    const otherClient = wsClient(api, otherStaff.cookieHeader());
    clients.push(chairClient, otherClient);
    const forChair = collect(chairClient, { fiscalYear: FY });
    const forOther = collect(otherClient, { fiscalYear: FY });
    await subscribers(2);

    await submitted(staff, 'I-005', FY);
    const submittedChange = await forChair.next((c) => c.itemId === 'I-005' && c.type === 'EvaluationSubmitted');
    expect(submittedChange).toMatchObject({ fiscalYear: FY, version: 4 });
    // when the notice arrives, a query already shows the change
    const row = (await chair.run(BOARD, { fiscalYear: FY })).board.entries.find((e: any) => e.itemId === 'I-005');
    expect(row).toMatchObject({ stage: 'PromotionMeetingReview', version: 4 });
    expect(forChair.received.filter((c) => c.itemId === 'I-005').map((c) => c.type)).toEqual([
      'AnnualPlanSaved',
      'AnnualPlanSubmitted',
      'AnnualPlanApproved',
      'SelfEvaluationSaved',
      'EvaluationSubmitted',
    ]);

    // the community-welfare staff's next notice is their own item: the general-affairs changes were never sent
    await act(otherStaff, SAVE_ANNUAL_PLAN, 'I-044', FY, { expectedVersion: null, method: 'qualitative' });
    await forOther.next((c) => c.itemId === 'I-044');
    expect(forOther.received.map((c) => [c.itemId, c.type, c.version])).toEqual([['I-044', 'AnnualPlanSaved', 0]]);
    // the chair, also a 管理職, reads every 部's items and heard of it too
    await forChair.next((c) => c.itemId === 'I-044');
    // other years' subscribers are not told either
    expect(forChair.received.every((c) => c.fiscalYear === FY)).toBe(true);
  });

  it('refuses a socket without a session', async () => {
    const anonymous = wsClient(api, '');
    clients.push(anonymous);
    const closed = new Promise<number>((resolve) => anonymous.on('closed', (event) => resolve((event as { code: number }).code)));
    const subscription = collect(anonymous, { fiscalYear: FY });
    expect(await closed).toBe(4403);
    expect(subscription.received).toEqual([]);
  });
});
