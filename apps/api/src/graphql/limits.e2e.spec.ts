import { QueryBus } from '@nestjs/cqrs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Browser, GraphQLErrorShape } from '../testing/graphql-client.js';
import { EVALUATION_FIELDS } from '../testing/operations.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { webOperations } from '../testing/web-operations.js';
import { wsSession, type WsSession } from '../testing/ws-client.js';
import { PUB_SUB } from '../tokens.js';
import { OPERATION_LIMITS } from './limits.js';

const FY = 2025;
const board = `board(fiscalYear: ${FY}) { fiscalYear }`;

/** One operation past each limit; each also asks for the board, whose resolver must never run. */
const OVER_LIMIT: [name: string, query: string][] = [
  // the schema has no cycles, so only introspection nests past the depth limit
  ['depth', `{ ${board} __type(name: "Query") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }`],
  ['aliases', `{ ${Array.from({ length: OPERATION_LIMITS.aliases + 1 }, (_, i) => `b${i}: ${board}`).join(' ')} }`],
  [
    'cost',
    `{ ${board} ${[1, 2, 3, 4, 5].map((i) => `e${i}: evaluation(itemId: "I-001", fiscalYear: ${FY}) { ...F }`).join(' ')} }
     fragment F on Evaluation { ${EVALUATION_FIELDS} }`,
  ],
  ['tokens', `{ board(fiscalYear: ${FY}) { ${'fiscalYear '.repeat(OPERATION_LIMITS.tokens)} } }`],
  ['directives', `{ board(fiscalYear: ${FY}) { ${'fiscalYear @include(if: true) '.repeat(OPERATION_LIMITS.directives + 1)} } }`],
];

function expectRefusedFor(limit: string, errors: GraphQLErrorShape[] | undefined) {
  expect(errors).toHaveLength(1);
  expect(errors![0]!.extensions).toMatchObject({ code: 'VALIDATION', details: { limit, max: OPERATION_LIMITS[limit as never] } });
  expect(errors![0]!.message).toMatch(/^問い合わせが大きすぎるため実行しませんでした。.+上限/);
}

