import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, GraphQLError, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createFormatError } from '../errors/error-mapper.js';
import * as apiOperations from '../testing/operations.js';
import { webOperations } from '../testing/web-operations.js';
import { FIELD_COSTS, limitBreachOf, limitRules, OPERATION_LIMITS, parseWithLimits, validateWithLimits } from './limits.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const schema = buildSchema(readFileSync(join(here, '../../schema.graphql'), 'utf8'));

const rules = limitRules(OPERATION_LIMITS, { production: false });
const check = (source: string) => validateWithLimits(schema, parseWithLimits(source, OPERATION_LIMITS), rules);
const formatError = createFormatError({ error: () => undefined });

const EVALUATION_FRAGMENT = `fragment F on Evaluation { ${apiOperations.EVALUATION_FIELDS} }`;

describe('the operation limits leave every real operation through', () => {
  const web = webOperations();

  it('finds the web app documents', () => {
    expect(web.map((o) => o.name)).toEqual(expect.arrayContaining(['Board', 'Evaluation', 'Plan', 'Inbox', 'AuditLog', 'Login']));
  });

  it.each(web.map((o) => [o.name, o.source]))('web app operation %s', (_name, source) => {
    expect(check(source)).toEqual([]);
  });

  const apiDocuments = Object.entries(apiOperations).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && /^(query|mutation|subscription)/.test(entry[1]),
  );
  it.each(apiDocuments)("the API tests' %s", (_name, source) => {
    expect(check(source)).toEqual([]);
  });
});

describe('each limit refuses an operation past it, with the limit named', () => {
  // The schema has no cycles: only introspection nests deeper than the limit (graphql-js limits only `fields` nesting).
  const deepIntrospection = `{ __type(name: "Query") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }`;
  const cases: [string, string, string][] = [
    ['depth', deepIntrospection, 'depth'],
    [
      'aliases',
      `{ ${Array.from({ length: OPERATION_LIMITS.aliases + 1 }, (_, i) => `b${i}: board(fiscalYear: 2025) { fiscalYear }`).join(' ')} }`,
      'aliases',
    ],
    [
      'cost',
      `query($id: ID!) { ${[1, 2, 3, 4, 5].map((i) => `e${i}: evaluation(itemId: $id, fiscalYear: 2025) { ...F }`).join(' ')} } ${EVALUATION_FRAGMENT}`,
      'cost',
    ],
    [
      'directives',
      `{ board(fiscalYear: 2025) { ${'__typename @include(if: true) '.repeat(OPERATION_LIMITS.directives + 1)} } }`,
      'directives',
    ],
  ];

  it.each(cases)('%s', (_label, source, limit) => {
    const errors = check(source);
    expect(errors).toHaveLength(1);
    const breach = limitBreachOf(errors[0]!.toJSON());
    expect(breach).toMatchObject({ name: limit, max: OPERATION_LIMITS[limit as keyof typeof OPERATION_LIMITS] });
    expect(breach!.found).toBeGreaterThan(breach!.max);
  });

  it('tokens: refused while parsing', () => {
    const source = `{ board(fiscalYear: 2025) { ${'fiscalYear '.repeat(OPERATION_LIMITS.tokens)} } }`;
    let thrown: unknown;
    try {
      parseWithLimits(source, OPERATION_LIMITS);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).extensions['code']).toBe('GRAPHQL_PARSE_FAILED');
    expect(limitBreachOf((thrown as GraphQLError).toJSON())).toEqual({ name: 'tokens', max: OPERATION_LIMITS.tokens });
  });

  it('the error mapper answers VALIDATION with a Japanese message naming the limit', () => {
    const [error] = check(cases[1]![1]);
    const formatted = formatError(error!.toJSON(), error);
    expect(formatted.extensions).toEqual({
      code: 'VALIDATION',
      details: { limit: 'aliases', max: OPERATION_LIMITS.aliases, found: OPERATION_LIMITS.aliases + 1 },
    });
    expect(formatted.message).toBe(
      `問い合わせが大きすぎるため実行しませんでした。別名 (alias) の数が上限 ${OPERATION_LIMITS.aliases} を超えています（この問い合わせは ${OPERATION_LIMITS.aliases + 1}）。取得する項目を減らしてください。`,
    );
  });

  it('in production, introspection is refused too', () => {
    const production = limitRules(OPERATION_LIMITS, { production: true });
    const errors = validateWithLimits(schema, parse(`{ __schema { queryType { name } } }`), production);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => /introspection has been disabled/.test(e.message))).toBe(true);
    expect(validateWithLimits(schema, parse(`{ __schema { queryType { name } } }`), rules)).toEqual([]);
  });
});

describe('costly root fields carry their own cost, so aliases cannot stack them', () => {
  const VERIFY = `verifyLog { ok events digest { digest } }`;

  it('one verifyLog, one checkLogDigest, two audit-log exports pass', () => {
    expect(check(`{ ${VERIFY} }`)).toEqual([]);
    expect(check(`{ checkLogDigest(digest: "x") { ok } }`)).toEqual([]);
    expect(check(`{ a: auditLogCsv b: auditLogJson }`)).toEqual([]);
  });

  it.each([
    ['two aliases of verifyLog', `{ a: ${VERIFY} b: ${VERIFY} }`],
    ['verifyLog and checkLogDigest', `{ ${VERIFY} checkLogDigest(digest: "x") { ok } }`],
    ['verifyLog twice through fragments', `{ ...A ... on Query { b: ${VERIFY} } } fragment A on Query { a: ${VERIFY} }`],
    ['three audit-log exports', `{ a: auditLogCsv b: auditLogCsv c: auditLogJson }`],
  ])('%s: refused as over the cost limit', (_label, source) => {
    const errors = check(source);
    expect(errors).toHaveLength(1);
    const breach = limitBreachOf(errors[0]!.toJSON());
    expect(breach).toMatchObject({ name: 'cost', max: OPERATION_LIMITS.cost });
    expect(breach!.found).toBeGreaterThan(OPERATION_LIMITS.cost);
    expect(formatError(errors[0]!.toJSON(), errors[0]).message).toMatch(/問い合わせの計算量が上限 1500 を超えています/);
  });

  it('names only fields the schema has', () => {
    const query = schema.getQueryType()!.getFields();
    for (const key of Object.keys(FIELD_COSTS)) expect(query[key.replace(/^Query\./, '')], key).toBeDefined();
  });
});
