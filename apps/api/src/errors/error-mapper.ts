import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from '@hyoka/domain';
import { InvalidEventError, WrongExpectedRevisionError } from '@hyoka/event-store';
import type { GraphQLFormattedError } from 'graphql';
import { InputError, StaleVersionError, UnauthenticatedError } from './api-errors.js';

/** The one list of error codes a client sees in `extensions.code`. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'VALIDATION',
  'ILLEGAL_TRANSITION',
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
  if (error instanceof WrongExpectedRevisionError) return { code: 'CONFLICT', message: CONFLICT_MESSAGE };
  if (error instanceof InvalidEventError) {
    return { code: 'VALIDATION', message: '記録できない内容が含まれています。入力内容（長さや文字）を確かめてください。' };
  }
  return { code: 'INTERNAL', message: INTERNAL_MESSAGE };
}

function withDetails(code: ErrorCode, error: DomainError): MappedError {
  return { code, message: error.message, ...(error.details ? { details: error.details } : {}) };
}

/** A readable Japanese line for an error raised before resolvers ran (malformed query or variables). */
function requestErrorMessage(formatted: GraphQLFormattedError): string {
  return `リクエストの形式が正しくありません（${formatted.message}）。入力内容を確かめてください。`;
}

export interface ErrorLogger {
  error(message: string, error: unknown): void;
}

/**
 * Apollo's `formatError`: the single place a GraphQL error gets its `extensions.code` and message.
 * Stack traces, SQL and driver text are dropped; unexpected errors are logged here, server side.
 */
export function createFormatError(logger: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const upstreamCode = formatted.extensions?.['code'];
    if (original === error || original === undefined) {
      // Not thrown by a resolver: a request error from graphql-js or Apollo.
      if (typeof upstreamCode === 'string' && REQUEST_ERROR_CODES.has(upstreamCode)) {
        return shape(formatted, { code: 'VALIDATION', message: requestErrorMessage(formatted) });
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
