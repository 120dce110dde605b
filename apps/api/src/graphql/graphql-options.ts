import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import type { AuthService } from '../auth/auth.service.js';
import type { HttpRequest, HttpResponse } from '../auth/cookies.js';
import type { RequestContext } from '../auth/viewer.js';
import type { AppConfig } from '../config.js';
import { createFormatError } from '../errors/error-mapper.js';

export const GRAPHQL_PATH = '/graphql';

/** graphql-ws (on `ws`) puts the upgrade request in `extra`. */
const upgradeRequestOf = (ctx: WsContext): HttpRequest => (ctx.extra as { request: HttpRequest }).request;

/**
 * Apollo + graphql-ws on one path; the viewer comes from the session cookie on both (on a WebSocket, the cookie of
 * the upgrade request, read again for every operation so a logout or an expired session stops new subscriptions).
 */
export function graphqlOptions(config: AppConfig, auth: AuthService): ApolloDriverConfig {
  const logger = new Logger('GraphQL');
  const formatError = createFormatError({
    error: (message, error) => logger.error(message, error instanceof Error ? error.stack : String(error)),
  });
  return {
    driver: ApolloDriver,
    path: GRAPHQL_PATH,
    // In memory unless HYOKA_SCHEMA_FILE asks for the file (the committed apps/api/schema.graphql is checked by a test).
    autoSchemaFile: config.schemaFile ?? true,
    sortSchema: true,
    // GraphiQL loads from a CDN and does not work offline: no IDE is served.
    graphiql: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError,
    // One context function for both transports: Apollo over HTTP passes { req, res }, graphql-ws its own Context.
    context: (arg: { req: HttpRequest; res: HttpResponse } | WsContext): RequestContext =>
      'extra' in arg ? auth.contextFor(upgradeRequestOf(arg)) : auth.contextFor(arg.req, arg.res),
    subscriptions: {
      'graphql-ws': {
        path: GRAPHQL_PATH,
        // Nobody signed in: refuse the socket itself (graphql-ws closes it with 4403 Forbidden).
        onConnect: (ctx: WsContext) => auth.viewerOf(upgradeRequestOf(ctx)).viewer !== null,
        // Subscription errors go through the same mapper as HTTP ones.
        onNext: (_ctx: WsContext, _id: string, _payload: unknown, _args: unknown, result: { errors?: readonly unknown[] }) => {
          if (!result.errors?.length) return undefined;
          return { ...result, errors: result.errors.map((e) => formatError(toFormatted(e), e)) };
        },
      },
    },
  };
}

function toFormatted(error: unknown): GraphQLFormattedError {
  if (error && typeof error === 'object' && 'toJSON' in error && typeof error.toJSON === 'function') {
    return error.toJSON() as GraphQLFormattedError;
  }
  return error as GraphQLFormattedError;
}
