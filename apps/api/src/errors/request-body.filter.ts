import { Catch, HttpException, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GRAPHQL_PATH } from '../graphql/graphql-options.js';
import type { MappedError } from './error-mapper.js';

/**
 * A body the JSON parser refuses (NaN or Infinity written as numbers, a truncated body) or one over the size limit
 * never reaches GraphQL. On /graphql it is answered like any other bad input: a GraphQL error with code VALIDATION and
 * a Japanese message (not the parser's English text, which echoes the body). Everything else goes to Nest's handling.
 */
@Catch(HttpException)
export class RequestBodyErrorFilter extends BaseExceptionFilter {
  override catch(exception: HttpException, host: ArgumentsHost): unknown {
    // inside a GraphQL operation Apollo's formatError (the error mapper) answers, as for every other error
    if (host.getType() !== 'http') return exception;
    const request = host.switchToHttp().getRequest<{ path?: string } | undefined>();
    const status = exception.getStatus();
    const bodyError = status === 413 || (status === 400 && exception.cause instanceof SyntaxError);
    if (!bodyError || !request?.path?.startsWith(GRAPHQL_PATH)) {
      super.catch(exception, host);
      return undefined;
    }
    const mapped: MappedError =
      status === 413
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
