import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Logger } from '@nestjs/common';
import type { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import { GraphQLError, Kind, parse, type GraphQLFormattedError } from 'graphql';
import type { Context as WsContext, ServerOptions } from 'graphql-ws';
import type { AuthService } from '../auth/auth.service.js';
import type { HttpRequest, HttpResponse } from '../auth/cookies.js';
import type { ClosableSocket } from '../auth/open-sockets.js';
import type { RequestContext } from '../auth/viewer.js';
import type { AppConfig } from '../config.js';
import { AccessDeniedError, LoginFailedError } from '../errors/api-errors.js';
import { createFormatError, mapError } from '../errors/error-mapper.js';
import { limitRules, OPERATION_LIMITS, parseWithLimits, validateWithLimits } from './limits.js';

export const GRAPHQL_PATH = '/graphql';

/** graphql-ws (on `ws`) puts the upgrade request and the socket in `extra`. */
type WsExtra = { request: HttpRequest; socket: ClosableSocket };
const upgradeRequestOf = (ctx: WsContext): HttpRequest => (ctx.extra as WsExtra).request;
const socketOf = (ctx: WsContext): ClosableSocket => (ctx.extra as WsExtra).socket;

/** graphql-ws options Nest passes on at run time although its type lists fewer. */
type WsOptions = GraphQLWsSubscriptionsConfig & Pick<ServerOptions, 'validate' | 'onError'>;

/**
 * Apollo + graphql-ws on one path. On both: the viewer comes from the session cookie (on a WebSocket, the cookie of
 * the upgrade request, read again for every operation so a logout or an expired session stops new subscriptions);
 * the same operation limits refuse an operation before any resolver runs; errors go through the one error mapper;
 * authorization denials are logged.
 */
export function graphqlOptions(config: AppConfig, auth: AuthService): ApolloDriverConfig {
  const logger = new Logger('GraphQL');
  const formatError = createFormatError(
    { error: (message, error) => logger.error(message, error instanceof Error ? error.stack : String(error)) },
    { production: config.production },
  );
  const rules = limitRules(OPERATION_LIMITS, { production: config.production });

  /** Logs a refusal for want of a session or a permission; a failed login is logged as login.failed instead. */
  const logDenial = (context: RequestContext | undefined, operation: string, original: unknown) => {
    const { code } = mapError(original);
    if (code === 'FORBIDDEN') auth.denied(context, operation, 'FORBIDDEN', original instanceof AccessDeniedError ? original.target : null);
    else if (code === 'UNAUTHENTICATED' && operation !== 'login' && !(original instanceof LoginFailedError)) {
      auth.denied(context, operation, 'UNAUTHENTICATED');
    }
  };
  const logDenials = (context: RequestContext | undefined, errors: readonly unknown[]) => {
    for (const error of errors) {
      if (error instanceof GraphQLError && error.path) logDenial(context, String(error.path[0]), unwrapResolverError(error));
    }
  };

  const denialLog: ApolloServerPlugin<RequestContext> = {
    requestDidStart: async () => ({
      didEncounterErrors: async ({ contextValue, errors }) => logDenials(contextValue, errors),
      // every answer is one person's view of the evaluations: no browser or proxy keeps a copy
      willSendResponse: async ({ response }) => {
        response.http.headers.set('cache-control', 'no-store');
      },
    }),
  };

  const ws: WsOptions = {
    path: GRAPHQL_PATH,
    // Nobody signed in: refuse the socket itself (graphql-ws closes it with 4403 Forbidden). Otherwise the socket
    // is registered under its session, so logout, expiry and disabling the account close it.
    onConnect: (ctx: WsContext) => auth.openSocket(socketOf(ctx), upgradeRequestOf(ctx)),
    onClose: (ctx: WsContext) => auth.socketClosed(socketOf(ctx)),
    // The token limit (and any syntax error) answers with an error instead of graphql-ws's closing the socket.
    onSubscribe: (_ctx: WsContext, _id: string, payload: { query: string }) => {
      try {
        parseWithLimits(payload.query, OPERATION_LIMITS);
        return undefined;
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        throw error;
      }
    },
    validate: (schema, document) => validateWithLimits(schema, document, rules),
    // Request errors (validation, limits) go through the same mapper as HTTP ones, and so do errors a subscription
    // raises while it starts (Nest runs its resolver inside the stream: graphql-ws wraps what it throws, path-less).
    onError: (ctx, _id, payload, errors) =>
      errors.map((e) => {
        const raised = !e.path && e.originalError ? e.originalError : undefined;
        if (raised) {
          const req = upgradeRequestOf(ctx);
          const context = { req, ...auth.viewerOf(req, { extend: false }) };
          logDenial(context, rootFieldOf(payload.query), raised);
        }
        return formatError(toFormatted(e), raised ?? e);
      }),
    // …and so do resolver errors.
    onNext: (_ctx: WsContext, _id: string, _payload: unknown, args: unknown, result: { errors?: readonly unknown[] }) => {
      if (!result.errors?.length) return undefined;
      logDenials((args as { contextValue?: RequestContext }).contextValue, result.errors);
      return { ...result, errors: result.errors.map((e) => formatError(toFormatted(e), e)) };
    },
  };

  return {
    driver: ApolloDriver,
    path: GRAPHQL_PATH,
    // In memory unless HYOKA_SCHEMA_FILE asks for the file (the committed apps/api/schema.graphql is checked by a test).
    autoSchemaFile: config.schemaFile ?? true,
    sortSchema: true,
    // GraphiQL loads from a CDN and does not work offline: no IDE is served.
    graphiql: false,
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    // Apollo's defaults, stated: a POST must be JSON (or carry a preflight header), one operation per request.
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: OPERATION_LIMITS.tokens },
    validationRules: rules,
    // No per-field cache hints (the answers are `no-store`, above): the plugin's per-field hook cost ~3% of the CPU
    // on large answers in a profile of the API benchmark.
    plugins: [denialLog, ApolloServerPluginCacheControlDisabled()],
    formatError,
    // One context function for both transports: Apollo over HTTP passes { req, res }, graphql-ws its own Context.
    context: (arg: { req: HttpRequest; res: HttpResponse } | WsContext): RequestContext =>
      'extra' in arg ? auth.contextFor(upgradeRequestOf(arg)) : auth.contextFor(arg.req, arg.res),
    subscriptions: { 'graphql-ws': ws },
  };
}

/** The first root field of an operation (for the log), without trusting the client's operation name. */
function rootFieldOf(query: string): string {
  try {
    const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    const field = operation?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
    return field?.name.value ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function toFormatted(error: unknown): GraphQLFormattedError {
  if (error && typeof error === 'object' && 'toJSON' in error && typeof error.toJSON === 'function') {
    return error.toJSON() as GraphQLFormattedError;
  }
  return error as GraphQLFormattedError;
}
