import { unwrapResolverError } from '@apollo/server/errors';
import { CommandContentChangedError, CommandIdReusedError } from '@hyoka/command-handling';
import { DomainError } from '@hyoka/domain';
import { InvalidEventError, WrongExpectedRevisionError } from '@hyoka/event-store';
import type { GraphQLFormattedError } from 'graphql';
import { limitBreachOf, type LimitBreach, type LimitName } from '../graphql/limits.js';
import { CsrfRefusedError, InputError, LogIntegrityError, StaleVersionError, TooManyAttemptsError, UnauthenticatedError } from './api-errors.js';

/** The one list of error codes a client sees in `extensions.code`. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'VALIDATION',
  'ILLEGAL_TRANSITION',
  'TOO_MANY_ATTEMPTS',
  'LOG_BROKEN',
  // the request's form, refused before any operation ran: no CSRF-safe header or content type; a batch or a GET mutation
  'CSRF_REFUSED',
  'BAD_REQUEST',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface MappedError {
  code: ErrorCode;
  /** Japanese, saying what happened and what the person can do */
  message: string;
  details?: Record<string, unknown>;
}

const INTERNAL_MESSAGE = 'サーバーで予期しないエラーが発生しました。時間をおいてもう一度お試しください。続く場合は管理者に連絡してください。';
const CONFLICT_MESSAGE =
  'この評価は、あなたが表示した後に他の人が更新しました。画面を再読み込みして最新の内容を確かめてから、もう一度操作してください。';

// Codes graphql-js / Apollo put on request errors: the query did not fit the schema, before any resolver ran.
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Maps any thrown value to one code and a message a person can act on. Unknown errors never leak their text. */
export function mapError(error: unknown): MappedError {
  if (error instanceof UnauthenticatedError) return { code: 'UNAUTHENTICATED', message: error.message };
  if (error instanceof TooManyAttemptsError) {
    return { code: 'TOO_MANY_ATTEMPTS', message: error.message, details: { retryAfterSeconds: error.retryAfterSeconds } };
  }
  // The domain names its own code (VALIDATION, ILLEGAL_TRANSITION, FORBIDDEN, NOT_FOUND, CONFLICT).
  if (error instanceof DomainError) return withDetails(error.code, error);
  if (error instanceof CsrfRefusedError) return { code: 'CSRF_REFUSED', message: error.message };
  if (error instanceof InputError) {
    return { code: 'VALIDATION', message: error.message, ...(error.field ? { details: { field: error.field } } : {}) };
  }
  if (error instanceof StaleVersionError) {
    return {
      code: 'CONFLICT',
      message: error.message,
      details: { expectedVersion: error.expectedVersion, actualVersion: error.actualVersion },
    };
  }
  if (error instanceof CommandIdReusedError) {
    return {
      code: 'VALIDATION',
      message: 'この操作ID(commandId)は別の人の操作で使われています。新しい操作IDで操作してください。',
      details: { field: 'commandId' },
    };
  }
  if (error instanceof CommandContentChangedError) {
    return {
      code: 'VALIDATION',
      message:
        'この操作ID(commandId)は内容の異なる操作ですでに使われています。やり直しなら前と同じ内容で、新しい操作なら新しい操作IDで送ってください。',
      details: { field: 'commandId' },
    };
  }
  if (error instanceof LogIntegrityError) {
    return { code: 'LOG_BROKEN', message: error.message, details: { position: String(error.position) } };
  }
  if (error instanceof WrongExpectedRevisionError) return { code: 'CONFLICT', message: CONFLICT_MESSAGE };
  if (error instanceof InvalidEventError) {
    return { code: 'VALIDATION', message: '記録できない内容が含まれています。入力内容（長さや文字）を確かめてください。' };
  }
  return { code: 'INTERNAL', message: INTERNAL_MESSAGE };
}

function withDetails(code: ErrorCode, error: DomainError): MappedError {
  return { code, message: error.message, ...(error.details ? { details: error.details } : {}) };
}

// graphql-js suggests names ("Did you mean "board"?"), which tells a stranger the schema even without introspection.
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** A readable Japanese line for an error raised before resolvers ran (malformed query or variables). */
function requestErrorMessage(formatted: GraphQLFormattedError, production: boolean): string {
  const translated = translateCoercion(formatted.message);
  if (translated) return `リクエストの形式が正しくありません。${translated}。入力内容を確かめてください。`;
  const text = production ? formatted.message.replace(SUGGESTION, '') : formatted.message;
  return `リクエストの形式が正しくありません（${text}）。入力内容を確かめてください。`;
}

