import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';

/**
 * Hands every error of a GraphQL operation back to Apollo untouched, where `formatError` (the error mapper) gives it
 * its code and message and logs only the unexpected ones. Without it Nest logs every refusal (a wrong password,
 * a FORBIDDEN) as a server error.
 */
@Catch()
export class GraphQLPassThroughFilter implements GqlExceptionFilter {
  catch(exception: unknown): unknown {
    return exception;
  }
}
