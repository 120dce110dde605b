import fc from 'fast-check';
import type { EventStore } from '@hyoka/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, GraphQLResponse } from '../testing/graphql-client.js';
import {
  APPROVE,
  APPROVE_MANY,
  AUDIT_LOG,
  COMMENT,
  EVALUATION,
  FINALIZE,
  FORWARD,
  RECALL,
  REOPEN,
  RETURN,
  SAVE_SELF_EVALUATION,
  SAVE_ANNUAL_PLAN,
  SUBMIT,
  newCommandId,
  commentsOf,
} from '../testing/operations.js';
import { act, committeeSession, draft, finalized, submitted, type People } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { EVENT_STORE } from '../tokens.js';

const FY = 2025;
/** property runs per mutation (each run is one refused request, a head check and a still-serving check) */
const RUNS = Number(process.env['PROOF_PROPERTY_RUNS'] ?? 40);
const JAPANESE = /[ぁ-んァ-ヶ一-龠]/;
const OMIT = Symbol('omit');

// ---- what careless or hostile input looks like ----

/** C0/C1 controls, DEL, bidi overrides and a lone surrogate: never allowed in text (tab and newlines are, in multi-line text) */
const CONTROL = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u001b', '\u007f', '\u0085', '\u009f', '\u202e', '\u2066', '\ud800', '\udfff');
const INJECTION = fc.constantFrom(
  "'; DROP TABLE events; --",
  '" OR "1"="1',
  "1' UNION SELECT * FROM users --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{constructor.constructor("alert(1)")()}}',
  '${process.exit()}',
  '../../etc/passwd',
);
/**
 * A double that JSON can carry: NaN and ±Infinity serialise as `null` in a JSON body, which is a valid value for every
 * optional field (a run once "sent Infinity" as a reason and recorded a forward). They travel as raw bodies in the
 * test of bodies that never reach GraphQL, below.
 */
const jsonDouble = (options: { noInteger?: boolean } = {}) => fc.double({ ...options, noNaN: true, noDefaultInfinity: true });
const WRONG_TYPE = fc.oneof(fc.boolean(), jsonDouble(), fc.constant({}), fc.constant([1, 2]), fc.constant({ $gt: '' }));
const NOT_A_STRING = fc.oneof(fc.boolean(), fc.integer(), jsonDouble(), fc.constant({}), fc.constant([{}]));

/** text with at least one character that is never allowed */
const withControl = (multiline: boolean) =>
  fc
    .tuple(fc.string({ maxLength: 20 }), multiline ? CONTROL : fc.oneof(CONTROL, fc.constantFrom('\n', '\t', '\r')), fc.string({ maxLength: 20 }))
    // between other characters: text is trimmed first, so a newline at either end is no fault
    .map(([a, c, b]) => `確認${a}${c}${b}。`);
/** longer than `max` characters (kept under the 100 kB request body limit) */
const tooLong = (max: number) => fc.integer({ min: max + 1, max: Math.min(max * 4, 30_000) }).map((n) => 'あ'.repeat(n));
const blank = fc.constantFrom('', ' ', '　', '\n\t ');

const badText = (max: number, options: { required: boolean; multiline: boolean }) =>
  fc.oneof(withControl(options.multiline), tooLong(max), NOT_A_STRING, ...(options.required ? [blank, fc.constant(OMIT)] : []));

