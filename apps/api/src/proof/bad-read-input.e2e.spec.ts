import type { EventStore } from '@hyoka/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { EVALUATION, INBOX } from '../testing/operations.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { EVENT_STORE } from '../tokens.js';

const JAPANESE = /[ぁ-んァ-ヶ一-龠]/;
const BOARD = `query($fiscalYear: Int!) { board(fiscalYear: $fiscalYear) { fiscalYear entries { itemId } } }`;
const REPORT = `query($fiscalYear: Int!, $divisionId: ID) { annualReport(fiscalYear: $fiscalYear, divisionId: $divisionId) { title } }`;
const CHECK = `query($digest: String!) { checkLogDigest(digest: $digest) { ok problem message } }`;
const HEX = 'a'.repeat(64);

/** Reads answer bad input as mutations do: VALIDATION naming the field, never NOT_FOUND echoing it back. */
describe('bad input to reads and to the transport', () => {
  let api: TestApi;
  let auditor: Browser;

  beforeAll(async () => {
    api = await startTestApi();
    auditor = await api.signIn('auditor');
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('an over-long, control-character or markup item id is VALIDATION on itemId, and not echoed', async () => {
    for (const itemId of ['I-' + '9'.repeat(300), 'I-001\u0000', 'I-001\u202e', '<img src=x onerror=alert(1)>', '']) {
      const error = await auditor.errorOf(EVALUATION, { itemId, fiscalYear: 2025 });
      expect(error.extensions, JSON.stringify(itemId)).toEqual({ code: 'VALIDATION', details: { field: 'itemId' } });
      expect(error.message).toMatch(JAPANESE);
      if (itemId) expect(error.message).not.toContain(itemId);
    }
    // a well-formed id the plan does not have stays NOT_FOUND
    expect((await auditor.errorOf(EVALUATION, { itemId: 'I-999', fiscalYear: 2025 })).extensions?.code).toBe('NOT_FOUND');
  });

  it('a fiscal year outside the plan is VALIDATION on fiscalYear, for every read that takes one', async () => {
    const cases: [string, string, Record<string, unknown>][] = [
      ['evaluation -1', EVALUATION, { itemId: 'I-001', fiscalYear: -1 }],
      ['evaluation 2031', EVALUATION, { itemId: 'I-001', fiscalYear: 2031 }],
      ['board 2147483647', BOARD, { fiscalYear: 2147483647 }],
      ['board -2147483648', BOARD, { fiscalYear: -2147483648 }],
      ['board 2031', BOARD, { fiscalYear: 2031 }],
      ['inbox 99999', INBOX, { fiscalYear: 99999 }],
      ['annualReport 2031', REPORT, { fiscalYear: 2031 }],
    ];
    for (const [label, query, variables] of cases) {
      const error = await auditor.errorOf(query, variables);
      expect(error.extensions, label).toMatchObject({ code: 'VALIDATION', details: { field: 'fiscalYear' } });
      expect(error.message, label).not.toMatch(/令和-|-\d+年度|2147483647/);
    }
    expect((await auditor.run(BOARD, { fiscalYear: 2025 })).board.entries.length).toBeGreaterThan(0);
    const division = await auditor.errorOf(REPORT, { fiscalYear: 2025, divisionId: 'x\u0000<b>' });
    expect(division.extensions).toEqual({ code: 'VALIDATION', details: { field: 'divisionId' } });
  });

  it('checkLogDigest past the head says so', async () => {
    const head = await api.app.get<EventStore>(EVENT_STORE).headPosition();
    const result = (await auditor.run(CHECK, { digest: `hyoka-log:v1:999999:999999:${HEX}` })).checkLogDigest;
    expect(result).toMatchObject({ ok: false, problem: 'logShorter' });
    expect(result.message).toContain(`ダイジェストの位置 999999 は、このログの末尾 (位置 ${head}) より先です。`);
    expect(result.message).not.toMatch(/削除されています/);
  });

  it('graphql-js coercion errors are in Japanese, without the value sent', async () => {
    const wrongType = await auditor.errorOf(BOARD, { fiscalYear: 'abc<script>' });
    expect(wrongType).toMatchObject({ extensions: { code: 'VALIDATION' } });
    expect(wrongType.message).toBe('リクエストの形式が正しくありません。変数 $fiscalYear の値が正しくありません: 整数で指定してください。入力内容を確かめてください。');
    const tooBig = await auditor.errorOf(BOARD, { fiscalYear: 2 ** 31 });
    expect(tooBig.message).toMatch(/-2147483648〜2147483647 の範囲/);
    const missing = await auditor.errorOf(BOARD, {});
    expect(missing.message).toMatch(/必須の変数 \$fiscalYear \(Int!\) が指定されていません/);
  });

  it('CSRF, batching and GET-mutation refusals have their own codes; a preflight is not a CSRF refusal', async () => {
    const graphql = `${api.url}/graphql`;
    const cookie = auditor.cookieHeader();
    const csrf = await fetch(graphql, { method: 'POST', headers: { 'content-type': 'text/plain', cookie }, body: '{"query":"{ viewer { userId } }"}' });
    expect(csrf.status).toBe(400);
    expect(((await csrf.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('CSRF_REFUSED');
    const batch = await fetch(graphql, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify([{ query: '{ viewer { userId } }' }, { query: '{ viewer { userId } }' }]),
    });
    expect(((await batch.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
    const getMutation = await fetch(`${graphql}?query=${encodeURIComponent('mutation { logout }')}`, { headers: { 'apollo-require-preflight': '1', cookie } });
    expect(getMutation.status).toBe(405);
    expect(((await getMutation.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');

    const preflight = await fetch(graphql, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(await preflight.text()).toBe('');
  });
});