// graphql-js's value coercion messages (variables and literals), in Japanese. The value itself is left out: it is the
// client's own input, and an id or text echoed back in an error is what the reads must not do.
const TYPE_MISMATCHES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Int cannot represent non 32-bit signed integer value/, () => '整数は -2147483648〜2147483647 の範囲で指定してください'],
  [/^Int cannot represent non-integer value/, () => '整数で指定してください'],
  [/^Float cannot represent non numeric value/, () => '数値で指定してください'],
  [/^String cannot represent a non string value/, () => '文字列で指定してください'],
  [/^Boolean cannot represent a non boolean value/, () => 'true か false で指定してください'],
  [/^ID cannot represent (a non-string and non-integer )?value/, () => 'ID は文字列で指定してください'],
  [/^Enum "(\w+)" cannot represent non-enum value/, (m) => `${m[1]} の選択肢のいずれかを指定してください`],
  [/^Value .* does not exist in "(\w+)" enum/, (m) => `${m[1]} の選択肢にない値です`],
  [/^Field "(\w+)" of required type "([^"]+)" was not provided/, (m) => `必須の項目 ${m[1]} (${m[2]}) がありません`],
  [/^Field "([^"]+)" is not defined by type "(\w+)"/, (m) => `項目 ${m[1]} は ${m[2]} にはありません`],
  [/^Expected type "([^"]+)" to be an object/, (m) => `${m[1]} はオブジェクトで指定してください`],
  [/^Expected value of type "([^"]+)", found null/, (m) => `${m[1]} には null を指定できません`],
  [/^Expected (value of )?type "([^"]+)"/, (m) => `${m[2]} 型の値を指定してください`],
];

const VARIABLE_INVALID = /^Variable "\$(\w+)" got invalid value .*?(?: at "([\w.[\]]+)")?; ([\s\S]*)$/;
const VARIABLE_MISSING = /^Variable "\$(\w+)" of required type "([^"]+)" was not provided\.?$/;
const VARIABLE_NULL = /^Variable "\$(\w+)" of non-null type "([^"]+)" must not be null\.?$/;

function mismatch(text: string): string | null {
  for (const [pattern, say] of TYPE_MISMATCHES) {
    const match = pattern.exec(text);
    if (match) return say(match);
  }
  return null;
}

/** The Japanese of one graphql-js coercion message, or null when it is not one. */
export function translateCoercion(message: string): string | null {
  const missing = VARIABLE_MISSING.exec(message);
  if (missing) return `必須の変数 $${missing[1]} (${missing[2]}) が指定されていません`;
  const nulled = VARIABLE_NULL.exec(message);
  if (nulled) return `変数 $${nulled[1]} (${nulled[2]}) に null は指定できません`;
  const invalid = VARIABLE_INVALID.exec(message);
  if (invalid) {
    const where = invalid[2] ? `変数 $${invalid[1]} の ${invalid[2]}` : `変数 $${invalid[1]}`;
    return `${where} の値が正しくありません: ${mismatch(invalid[3]!) ?? '型が合いません'}`;
  }
  return mismatch(message);
}

// Apollo's own refusals of a request's form, in words a person can act on, each with its own code.
const TRANSPORT_REFUSALS: [RegExp, ErrorCode, string][] = [
  [
    /Cross-Site Request Forgery/,
    'CSRF_REFUSED',
    'このリクエストは送信元を確認できないため受け付けませんでした (CSRF 対策)。Hyoka の画面から操作してください。',
  ],
  [/batching disabled/i, 'BAD_REQUEST', '複数の操作をまとめて送ることはできません。1 回のリクエストで 1 つの操作を送ってください。'],
  [/GET requests only support query operations/, 'BAD_REQUEST', '更新の操作は GET では送れません。POST で送ってください。'],
];

const LIMIT_LABELS: Record<LimitName, string> = {
  depth: '入れ子の深さ',
  aliases: '別名 (alias) の数',
  cost: '問い合わせの計算量',
  tokens: '字句 (トークン) の数',
  directives: 'ディレクティブの数',
};

function limitError(breach: LimitBreach): MappedError {
  const found = breach.found !== undefined ? `（この問い合わせは ${breach.found}）` : '';
  return {
    code: 'VALIDATION',
    message: `問い合わせが大きすぎるため実行しませんでした。${LIMIT_LABELS[breach.name]}が上限 ${breach.max} を超えています${found}。取得する項目を減らしてください。`,
    details: { limit: breach.name, max: breach.max, ...(breach.found !== undefined ? { found: breach.found } : {}) },
  };
}

export interface ErrorLogger {
  error(message: string, error: unknown): void;
}

export interface FormatErrorOptions {
  /** production: no field suggestions in messages (stack traces and SQL are never sent, in any mode) */
  production?: boolean;
}

/**
 * Apollo's `formatError`: the single place a GraphQL error gets its `extensions.code` and message.
 * Stack traces, SQL and driver text are dropped; unexpected errors are logged here, server side.
 */
export function createFormatError(logger: ErrorLogger, options: FormatErrorOptions = {}) {
  const production = options.production ?? false;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const upstreamCode = formatted.extensions?.['code'];
    if (original === error || original === undefined) {
      // Not thrown by a resolver: a request error from graphql-js or Apollo.
      if (typeof upstreamCode === 'string' && REQUEST_ERROR_CODES.has(upstreamCode)) {
        const breach = limitBreachOf(formatted);
        if (breach) return shape(formatted, limitError(breach));
        const refusal = TRANSPORT_REFUSALS.find(([pattern]) => pattern.test(formatted.message));
        if (refusal) return shape(formatted, { code: refusal[1], message: refusal[2] });
        return shape(formatted, { code: 'VALIDATION', message: requestErrorMessage(formatted, production) });
      }
    }
    const mapped = mapError(original);
    if (mapped.code === 'INTERNAL') logger.error('Unexpected error in a GraphQL operation', original);
    return shape(formatted, mapped);
  };
}

function shape(formatted: GraphQLFormattedError, mapped: MappedError): GraphQLFormattedError {
  return {
    message: mapped.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: mapped.code, ...(mapped.details ? { details: mapped.details } : {}) },
  };
}