describe('operation limits, batching and CSRF (apps/api over HTTP and graphql-ws)', () => {
  let api: TestApi;
  let reader: Browser;
  let queries: MockInstance;
  const sockets: WsSession[] = [];
  const socket = () => {
    const s = wsSession(api.url, reader.cookieHeader());
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    api = await startTestApi();
    reader = await api.signIn('head-general');
  });
  afterEach(() => {
    queries?.mockRestore();
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
    await api?.dispose();
  });

  const spyOnQueries = () => {
    queries = vi.spyOn(api.app.get(QueryBus), 'execute');
    return queries;
  };

  it('a resolver spy sees an ordinary board query (so its silence below means something)', async () => {
    const spy = spyOnQueries();
    expect(await reader.run(`{ ${board} }`)).toEqual({ board: { fiscalYear: FY } });
    expect(spy).toHaveBeenCalledTimes(1);
    const { results, errors } = await socket().run(`{ ${board} }`);
    expect(errors).toBeUndefined();
    expect(results).toEqual([{ data: { board: { fiscalYear: FY } } }]);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it.each(OVER_LIMIT)('%s: refused over HTTP (400) before any resolver runs', async (limit, query) => {
    const spy = spyOnQueries();
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: reader.cookieHeader() },
      body: JSON.stringify({ query }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { data?: unknown; errors?: GraphQLErrorShape[] };
    expect(body.data).toBeUndefined();
    expectRefusedFor(limit, body.errors);
    expect(spy).not.toHaveBeenCalled();
  });

  it.each(OVER_LIMIT)('%s: refused over graphql-ws before any resolver runs; the socket stays usable', async (limit, query) => {
    const spy = spyOnQueries();
    const ws = socket();
    const { results, errors } = await ws.run(query);
    expect(results).toEqual([]);
    expectRefusedFor(limit, errors);
    expect(spy).not.toHaveBeenCalled();
    expect((await ws.run(`{ ${board} }`)).results).toEqual([{ data: { board: { fiscalYear: FY } } }]);
  });

  it('a subscription past a limit never subscribes', async () => {
    const pubSub = api.app.get<{ asyncIterableIterator: (...args: unknown[]) => unknown }>(PUB_SUB);
    const subscribe = vi.spyOn(pubSub, 'asyncIterableIterator');
    try {
      const fields = Array.from({ length: OPERATION_LIMITS.aliases + 1 }, (_, i) => `v${i}: version`).join(' ');
      const { errors } = await socket().run(`subscription { boardChanged(fiscalYear: ${FY}) { ${fields} } }`);
      expectRefusedFor('aliases', errors);
      expect(subscribe).not.toHaveBeenCalled();
    } finally {
      subscribe.mockRestore();
    }
  });

  it("the web app's queries pass the limits over HTTP and over graphql-ws", async () => {
    const variables: Record<string, Record<string, unknown>> = {
      Board: { fiscalYear: FY },
      Evaluation: { itemId: 'I-001', fiscalYear: FY },
      Inbox: { fiscalYear: FY },
      Plan: {},
      FiscalYears: {},
      GradeSummary: {},
      AuditLog: {},
      Viewer: {},
    };
    const web = webOperations().filter((o) => o.name in variables);
    expect(web.map((o) => o.name).sort()).toEqual(Object.keys(variables).sort());
    const ws = socket();
    for (const { name, source } of web) {
      const overHttp = await reader.send(source, variables[name]);
      expect(overHttp.errors, name).toBeUndefined();
      expect(overHttp.data, name).toBeTruthy();
      const overWs = await ws.run(source, variables[name]);
      expect(overWs.errors, name).toBeUndefined();
      expect(overWs.results[0]?.errors, name).toBeUndefined();
    }
  });

  it('refuses a batched array of operations (400), running none of them', async () => {
    const spy = spyOnQueries();
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: reader.cookieHeader() },
      body: JSON.stringify([{ query: `{ ${board} }` }, { query: `{ ${board} }` }]),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: GraphQLErrorShape[] };
    expect(body.errors).toEqual([
      { message: '複数の操作をまとめて送ることはできません。1 回のリクエストで 1 つの操作を送ってください。', extensions: { code: 'BAD_REQUEST' } },
    ]);
    expect(spy).not.toHaveBeenCalled();
  });

  it('CSRF prevention: a text/plain POST (a form a foreign page could send) is refused and changes nothing', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie: reader.cookieHeader() },
      body: JSON.stringify({ query: 'mutation { logout }' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(((await response.json()) as { errors: GraphQLErrorShape[] }).errors).toEqual([
      { message: expect.stringMatching(/^このリクエストは送信元を確認できないため受け付けませんでした/), extensions: { code: 'CSRF_REFUSED' } },
    ]);
    // still signed in: the logout never ran
    expect((await reader.run(`{ viewer { loginName } }`)).viewer).toEqual({ loginName: 'head-general' });
  });

  it('a mutation over GET is refused, with or without a preflight header', async () => {
    const url = `${api.url}/graphql?query=${encodeURIComponent('mutation { logout }')}`;
    const simple = await fetch(url, { headers: { cookie: reader.cookieHeader() } });
    expect(simple.status).toBe(400);
    const preflighted = await fetch(url, { headers: { cookie: reader.cookieHeader(), 'apollo-require-preflight': '1' } });
    expect(preflighted.status).toBe(405);
    expect(((await preflighted.json()) as { errors: GraphQLErrorShape[] }).errors[0]).toMatchObject({
      message: '更新の操作は GET では送れません。POST で送ってください。',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect((await reader.run(`{ viewer { loginName } }`)).viewer).toEqual({ loginName: 'head-general' });
  });
});
