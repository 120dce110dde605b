import { unwrapResolverError } from '@apollo/server/errors';
import { CommandContentChangedError, CommandIdReusedError } from '@hyoka/command-handling';
import { DomainError } from '@hyoka/domain';
import { InvalidEventError, WrongExpectedRevisionError } from '@hyoka/event-store';
import type { GraphQLFormattedError } from 'graphql';
import { limitBreachOf, type LimitBreach, type LimitName } from '../graphql/limits.js';
import { InputError, LogIntegrityError, StaleVersionError, TooManyAttemptsError, UnauthenticatedError } from './api-errors.js';

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
  const text = production ? formatted.message.replace(SUGGESTION, '') : formatted.message;
  return `リクエストの形式が正しくありません（${text}）。入力内容を確かめてください。`;
}

// Apollo's own refusals of a request's form, in words a person can act on.
const TRANSPORT_REFUSALS: [RegExp, string][] = [
  [
    /Cross-Site Request Forgery/,
    'このリクエストは送信元を確認できないため受け付けませんでした (CSRF 対策)。Hyoka の画面から操作してください。',
  ],
  [/batching disabled/i, '複数の操作をまとめて送ることはできません。1 回のリクエストで 1 つの操作を送ってください。'],
  [/GET requests only support query operations/, '更新の操作は GET では送れません。POST で送ってください。'],
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
        if (refusal) return shape(formatted, { code: 'VALIDATION', message: refusal[1] });
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