/** not a non-negative decimal of at most 12+6 digits (NaN and Infinity can only travel as text in JSON) */
const badDecimal = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '-1', '-0.5', '1e3', '1E-2', '1,000', '0x1F', '1.2.3', 'abc', '', ' ', '五', '½', '1 2'),
  fc.integer({ min: 13, max: 40 }).map((n) => '9'.repeat(n)),
  fc.integer({ min: 7, max: 30 }).map((n) => `1.${'1'.repeat(n)}`),
  fc.integer({ min: 1, max: 1_000_000 }).map((n) => `-${n}`),
  NOT_A_STRING,
);
/** a bad 実績値: an optional decimal, so blank is no fault (it is one not entered yet) */
const badActual = badDecimal.filter((v) => !(typeof v === 'string' && v.trim() === ''));
/** not an id of the plan: a character ids never have, too long, empty, or not a string */
const ID_CHARS = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
const malformedId = fc.oneof(
  INJECTION,
  fc.constantFrom('', ' ', 'I-001 ', ' I-001', 'I 001', 'I-001\n', '-I-001', 'あいう', 'Ｉ-００１', 'I-001\u0000', '\u202eI-001'),
  fc.tuple(fc.constantFrom('I-0', 'I-'), fc.oneof(CONTROL, fc.constantFrom(' ', "'", '"', ';', '<', '>', '%', '#', '?', '*', '\\')), fc.nat(99)).map(([a, c, n]) => `${a}${c}${n}`),
  fc.integer({ min: 129, max: 2000 }).map((n) => 'I'.repeat(n)),
  fc.oneof(fc.boolean(), jsonDouble({ noInteger: true }), fc.constant({}), fc.constant(null)),
).filter((v) => typeof v !== 'string' || !ID_CHARS.test(v));
const badFiscalYear = fc.oneof(
  fc.integer({ min: -2_147_483_648, max: 1999 }),
  fc.integer({ min: 2101, max: 2_147_483_647 }),
  fc.constantFrom(2 ** 31, 2 ** 40, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER),
  jsonDouble({ noInteger: true }),
  fc.constantFrom('2025', 'NaN', 'Infinity', '令和7年度', null, OMIT),
  fc.boolean(),
);
const badExpectedVersion = fc.oneof(
  fc.integer({ min: -2_147_483_648, max: -1 }),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1.5, 'NaN', 'Infinity', '1', '最新'),
  jsonDouble({ noInteger: true }),
  fc.boolean(),
  fc.constant({}),
);
const badCommandId = fc.oneof(
  fc.string({ maxLength: 7 }),
  fc.integer({ min: 101, max: 3000 }).map((n) => 'c'.repeat(n)),
  fc.tuple(fc.string({ minLength: 8, maxLength: 30 }), fc.oneof(CONTROL, fc.constantFrom(' ', "'", ';', '<', 'あ'))).map(([s, c]) => `cmd-${s}${c}`),
  INJECTION,
  fc.constantFrom('-starts-with-a-dash', '.starts-with-a-dot', null, OMIT),
  fc.oneof(fc.boolean(), jsonDouble({ noInteger: true }), fc.constant({})),
).filter((v) => typeof v !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:/-]{7,99}$/.test(v));
const notIn = (values: readonly string[]) =>
  fc.oneof(
    fc.string({ maxLength: 30 }).filter((s) => !values.includes(s)),
    fc.constantFrom(...values.map((v) => v.toLowerCase()).filter((v) => !values.includes(v)), '', 'E', 'S', 'Archived', 'DROP TABLE'),
    NOT_A_STRING,
  );
const GRADES = ['A', 'B', 'C', 'D'];
const badGrade = notIn(GRADES);
const badLinks = fc.oneof(
  fc.constantFrom(['javascript:alert(1)'], ['ftp://example.org/x'], ['not a url'], ['http://'], ['https://example.org/a b'], [''], ['https://example.org/\u0000']),
  fc.integer({ min: 2049, max: 5000 }).map((n) => [`https://example.org/${'a'.repeat(n)}`]),
  fc.integer({ min: 21, max: 40 }).map((n) => Array.from({ length: n }, (_, i) => `https://example.org/${i}`)),
  fc.constant([1, 2]),
  fc.constant([null]),
  fc.constant({ url: 'https://example.org' }),
);
const badBoolean = fc.oneof(fc.constantFrom('yes', 'true', 'はい', 1, 0, 'false'), fc.constant({}));

// ---- the mutations and their fields ----

interface Mutation {
  name: string;
  document: string;
  who: () => Browser;
  /** a valid input the person could send now (the property replaces one field of it) */
  base: () => Record<string, unknown>;
  fields: Record<string, fc.Arbitrary<unknown>>;
}

const commonFields = {
  itemId: malformedId,
  fiscalYear: badFiscalYear,
  expectedVersion: badExpectedVersion,
  commandId: badCommandId,
};

function setPath(input: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(input);
  const keys = path.split('.');
  let target = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
  const last = keys.at(-1)!;
  if (value === OMIT) delete target[last];
  else target[last] = value;
  return copy;
}

