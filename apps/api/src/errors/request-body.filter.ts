import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { BadRequestException, Catch, HttpException, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GRAPHQL_PATH } from '../graphql/graphql-options.js';
import type { MappedError } from './error-mapper.js';

const INVALID_UTF8 = 'request.body.invalid-utf8';
const INVALID_UTF8_MESSAGE = 'リクエストの文字コードが正しくありません（UTF-8 として読めないバイトがあります）。入力内容を確かめてください。';

/**
 * The JSON body parser's `verify`: a body declared UTF-8 (the default) with bytes that are not UTF-8 is refused, where
 * the parser would have decoded them to U+FFFD and the event store would have kept a text nobody typed.
 */
export function refuseInvalidUtf8(_req: IncomingMessage, _res: unknown, body: Buffer, encoding: string): void {
  if (encoding.toLowerCase().replace('-', '') !== 'utf8' || isUtf8(body)) return;
  throw Object.assign(new Error('request body is not valid UTF-8'), { type: INVALID_UTF8 });
}

const isInvalidUtf8 = (exception: HttpException): boolean =>
  (exception.cause as { type?: unknown } | undefined)?.type === INVALID_UTF8;

/**
 * A body the JSON parser refuses (NaN or Infinity written as numbers, a truncated body, bytes that are not UTF-8) or one over the size limit
 * never reaches GraphQL. On /graphql it is answered like any other bad input: a GraphQL error with code VALIDATION and
 * a Japanese message (not the parser's English text, which echoes the body). Everything else goes to Nest's handling.
 */
@Catch(HttpException)
export class RequestBodyErrorFilter extends BaseExceptionFilter {
  override catch(exception: HttpException, host: ArgumentsHost): unknown {
    // inside a GraphQL operation Apollo's formatError (the error mapper) answers, as for every other error
    if (host.getType() !== 'http') return exception;
    const request = host.switchToHttp().getRequest<{ path?: string } | undefined>();
    const invalidUtf8 = isInvalidUtf8(exception);
    // body-parser answers a failed `verify` with 403: bad bytes are bad input, 400
    const status = invalidUtf8 ? 400 : exception.getStatus();
    const bodyError = invalidUtf8 || status === 413 || (status === 400 && exception.cause instanceof SyntaxError);
    if (!bodyError || !request?.path?.startsWith(GRAPHQL_PATH)) {
      super.catch(invalidUtf8 ? new BadRequestException(INVALID_UTF8_MESSAGE) : exception, host);
      return undefined;
    }
    const mapped: MappedError = invalidUtf8
      ? { code: 'VALIDATION', message: INVALID_UTF8_MESSAGE }
      : status === 413
        ? { code: 'VALIDATION', message: 'リクエストが大きすぎます。入力する文章を短くするか、何回かに分けて保存してください。' }
        : { code: 'VALIDATION', message: 'リクエストの形式が正しくありません（JSON として読めません。数値に NaN や Infinity は使えません）。入力内容を確かめてください。' };
    host
      .switchToHttp()
      .getResponse<{ status(code: number): { json(body: unknown): void } }>()
      .status(status)
      .json({ errors: [{ message: mapped.message, extensions: { code: mapped.code } }] });
    return undefined;
  }
}
