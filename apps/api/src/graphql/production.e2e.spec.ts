import { QueryBus } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, GraphQLErrorShape } from '../testing/graphql-client.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { wsSession, type WsSession } from '../testing/ws-client.js';

const FY = 2025;
const BOARD = `{ board(fiscalYear: ${FY}) { fiscalYear } }`;

/** What must never reach a client in production: stack frames, file paths, SQL and driver text, suggestions. */
const LEAKS = [/\bat .+:\d+:\d+/, /node_modules/, /\/src\//, /SQLITE/i, /\bSELECT\b/, /stacktrace/i, /Did you mean/];
const expectNoLeak = (text: string) => {
  for (const leak of LEAKS) expect(text).not.toMatch(leak);
};

describe('production mode (HYOKA_ENV=production)', () => {
  let api: TestApi;
  let reader: Browser;
  const sockets: WsSession[] = [];
  const socket = () => {
    const s = wsSession(api.url, reader.cookieHeader());
    sockets.push(s);
    return s;
  };
  const post = async (body: string, contentType = 'application/json') => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': contentType, cookie: reader.cookieHeader() },
      body,
    });
    return { status: response.status, text: await response.text(), cacheControl: response.headers.get('cache-control') };
  };

  beforeAll(async () => {
    // production creates no demo accounts: a development start makes them (and the catalogue) on the same folder first
    const seeded = await startTestApi();
    await seeded.close();
    api = await startTestApi({ HYOKA_ENV: 'production' }, seeded.dataDir);
    reader = await api.signIn('auditor');
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
    await api?.dispose();
  });

  it('reads the mode from the environment', () => {
    expect(api.config.production).toBe(true);
  });

  it('answers every GraphQL request with cache-control: no-store (one person\'s view of the evaluations)', async () => {
    const answer = await post(JSON.stringify({ query: BOARD }));
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('"fiscalYear":2025');
    expect(answer.cacheControl).toBe('no-store');
    const refused = await post(JSON.stringify({ query: '{ boardd { x } }' }));
    expect(refused.cacheControl).toBe('no-store');
  });

  it.each([
    ['__schema', `{ __schema { queryType { name } } }`],
    ['__type', `{ __type(name: "Query") { name fields { name } } }`],
  ])('refuses introspection (%s) over HTTP and over graphql-ws', async (_label, query) => {
    const overHttp = await reader.send(query);
    expect(overHttp.data ?? undefined).toBeUndefined();
    expect(overHttp.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const overWs = await socket().run(query);
    expect(overWs.results).toEqual([]);
    expect(overWs.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });

  it.each([
    ['a misspelt field', `{ boardd(fiscalYear: ${FY}) { fiscalYear } }`],
    ['a misspelt sub-field', `{ board(fiscalYear: ${FY}) { fiscalYer } }`],
    ['a misspelt input field', `mutation { login(input: { loginNam: "auditor", password: "x" }) { userId } }`],
    [
      'a misspelt enum value',
      `mutation { saveAnnualPlan(input: { itemId: "I-001", fiscalYear: ${FY}, commandId: "cmd-prod-1", method: quantitativ }) { version } }`,
    ],
  ])('suggests no field names for %s (HTTP and graphql-ws)', async (_label, query) => {
    const overHttp = await post(JSON.stringify({ query }));
    expect(overHttp.status).toBe(400);
    expect(JSON.parse(overHttp.text).errors[0].extensions.code).toBe('VALIDATION');
    expectNoLeak(overHttp.text);
    const overWs = await socket().run(query);
    expect(overWs.errors?.length).toBeGreaterThan(0);
    expectNoLeak(JSON.stringify(overWs.errors));
  });

  it('answers an unexpected error with INTERNAL and a Japanese message: no stack, no SQL (HTTP and graphql-ws)', async () => {
    const boom = new Error('SQLITE_ERROR: near "SELEC": syntax error in SELECT * FROM board_entries WHERE fiscal_year = 2025');
    const execute = vi.spyOn(api.app.get(QueryBus), 'execute').mockRejectedValue(boom);
    try {
      const overHttp = await post(JSON.stringify({ query: BOARD }));
      const body = JSON.parse(overHttp.text) as { errors: GraphQLErrorShape[] };
      expect(body.errors).toEqual([
        { message: expect.stringMatching(/^サーバーで予期しないエラーが発生しました/), path: ['board'], locations: expect.any(Array), extensions: { code: 'INTERNAL' } },
      ]);
      expectNoLeak(overHttp.text);
      const overWs = await socket().run(BOARD);
      const wsText = JSON.stringify(overWs);
      expect(overWs.results[0]?.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL' });
      expectNoLeak(wsText);
      expect(execute).toHaveBeenCalledTimes(2);
    } finally {
      execute.mockRestore();
    }
  });

  it('answers a body that is not JSON without a stack trace', async () => {
    const response = await post('{"query": "{ board', 'application/json');
    expect(response.status).toBe(400);
    expectNoLeak(response.text);
  });
});
