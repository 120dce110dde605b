import { ForbiddenError, IllegalTransitionError } from './errors.js';
import { authorize } from './permissions.js';
import type { Actor } from './roles.js';

/** What an administrative decide needs: who acts and when (the caller's clock). */
export type CommandContext = { actor: Actor; now: string };

/** Throws the DomainError matching a refused authorization; returns the role acted as. */
export function requireAuthorized(...args: Parameters<typeof authorize>): string {
  const result = authorize(...args);
  if (result.allowed) return result.actingAs;
  throw result.code === 'FORBIDDEN' ? new ForbiddenError(result.reason) : new IllegalTransitionError(result.reason);
}
