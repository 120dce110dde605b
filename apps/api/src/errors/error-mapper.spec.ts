import { CommandContentChangedError, CommandIdReusedError } from '@hyoka/command-handling';
import { ForbiddenError, IllegalTransitionError, NotFoundError, ValidationError } from '@hyoka/domain';
import { InvalidEventError, WrongExpectedRevisionError } from '@hyoka/event-store';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AccessDeniedError, InputError, LogIntegrityError, LoginFailedError, StaleVersionError, TooManyAttemptsError, UnauthenticatedError } from './api-errors.js';
import { createFormatError, mapError, translateCoercion } from './error-mapper.js';

const resolverError = (original: unknown) =>
  new GraphQLError('wrapped', { path: ['evaluation'], originalError: original as Error });

describe('mapError: one code and a Japanese message for every error', () => {
  it.each([
    [new UnauthenticatedError(), 'UNAUTHENTICATED'],
    [new LoginFailedError(), 'UNAUTHENTICATED'],
    [new ForbiddenError('この実施項目は総務部の担当です'), 'FORBIDDEN'],
    [new NotFoundError('実施項目 I-999 は計画にありません'), 'NOT_FOUND'],
    [new ValidationError('「理由」を入力してください', { field: 'reason' }), 'VALIDATION'],
    [new IllegalTransitionError('確定済みの評価には「自己評価の保存」を行えません'), 'ILLEGAL_TRANSITION'],
    [new InputError('操作IDを指定してください', 'commandId'), 'VALIDATION'],
    [new StaleVersionError('evaluation-I-001-2025', 2, 3), 'CONFLICT'],
    [new WrongExpectedRevisionError('evaluation-I-001-2025', 2n, 3n), 'CONFLICT'],
    [new InvalidEventError('too large'), 'VALIDATION'],
    [new CommandIdReusedError('evaluation-I-001-2025', 'cmd-12345678'), 'VALIDATION'],
    [new CommandContentChangedError('evaluation-I-001-2025', 'cmd-12345678'), 'VALIDATION'],
    [new AccessDeniedError('この実施項目は総務部の担当です', 'evaluation-I-001-2025'), 'FORBIDDEN'],
    [new TooManyAttemptsError(900), 'TOO_MANY_ATTEMPTS'],
    [new LogIntegrityError(12n, '位置 12 で内容が記録されたハッシュと一致しません。'), 'LOG_BROKEN'],
  ])('%s → %s', (error, code) => {
    const mapped = mapError(error);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toMatch(/[ぁ-んァ-ン一-龥]/);
  });

  it('keeps the domain message and its details (the field to fix)', () => {
    expect(mapError(new ValidationError('「理由」を入力してください', { field: 'reason' }))).toEqual({
      code: 'VALIDATION',
      message: '「理由」を入力してください',
      details: { field: 'reason' },
    });
  });

  it('names the command id as the field to fix when another person used it', () => {
    expect(mapError(new CommandIdReusedError('evaluation-I-001-2025', 'cmd-12345678'))).toEqual({
      code: 'VALIDATION',
      message: 'この操作ID(commandId)は別の人の操作で使われています。新しい操作IDで操作してください。',
      details: { field: 'commandId' },
    });
  });

  it('never passes on the text of an unexpected error (SQL, paths, driver messages)', () => {
    const mapped = mapError(new Error('SQLITE_CORRUPT: database disk image is malformed at /data/events.sqlite'));
    expect(mapped.code).toBe('INTERNAL');
    expect(mapped.message).not.toMatch(/SQLITE|\/data|malformed/);
    expect(mapError('a thrown string').code).toBe('INTERNAL');
    // the store's own conflict text names stream and revisions: it is replaced by a message for people
    expect(mapError(new WrongExpectedRevisionError('evaluation-I-001-2025', 2n, 3n)).message).not.toMatch(/revision|Stream/);
  });
});

