import { Command } from '@nestjs/cqrs';
import type { EvaluationCommand } from '@hyoka/domain';
import type { Viewer } from '../../auth/viewer.js';

/** What an evaluation command answered: the evaluation's version after it, and whether it was a retry. */
export interface EvaluationCommandResult {
  itemId: string;
  fiscalYear: number;
  /** revision of the evaluation's last event after the command (null: still not started) */
  version: number | null;
  /** true when the command id had been recorded before: nothing was written this time */
  deduplicated: boolean;
}

/**
 * One evaluation command from a person: the domain command plus what the API adds around it —
 * who, on which evaluation, the version they saw and their command id (the idempotency key).
 */
export class ExecuteEvaluationCommand extends Command<EvaluationCommandResult> {
  constructor(
    readonly viewer: Viewer,
    readonly itemId: string,
    readonly fiscalYear: number,
    /** revision of the evaluation's last event as the client saw it (null: not started) */
    readonly expectedVersion: number | null,
    readonly commandId: string,
    readonly command: EvaluationCommand,
    /** the user action this command belongs to (a bulk approval's id); defaults to the command id */
    readonly correlationId?: string,
  ) {
    super();
  }
}
