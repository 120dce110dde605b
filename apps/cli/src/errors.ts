import { DomainError } from '@hyoka/domain';
import { EventStoreError, WrongExpectedRevisionError } from '@hyoka/event-store';

/** Exit codes of every command (also in the README). */
export const EXIT = {
  ok: 0,
  /** the command was refused or failed: bad data, a domain rule, a conflict, a store that cannot be opened */
  failed: 1,
  /** the command line itself is wrong: unknown command or option, missing or malformed argument */
  usage: 2,
  /** a check ran and found a problem: verify found a broken place, a digest or a copy does not match */
  problemFound: 3,
} as const;

/** An error the CLI reports as one line (Japanese / English) with its exit code. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** The one place errors become the line printed and the exit code. */
export function describeError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof DomainError) return { message: `${error.code}: ${error.message}`, exitCode: EXIT.failed };
  if (error instanceof WrongExpectedRevisionError) {
    return {
      message: `CONFLICT: 他の操作が先に記録されました。もう一度実行してください / somebody else changed '${error.stream}' first; run the command again`,
      exitCode: EXIT.failed,
    };
  }
  if (error instanceof EventStoreError) return { message: `${error.name}: ${error.message}`, exitCode: EXIT.failed };
  if (error instanceof Error) return { message: `${error.name}: ${error.message}`, exitCode: EXIT.failed };
  return { message: String(error), exitCode: EXIT.failed };
}
