import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { aggregateStream, commandFingerprint, evaluationFold, handleCommand, type CommandResult } from '@hyoka/command-handling';
import {
  EVALUATION_COMMAND_TYPES,
  ValidationError,
  decideEvaluation,
  evaluationStream,
  mayEverDo,
  type EvaluationState,
} from '@hyoka/domain';
import { WrongExpectedRevisionError, type EventStore } from '@hyoka/event-store';
import { ProjectionTimeoutError, type ProjectionRunner } from '@hyoka/projections';
import { checkFiscalYear, checkItemId } from '../../common/input-checks.js';
import { AccessDeniedError, InputError, StaleVersionError } from '../../errors/api-errors.js';
import { EVENT_STORE, PROJECTION_RUNNER } from '../../tokens.js';
import { EvaluationContextSource } from '../evaluation-context.source.js';
import { ExecuteEvaluationCommand, type EvaluationCommandResult } from './evaluation-command.js';

// A client's command id: 8–100 characters. Ids the API derives from it (bulk items) add 17 and stay within 128.
const CLIENT_COMMAND_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{7,99}$/;
const COMMAND_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{7,127}$/;

export function checkCommandId(commandId: string, pattern: RegExp = CLIENT_COMMAND_ID): void {
  if (!pattern.test(commandId)) {
    throw new InputError(
      '操作ID(commandId)は8〜100文字の英数字と . _ : / - で指定してください(例: UUID)。同じ操作をやり直すときは同じIDを使います。',
      'commandId',
    );
  }
}

export function checkExpectedVersion(expectedVersion: number | null): void {
  if (expectedVersion !== null && (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0)) {
    throw new InputError(
      'expectedVersion には、表示している評価の version (未着手なら null) を指定してください。',
      'expectedVersion',
    );
  }
}

/** The evaluation a command or read names: a malformed id or implausible year never reads as "not started". */
export function checkEvaluationKey(itemId: string, fiscalYear: number): void {
  checkItemId(itemId);
  checkFiscalYear(fiscalYear);
}

function checkCommandType(type: unknown): void {
  if (!(EVALUATION_COMMAND_TYPES as readonly unknown[]).includes(type)) {
    throw new InputError('不明な評価の操作です。', 'command');
  }
}

/** an evaluation's version as the API shows it: the revision of its last event, null when not started */
const versionOf = (revision: bigint | 'no_stream' | null): number | null =>
  revision === null || revision === 'no_stream' ? null : Number(revision);

/**
 * The thin shell around the one command path (handleCommand): checks the input, loads the context decide needs,
 * refuses a person the permission table never allows (FORBIDDEN, before the stream's version or command ids are
 * compared), names the version the client saw and the command's fingerprint, maps a stale version to CONFLICT, then
 * waits until the read models hold the result.
 */
@CommandHandler(ExecuteEvaluationCommand)
export class ExecuteEvaluationHandler implements ICommandHandler<ExecuteEvaluationCommand, EvaluationCommandResult> {
  private readonly logger = new Logger('EvaluationCommands');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly contexts: EvaluationContextSource,
  ) {}

  async execute(message: ExecuteEvaluationCommand): Promise<EvaluationCommandResult> {
    const { viewer, itemId, fiscalYear, expectedVersion, commandId } = message;
    checkCommandId(commandId, COMMAND_ID);
    checkEvaluationKey(itemId, fiscalYear);
    checkExpectedVersion(expectedVersion);
    checkCommandType(message.command?.type);
    const stream = evaluationStream(itemId, fiscalYear);
    const now = new Date().toISOString();
    // An item or year the plan does not have is NOT_FOUND, and a person whose roles or 部 never allow the command is
    // FORBIDDEN, before the stream is read: what the stream holds (its version, whether it was started, its command
    // ids) is told only to people who may act on it.
    const named = (message.command.data as { meetingId?: unknown } | undefined)?.meetingId;
    const context = await this.contexts.forCommand(viewer, itemId, fiscalYear, now, typeof named === 'string' ? named : null);
    const permission = mayEverDo(viewer, message.command.type, context.item);
    if (!permission.allowed) throw new AccessDeniedError(permission.reason, stream);
    let result: CommandResult<EvaluationState>;
    try {
      result = await handleCommand(this.store, stream, (state) => decideEvaluation(message.command, state, context), {
        fold: evaluationFold,
        expectedRevision: expectedVersion === null ? 'no_stream' : BigInt(expectedVersion),
        provenance: {
          actor: viewer.userId,
          commandId,
          commandHash: commandFingerprint(message.command),
          ...(message.correlationId ? { correlationId: message.correlationId } : {}),
          occurredAt: now,
        },
        // Input is checked before the version: malformed input is VALIDATION, not CONFLICT. decide is pure, so it runs
        // here on the stream as read and only its input errors count; a stage it refuses waits for the version check.
        // Input the evaluation as the client saw it accepts is not bad input: on a stale version, a rule only the newer
        // state breaks (a plan change equal to the one another person just recorded) is the conflict.
        beforeDecide: async ({ state, revision }) => {
          try {
            decideEvaluation(message.command, state, context);
          } catch (error) {
            if (!(error instanceof ValidationError)) return;
            const seen = expectedVersion === null ? null : BigInt(expectedVersion);
            if (revision !== seen) {
              const asSeen = await this.stateAt(stream, seen);
              try {
                decideEvaluation(message.command, asSeen, context);
                return;
              } catch {
                // refused as the client saw it too: the input is bad whatever the version
              }
            }
            throw error;
          }
        },
      });
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw new StaleVersionError(stream, expectedVersion, versionOf(error.actual));
      throw error;
    }
    // a retry or a recorded change: the next query must see it
    if (result.position !== null) await this.waitFor(result.position);
    return { itemId, fiscalYear, version: versionOf(result.nextExpectedRevision), deduplicated: result.deduplicated };
  }

  /** The evaluation at the version a client saw (only read when the client's version is stale). */
  private async stateAt(stream: string, version: bigint | null): Promise<EvaluationState> {
    if (version === null) return evaluationFold.fold([]);
    return (await aggregateStream(this.store, stream, evaluationFold, { read: { maxCount: Number(version) + 1 } })).state;
  }

  /** The next query must see the change; a slow read model does not undo a recorded command, so only log it. */
  private async waitFor(position: bigint): Promise<void> {
    try {
      await this.runner.waitForPosition(position);
    } catch (error) {
      if (!(error instanceof ProjectionTimeoutError)) throw error;
      this.logger.warn(`read models lag behind position ${position}: ${error.message}`);
    }
  }
}
