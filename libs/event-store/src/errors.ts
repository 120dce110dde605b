import type { ExpectedRevision } from './types.js';

/** Base of every error the store raises; adapters never let driver errors leak past themselves. */
export class EventStoreError extends Error {
  override name = 'EventStoreError';
}

/** The stream was not at the revision the appender expected: somebody else appended first. */
export class WrongExpectedRevisionError extends EventStoreError {
  override name = 'WrongExpectedRevisionError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** revision of the stream's last event, or 'no_stream' */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Stream '${stream}': expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

/**
 * An event the store will not take: not JSON, too large, missing id or type, or a retry that repeats only some
 * of the ids the stream already holds. Nothing was written.
 */
export class InvalidEventError extends EventStoreError {
  override name = 'InvalidEventError';
  constructor(
    message: string,
    readonly eventId?: string,
  ) {
    super(message);
  }
}

/** A stream name the store will not take (empty, too long, or reserved). Nothing was written. */
export class InvalidStreamNameError extends EventStoreError {
  override name = 'InvalidStreamNameError';
  constructor(
    message: string,
    readonly stream: string,
  ) {
    super(message);
  }
}

/** Options of an append, read or subscription that make no sense (a negative count, a revision that is not a bigint, ...). */
export class InvalidOptionsError extends EventStoreError {
  override name = 'InvalidOptionsError';
}

/** The store was used after `close()`. */
export class EventStoreClosedError extends EventStoreError {
  override name = 'EventStoreClosedError';
  constructor() {
    super('The event store is closed');
  }
}

/** A stored event the store cannot read back (its JSON was damaged outside Hyoka): where it is, for `verifyLog`. */
export class CorruptEventError extends EventStoreError {
  override name = 'CorruptEventError';
  constructor(
    message: string,
    readonly stream: string,
    readonly revision: bigint,
    readonly position: bigint,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