describe('bad input: every mutation refuses it with VALIDATION and a clear message, records nothing, and keeps serving', () => {
  let api: TestApi;
  let store: EventStore;
  let people: People;
  const expectedVersions: Record<string, number | null> = {};
  let sessionId = '';
  let runs = 0;

  beforeAll(async () => {
    api = await startTestApi();
    store = api.app.get<EventStore>(EVENT_STORE);
    const [staff, chair, secretaryGeneral, committee] = await api.signInAll('staff-general', 'head-general', 'secretary-general', 'committee-1');
    people = { staff, chair, secretaryGeneral, committee };
    // one evaluation at each stage, each acted on only by refused requests (a valid one would change its version)
    expectedVersions['I-020'] = null;
    expectedVersions['I-021'] = (await draft(staff, 'I-021', FY)).version;
    expectedVersions['I-022'] = (await submitted(staff, 'I-022', FY)).version;
    const approved = await act(chair, APPROVE, 'I-023', FY, { expectedVersion: (await submitted(staff, 'I-023', FY)).version });
    expectedVersions['I-023'] = approved.version;
    expectedVersions['I-024'] = (await act(secretaryGeneral, FORWARD, 'I-024', FY, {
      expectedVersion: (await act(chair, APPROVE, 'I-024', FY, { expectedVersion: (await submitted(staff, 'I-024', FY)).version })).version,
      proposedGrade: 'A',
    })).version;
    expectedVersions['I-025'] = (await finalized(people, 'I-025', FY)).version;
    // the committee's open session (with quorum) the finalise and reopen requests name
    sessionId = (await committeeSession(committee, ['I-024', 'I-025'], FY)).meetingId;
  });
  afterAll(async () => {
    await api?.dispose();
  });

  const on = (itemId: string) => ({ itemId, fiscalYear: FY, expectedVersion: expectedVersions[itemId], commandId: newCommandId('bad') });

  const mutations: Mutation[] = [
    {
      name: 'saveAnnualPlan',
      document: SAVE_ANNUAL_PLAN,
      who: () => people.staff,
      base: () => ({ ...on('I-020'), method: 'quantitative', target: '4', unit: '回', direction: 'higherIsBetter' }),
      fields: {
        method: notIn(['quantitative', 'qualitative']),
        target: fc.oneof(badDecimal, fc.constantFrom('0', '0.0', '00', '0.000000', OMIT)),
        unit: badText(20, { required: true, multiline: false }),
        direction: notIn(['higherIsBetter', 'lowerIsBetter']),
      },
    },
    {
      name: 'saveAnnualPlan (定性 with a number)',
      document: SAVE_ANNUAL_PLAN,
      who: () => people.staff,
      base: () => ({ ...on('I-020'), method: 'qualitative' }),
      fields: { target: fc.constantFrom('4', '0', 'NaN'), unit: fc.constantFrom('回', '件'), direction: fc.constantFrom('higherIsBetter', 'lowerIsBetter') },
    },
    {
      name: 'saveSelfEvaluation',
      document: SAVE_SELF_EVALUATION,
      who: () => people.staff,
      base: () => ({
        ...on('I-021'),
        actual: '3',
        qualitativeGrade: 'B',
        actualStage: '実施',
        plannedStageReached: true,
        narrative: { achievements: '3回開催した', issues: '参加者の確保', nextYear: '周知を強化する' },
        evidenceLinks: ['https://example.org/report'],
      }),
      fields: {
        actual: badActual,
        qualitativeGrade: badGrade,
        actualStage: badText(50, { required: false, multiline: false }),
        plannedStageReached: badBoolean,
        'narrative.achievements': badText(4000, { required: false, multiline: true }),
        'narrative.issues': badText(4000, { required: false, multiline: true }),
        'narrative.nextYear': badText(4000, { required: false, multiline: true }),
        evidenceLinks: badLinks,
      },
    },
    { name: 'submitEvaluation', document: SUBMIT, who: () => people.staff, base: () => on('I-021'), fields: {} },
    { name: 'recallEvaluation', document: RECALL, who: () => people.staff, base: () => on('I-022'), fields: {} },
    {
      name: 'commentOnEvaluation',
      document: COMMENT,
      who: () => people.chair,
      base: () => ({ ...on('I-022'), text: '根拠資料を確認しました' }),
      fields: { text: badText(2000, { required: true, multiline: true }) },
    },
    { name: 'approveEvaluation', document: APPROVE, who: () => people.chair, base: () => on('I-022'), fields: {} },
    {
      name: 'returnEvaluation',
      document: RETURN,
      who: () => people.chair,
      base: () => ({ ...on('I-022'), toStage: 'Draft', reason: '根拠を追記してください' }),
      fields: {
        toStage: fc.oneof(notIn(['Draft', 'PromotionMeetingReview', 'ManagersMeetingReview', 'CommitteeReview', 'Finalized', 'NotStarted']), fc.constant('NotStarted')),
        reason: badText(2000, { required: true, multiline: true }),
      },
    },
    {
      name: 'forwardToCommittee',
      document: FORWARD,
      who: () => people.secretaryGeneral,
      base: () => ({ ...on('I-023'), proposedGrade: 'A', reason: '自己評価のとおり' }),
      fields: { proposedGrade: fc.oneof(badGrade, fc.constant(OMIT)), reason: badText(2000, { required: false, multiline: true }) },
    },
    {
      name: 'finalizeEvaluation',
      document: FINALIZE,
      who: () => people.committee,
      base: () => ({ ...on('I-024'), meetingId: sessionId, overallGrade: 'A', rationale: '聞き取りで確認した', reason: null }),
      fields: {
        overallGrade: fc.oneof(badGrade, fc.constant(OMIT)),
        rationale: badText(4000, { required: true, multiline: true }),
        reason: badText(2000, { required: false, multiline: true }),
      },
    },
    {
      name: 'reopenEvaluation',
      document: REOPEN,
      who: () => people.committee,
      base: () => ({ ...on('I-025'), meetingId: sessionId, reason: '再審査が必要' }),
      fields: { reason: badText(2000, { required: true, multiline: true }) },
    },
  ];

  /** The refusal every bad input must get, and the two things that must not change. */
  async function expectRefused(who: Browser, document: string, variables: Record<string, unknown>, label: string) {
    const before = await store.headPosition();
    const response: GraphQLResponse<Record<string, unknown>> = await who.send(document, variables);
    runs += 1;
    const error = response.errors?.[0];
    expect(error, `${label}: ${JSON.stringify(response).slice(0, 300)}`).toBeDefined();
    if (error?.extensions?.code === 'CONFLICT') {
      // diagnostics: what the stream holds against the version the request named
      const input = variables['input'] as { itemId?: unknown; fiscalYear?: unknown; expectedVersion?: unknown } | undefined;
      const stream = `evaluation-${String(input?.itemId)}-${String(input?.fiscalYear)}`;
      const events = await store.readStream(stream).catch(() => []);
      label += ` [CONFLICT: expectedVersion ${String(input?.expectedVersion)}, ${stream} holds ${events.length} events: ${events
        .map((e) => `${e.revision}:${e.type}@${e.metadata.commandId}${e.metadata.commandId.startsWith('bad') ? ` ${JSON.stringify(e.data).slice(0, 400)}` : ''}`)
        .join(', ')}; extensions ${JSON.stringify(error.extensions)}]`;
    }
    expect(error!.extensions?.code, `${label}: ${error!.message.slice(0, 300)}`).toBe('VALIDATION');
    expect(error!.message, label).toMatch(JAPANESE);
    // clear: short, and no stack trace, SQL or driver text
    expect(error!.message.length, label).toBeLessThan(600);
    expect(error!.message, label).not.toMatch(/\bat .+\.(js|ts):\d+|SQLITE|SELECT |INSERT |better-sqlite3/);
    expect(await store.headPosition(), `${label}: recorded something`).toBe(before);
    const alive = await who.send(`query { viewer { userId } }`);
    expect(alive.errors, label).toBeUndefined();
    // still signed in: the viewer is the demo account that sent the request
    expect((alive.data as { viewer: { userId: string } | null }).viewer?.userId, label).toMatch(/^demo-/);
  }

  for (const mutation of mutations) {
    it(`${mutation.name}: wrong types, huge strings, NaN/Infinity, zero and negative numbers, unknown grades and stages, control characters, injection, malformed ids`, async () => {
      const fields = { ...commonFields, ...mutation.fields };
      const field = fc.constantFrom(...Object.keys(fields));
      const cases = field.chain((name) => fields[name as keyof typeof fields]!.map((value) => ({ name, value })));
      await fc.assert(
        fc.asyncProperty(cases, async ({ name, value }) => {
          const input = setPath(mutation.base(), name, value);
          await expectRefused(mutation.who(), mutation.document, { input }, `${mutation.name}.${name} = ${JSON.stringify(value)?.slice(0, 80)}`);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('approveEvaluations: an empty or oversized list, the same item twice, malformed items or command id', async () => {
    const item = () => ({ itemId: 'I-022', fiscalYear: FY, expectedVersion: expectedVersions['I-022'] });
    const badItems = fc.oneof(
      fc.constant([]),
      fc.constant(Array.from({ length: 201 }, (_, i) => ({ itemId: `I-${String((i % 94) + 1).padStart(3, '0')}`, fiscalYear: 2025 + (i % 3), expectedVersion: 0 }))),
      fc.constant([item(), item()]),
      malformedId.map((itemId) => [item(), { ...item(), itemId }]),
      badFiscalYear.map((fiscalYear) => [{ ...item(), fiscalYear }]),
      fc.oneof(badExpectedVersion, fc.constant(null)).map((expectedVersion) => [{ ...item(), expectedVersion }]),
      WRONG_TYPE,
      fc.constant(OMIT),
    );
    const cases = fc.oneof(
      badItems.map((items) => ({ name: 'items', value: items as unknown })),
      badCommandId.map((value) => ({ name: 'commandId', value: value as unknown })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ name, value }) => {
        const input = setPath({ items: [item()], commandId: newCommandId('bad-bulk') }, name, value);
        // malformed input refuses the whole bulk: no item of it is recorded, not even a valid one
        await expectRefused(people.chair, APPROVE_MANY, { input }, `approveEvaluations.${name} = ${JSON.stringify(value)?.slice(0, 80)}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('well-formed ids of nothing get NOT_FOUND, years outside the plan VALIDATION, and record nothing', async () => {
    const unknown = fc.oneof(
      fc.record({ itemId: fc.integer({ min: 95, max: 9999 }).map((n) => `I-${n}`), fiscalYear: fc.constant(FY), code: fc.constant('NOT_FOUND') }),
      fc.record({
        itemId: fc.stringMatching(/^[A-Z][A-Za-z0-9._-]{2,30}$/).filter((s) => !/^I-0\d\d$/.test(s)),
        fiscalYear: fc.constant(FY),
        code: fc.constant('NOT_FOUND'),
      }),
      fc.record({
        itemId: fc.constant('I-020'),
        fiscalYear: fc.oneof(fc.integer({ min: 2000, max: 2024 }), fc.integer({ min: 2028, max: 2100 })),
        code: fc.constant('VALIDATION'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(unknown, fc.constantFrom(null, 0, 3), async ({ itemId, fiscalYear, code }, expectedVersion) => {
        const before = await store.headPosition();
        const error = await people.staff.errorOf(SAVE_ANNUAL_PLAN, {
          input: { itemId, fiscalYear, expectedVersion, commandId: newCommandId('nf'), method: 'qualitative' },
        });
        runs += 1;
        expect(error.extensions?.code, `${itemId} ${fiscalYear}: ${error.message}`).toBe(code);
        expect(error.message).not.toMatch(/令和/);
        expect(error.message).toMatch(JAPANESE);
        expect(await store.headPosition()).toBe(before);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('SQL and HTML in text are only text: recorded verbatim once, read back unchanged, and nothing else happens', async () => {
    await fc.assert(
      fc.asyncProperty(INJECTION, fc.string({ maxLength: 30 }).filter((s) => !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/.test(s)), async (attack, noise) => {
        const text = `確認: ${attack}${noise}`.trim();
        const before = await store.headPosition();
        const e = await act(people.chair, COMMENT, 'I-022', FY, { expectedVersion: expectedVersions['I-022'], text });
        runs += 1;
        expectedVersions['I-022'] = e.version as number;
        expect(await store.headPosition()).toBe(before + 1n);
        expect((commentsOf(e) as { text: string }[]).at(-1)!.text).toBe(text);
        const read = (await people.chair.run(EVALUATION, { itemId: 'I-022', fiscalYear: FY })).evaluation;
        expect(commentsOf(read).at(-1).text).toBe(text);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
    // the tables are intact: every event is still there and readable
    const auditor = await api.signIn('auditor');
    const log = (await auditor.run(AUDIT_LOG, { paging: { limit: 1000 } })).auditLog.entries as unknown[];
    expect(BigInt(log.length)).toBe(await store.headPosition());
  });

  it('bodies that never reach GraphQL (NaN or Infinity as JSON numbers, a truncated body, over the size limit) get VALIDATION too', async () => {
    const before = await store.headPosition();
    const post = (body: string) =>
      fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: people.staff.cookieHeader() }, body });
    const mutation = `mutation($input: SaveAnnualPlanInput!) { saveAnnualPlan(input: $input) { version } }`;
    const nan = await post(`{"query":${JSON.stringify(mutation)},"variables":{"input":{"itemId":"I-020","fiscalYear":NaN,"expectedVersion":null,"commandId":"nan-12345678","method":"quantitative","target":Infinity,"unit":"回","direction":"higherIsBetter"}}}`);
    const truncated = await post(`{"query":${JSON.stringify(mutation)},"variables":{"input":{"itemId":"I-0`);
    const huge = await post(JSON.stringify({ query: mutation, variables: { input: { ...on('I-020'), method: 'quantitative', target: '4', unit: 'あ'.repeat(200_000), direction: 'higherIsBetter' } } }));
    for (const [label, response, status] of [['NaN', nan, 400], ['truncated', truncated, 400], ['huge', huge, 413]] as const) {
      runs += 1;
      expect(response.status, label).toBe(status);
      const body = (await response.json()) as GraphQLResponse<unknown>;
      expect(body.errors?.[0]?.extensions?.code, label).toBe('VALIDATION');
      expect(body.errors?.[0]?.message, label).toMatch(JAPANESE);
      expect(JSON.stringify(body), label).not.toMatch(/NaN,|Infinity,|Unexpected token|is not valid JSON/);
    }
    // other paths keep Nest's own answers
    const elsewhere = await fetch(`${api.url}/exports/nothing-here`, { headers: { cookie: people.staff.cookieHeader() } });
    expect(elsewhere.status).toBeGreaterThanOrEqual(400);
    expect(await store.headPosition()).toBe(before);
    expect((await people.staff.run(`query { viewer { userId } }`)).viewer.userId).toBe('demo-staff-general');
    console.log(`bad input: ${runs} property runs refused or stored as plain text (${RUNS} per mutation)`);
  });

  it('a body with bytes that are not UTF-8 is refused (400, VALIDATION, in Japanese), never recorded as U+FFFD', async () => {
    const before = await store.headPosition();
    const mutation = `mutation($input: SaveAnnualPlanInput!) { saveAnnualPlan(input: $input) { version } }`;
    const json = JSON.stringify({ query: mutation, variables: { input: { ...on('I-020'), method: 'quantitative', target: '4', unit: 'UNIT', direction: 'higherIsBetter' } } });
    const [head, tail] = json.split('UNIT') as [string, string];
    // 回 (E5 9B 9E) cut short, then a byte that never starts a character
    const body = Buffer.concat([Buffer.from(head), Buffer.from([0xe5, 0x9b, 0xff]), Buffer.from(tail)]);
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', cookie: people.staff.cookieHeader() },
      body,
    });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as GraphQLResponse<unknown>;
    expect(answer.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(answer.errors?.[0]?.message).toMatch(/UTF-8/);
    expect(answer.errors?.[0]?.message).toMatch(JAPANESE);
    expect(await store.headPosition()).toBe(before);
    // the same request in valid UTF-8 is recorded
    const valid = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', cookie: people.staff.cookieHeader() },
      body: Buffer.from(json.replace('UNIT', '回')),
    });
    const recorded = ((await valid.json()) as GraphQLResponse<{ saveAnnualPlan: { version: number } }>).data?.saveAnnualPlan;
    expect(recorded?.version).toEqual(expect.any(Number));
    expectedVersions['I-020'] = recorded!.version;
    expect(await store.headPosition()).toBe(before + 1n);
  });
});
