import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import type { ApiClient } from '../api/client.js';

export interface FakeCall {
  operationName: string;
  variables: Record<string, unknown>;
}
/** An answer: `data`, or `errors` as the API sends them (with extensions.code). */
export type FakeAnswer = { data?: unknown; errors?: { message: string; extensions: { code: string; details?: Record<string, unknown> } }[] };
export type Responder = (call: FakeCall) => FakeAnswer | Promise<FakeAnswer>;

/** The shipped plan's period (中期経営計画 FY2025–2027), as `planPeriods` answers it. */
export const SHIPPED_PERIOD = { periodFrom: 2025, periodTo: 2027, title: '熊本市社会福祉協議会 中期経営計画', current: true };

export interface FakeApi extends ApiClient {
  calls: FakeCall[];
  /** the subscriptions open now, by operation name and variables */
  subscriptions(): FakeCall[];
  /** sends `data` to every open subscription of that operation whose variables match `variables` */
  push(operationName: string, data: unknown, variables?: Record<string, unknown>): void;
}

/**
 * A real urql client whose HTTP goes to `respond` instead of the network: components are tested through the same
 * client code paths (POST, error mapping) the app uses, answering by operation name. Subscriptions stay open until
 * the component ends them, and the test pushes what the API would send.
 */
export function fakeApi(respond: Responder): FakeApi {
  const calls: FakeCall[] = [];
  // the session reads the plan periods after signing in: unless a test answers them, the shipped plan's one period
  const answer = async (call: FakeCall): Promise<FakeAnswer> => {
    try {
      return await respond(call);
    } catch (error) {
      if (call.operationName === 'PlanPeriods') return { data: { planPeriods: [SHIPPED_PERIOD] } };
      throw error;
    }
  };
  const open = new Set<{ call: FakeCall; next(value: { data: unknown }): void }>();
  const fetch = async (_url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init?.body)) as { operationName: string; variables?: Record<string, unknown> };
    const call = { operationName: body.operationName, variables: body.variables ?? {} };
    calls.push(call);
    return new Response(JSON.stringify(await answer(call)), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const client = new Client({
    url: 'http://hyoka.test/graphql',
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          return {
            subscribe(sink) {
              const entry = { call: { operationName: request.operationName ?? '', variables: (request.variables ?? {}) as Record<string, unknown> }, next: (v: { data: unknown }) => sink.next(v as never) };
              open.add(entry);
              return { unsubscribe: () => void open.delete(entry) };
            },
          };
        },
      }),
    ],
    fetch,
    preferGetMethod: false,
    requestPolicy: 'network-only',
  });
  return {
    client,
    dispose: () => undefined,
    calls,
    subscriptions: () => [...open].map((s) => s.call),
    push(operationName, data, variables = {}) {
      for (const s of open) {
        const matches = Object.entries(variables).every(([k, v]) => s.call.variables[k] === v);
        if (s.call.operationName === operationName && matches) s.next({ data });
      }
    },
  };
}
