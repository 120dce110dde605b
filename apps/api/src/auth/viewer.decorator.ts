import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { UnauthenticatedError } from '../errors/api-errors.js';
import type { RequestContext, Viewer } from './viewer.js';

export const contextOf = (context: ExecutionContext): RequestContext =>
  GqlExecutionContext.create(context).getContext<RequestContext>();

/** The signed-in person; refuses the operation with UNAUTHENTICATED when nobody is. */
export const CurrentViewer = createParamDecorator((_: unknown, context: ExecutionContext): Viewer => {
  const viewer = contextOf(context).viewer;
  if (!viewer) throw new UnauthenticatedError();
  return viewer;
});

/** The signed-in person, or null. */
export const OptionalViewer = createParamDecorator(
  (_: unknown, context: ExecutionContext): Viewer | null => contextOf(context).viewer,
);

/** The whole request context (login and logout set or clear the cookie). */
export const Context = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => contextOf(context));
