import { Client, fetchExchange } from '@urql/core';
import type { ApiClient } from '../api/client.js';

export interface FakeCall {
  operationName: string;
  variables: Record<string, unknown>;
}
/** An answer: `data`, or `errors` as the API sends them (with extensions.code). */
export type FakeAnswer = { data?: unknown; errors?: { message: string; extensions: { code: string } }[] };
export type Responder = (call: FakeCall) => FakeAnswer;

/**
 * A real urql client whose HTTP goes to `respond` instead of the network: components are tested through the same
 * client code paths (POST, error mapping) the app uses, answering by operation name.
 */
export function fakeApi(respond: Responder): ApiClient & { calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  const fetch = async (_url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init?.body)) as { operationName: string; variables?: Record<string, unknown> };
    const call = { operationName: body.operationName, variables: body.variables ?? {} };
    calls.push(call);
    return new Response(JSON.stringify(respond(call)), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const client = new Client({ url: 'http://hyoka.test/graphql', exchanges: [fetchExchange], fetch, preferGetMethod: false, requestPolicy: 'network-only' });
  return { client, dispose: () => undefined, calls };
}
