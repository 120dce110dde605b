import { ForbiddenError, IllegalTransitionError } from './errors.js';
import { authorize } from './permissions.js';
import type { Department } from '@hyoka/catalogue';
import { invalid } from './validation.js';
import type { Actor } from './roles.js';

/**
 * What an administrative decide needs: who acts and when (the caller's clock), and for a command that names a 部 the
 * catalogue's 部 (the organisation is data: docs/design.md "The plan and the organisation are data").
 */
export type CommandContext = { actor: Actor; now: string; departments?: readonly Department[] };

/** The 部 a command names, in force in the catalogue; refused in Japanese with the 部 that may be named. */
export function requireDepartmentInForce(departments: readonly Department[] | undefined, value: unknown, field: 'departmentId' | 'heardDepartment', message: string): Department {
  const inForce = (departments ?? []).filter((d) => !d.retired);
  const found = typeof value === 'string' ? inForce.find((d) => d.id === value) : undefined;
  if (found) return found;
  throw invalid(field, `${message}(${inForce.length ? inForce.map((d) => d.name).join('・') : '計画に部がありません'})`);
}

/** Throws the DomainError matching a refused authorization; returns the role acted as. */
export function requireAuthorized(...args: Parameters<typeof authorize>): string {
  const result = authorize(...args);
  if (result.allowed) return result.actingAs;
  throw result.code === 'FORBIDDEN' ? new ForbiddenError(result.reason) : new IllegalTransitionError(result.reason);
}