describe('formatError (Apollo): the one place a GraphQL error gets its code', () => {
  const logged: unknown[] = [];
  const format = createFormatError({ error: (_message, error) => logged.push(error) });

  it('maps a resolver error, keeps path and locations, drops everything else', () => {
    const formatted = format(
      { message: 'wrapped', path: ['evaluation'], locations: [{ line: 1, column: 3 }], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x.ts:1'] } },
      resolverError(new ForbiddenError('閲覧できません')),
    );
    expect(formatted).toEqual({
      message: '閲覧できません',
      path: ['evaluation'],
      locations: [{ line: 1, column: 3 }],
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('turns GraphQL input errors into VALIDATION with a Japanese message', () => {
    const error = new GraphQLError('Field "x" is not defined', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const formatted = format({ message: error.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, error);
    expect(formatted.extensions).toEqual({ code: 'VALIDATION' });
    expect(formatted.message).toMatch(/^リクエストの形式が正しくありません/);
  });

  it('refuses a denied evaluation command with its reason only: the target is for the security log', () => {
    expect(mapError(new AccessDeniedError('この実施項目は総務部の担当です', 'evaluation-I-001-2025'))).toEqual({
      code: 'FORBIDDEN',
      message: 'この実施項目は総務部の担当です',
    });
  });

  it.each([
    ['Cross-Site Request Forgery', 'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF).', 'CSRF_REFUSED'],
    ['batching', 'Operation batching disabled.', 'BAD_REQUEST'],
    ['GET mutation', 'GET requests only support query operations, not mutation operations', 'BAD_REQUEST'],
  ])('gives a refusal of the request form (%s) its own code, not VALIDATION', (_label, message, code) => {
    const error = new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } });
    const formatted = format({ message, extensions: { code: 'BAD_REQUEST' } }, error);
    expect(formatted.extensions).toEqual({ code });
    expect(formatted.message).toMatch(/[ぁ-んァ-ン一-龥]/);
  });

  it.each([
    ['Variable "$y" got invalid value "abc"; Int cannot represent non-integer value: "abc"', '変数 $y の値が正しくありません: 整数で指定してください'],
    ['Variable "$y" got invalid value 2147483648; Int cannot represent non 32-bit signed integer value: 2147483648', '変数 $y の値が正しくありません: 整数は -2147483648〜2147483647 の範囲で指定してください'],
    ['Variable "$i" got invalid value 1 at "i.loginName"; String cannot represent a non string value: 1', '変数 $i の i.loginName の値が正しくありません: 文字列で指定してください'],
    ['Variable "$i" got invalid value { loginName: "a" }; Field "password" of required type "String!" was not provided.', '変数 $i の値が正しくありません: 必須の項目 password (String!) がありません'],
    ['Variable "$i" got invalid value { x: 2 }; Field "x" is not defined by type "LoginInput".', '変数 $i の値が正しくありません: 項目 x は LoginInput にはありません'],
    ['Variable "$y" of required type "Int!" was not provided.', '必須の変数 $y (Int!) が指定されていません'],
    ['Variable "$y" of non-null type "Int!" must not be null.', '変数 $y (Int!) に null は指定できません'],
    ['Int cannot represent non-integer value: "x"', '整数で指定してください'],
    ['Value "Z" does not exist in "Grade" enum.', 'Grade の選択肢にない値です'],
    ['Expected value of type "Int!", found null.', 'Int! には null を指定できません'],
  ])('translates graphql-js coercion: %s', (english, japanese) => {
    expect(translateCoercion(english)).toBe(japanese);
    const error = new GraphQLError(english, { extensions: { code: 'BAD_USER_INPUT' } });
    const formatted = format({ message: english, extensions: { code: 'BAD_USER_INPUT' } }, error);
    expect(formatted).toMatchObject({ message: `リクエストの形式が正しくありません。${japanese}。入力内容を確かめてください。`, extensions: { code: 'VALIDATION' } });
  });

  it('leaves other request errors as they were', () => {
    expect(translateCoercion('Cannot query field "boar" on type "Query".')).toBeNull();
  });

  it('logs unexpected errors server side and answers INTERNAL without their text', () => {
    logged.length = 0;
    const boom = new TypeError("Cannot read properties of undefined (reading 'x')");
    const formatted = format({ message: boom.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, resolverError(boom));
    expect(formatted.extensions).toEqual({ code: 'INTERNAL' });
    expect(formatted.message).not.toContain('undefined');
    expect(logged).toEqual([boom]);
  });

  it('does not log the refusals people cause', () => {
    logged.length = 0;
    format({ message: 'x' }, resolverError(new IllegalTransitionError('確定済みです')));
    format({ message: 'x' }, resolverError(new StaleVersionError('s', 1, 2)));
    expect(logged).toEqual([]);
  });
});

describe('production mode', () => {
  const suggestion = new GraphQLError('Cannot query field "boar" on type "Query". Did you mean "board"?', {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
  });
  const formatted = { message: suggestion.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };

  it('drops graphql-js field suggestions in production only', () => {
    const production = createFormatError({ error: () => undefined }, { production: true });
    const development = createFormatError({ error: () => undefined });
    expect(production(formatted, suggestion).message).toBe(
      'リクエストの形式が正しくありません（Cannot query field "boar" on type "Query".）。入力内容を確かめてください。',
    );
    expect(development(formatted, suggestion).message).toMatch(/Did you mean "board"\?/);
  });

  it('says when to try a throttled sign-in again', () => {
    expect(mapError(new TooManyAttemptsError(120))).toEqual({
      code: 'TOO_MANY_ATTEMPTS',
      message: 'ログインの試行回数が多すぎます。しばらくしてから再度お試しください。',
      details: { retryAfterSeconds: 120 },
    });
  });
});
