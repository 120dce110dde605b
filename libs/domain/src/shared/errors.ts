/** Error codes the API maps one-to-one onto its GraphQL error codes. */
export type DomainErrorCode = 'VALIDATION' | 'ILLEGAL_TRANSITION' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';

/** Base of every error the domain raises. `message` is Japanese and says what the person can do about it. */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Bad input: a missing, malformed or out-of-range field. `details.field` names the field. */
export class ValidationError extends DomainError {
  override name = 'ValidationError';
  readonly code = 'VALIDATION' as const;
}

/** The command does not apply in the current state (wrong stage, finalised, already done). */
export class IllegalTransitionError extends DomainError {
  override name = 'IllegalTransitionError';
  readonly code = 'ILLEGAL_TRANSITION' as const;
}

/** The person's roles or 部 do not allow the command. */
export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
  readonly code = 'FORBIDDEN' as const;
}

/** A referenced item, user or year does not exist. */
export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
  readonly code = 'NOT_FOUND' as const;
}

/** Somebody else acted first (the API raises it when the store reports a wrong expected revision). */
export class ConflictError extends DomainError {
  override name = 'ConflictError';
  readonly code = 'CONFLICT' as const;
}
