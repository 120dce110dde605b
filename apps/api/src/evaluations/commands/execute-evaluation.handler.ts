import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideEvaluation, evaluationStream, foldEvaluation, upcast } from '@hyoka/domain';
import { WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '@hyoka/event-store';
import { ProjectionTimeoutError, type ProjectionRunner } from '@hyoka/projections';
import { InputError, StaleVersionError } from '../../errors/api-errors.js';
import { toEventsToAppend } from '../../store/append.js';
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

// The shape of the plan's ids (the domain's identifier rule) and a plausible year: anything else is malformed input,
// refused before the store is read, so a malformed id never reads as "not started" (and then as a conflict).
const ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

export function checkEvaluationKey(itemId: string, fiscalYear: number): void {
  if (typeof itemId !== 'string' || !ITEM_ID.test(itemId)) {
    throw new InputError('実施項目ID(itemId)の形式が正しくありません。計画の実施項目ID(例: I-001)を指定してください。', 'itemId');
  }
  if (!Number.isInteger(fiscalYear) || fiscalYear < 2000 || fiscalYear > 2100) {
    throw new InputError('年度(fiscalYear)は西暦の年(例: 2025)で指定してください。', 'fiscalYear');
  }
}

/** revision of a stream's last event; null when it has none */
const revisionOf = (events: readonly RecordedEvent[]): number | null => (events.length ? events.length - 1 : null);

/**
 * The thin shell around the domain: load the stream, fold, decide, append with the version the client saw and
 * event ids derived from the command id, then wait until the read models hold the result.
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
    const stream = evaluationStream(itemId, fiscalYear);
    const answer = (version: number | null, deduplicated: boolean): EvaluationCommandResult => ({
      itemId,
      fiscalYear,
      version,
      deduplicated,
    });

    const events = await this.store.readStream(stream);
    // A retry gets the first answer, even when the evaluation has moved on since: check before the version.
    const retried = this.recordedBy(events, commandId, viewer.userId);
    if (retried) {
      await this.waitFor(retried.position);
      return answer(revisionOf(events), true);
    }
    // an item or year the plan does not have is NOT_FOUND whatever version the client names
    const context = await this.contexts.forCommand(viewer, itemId, fiscalYear);
    if (revisionOf(events) !== expectedVersion) throw new StaleVersionError(stream, expectedVersion, revisionOf(events));

    const decided = decideEvaluation(message.command, foldEvaluation(events.map(upcast)), context);
    if (decided.length === 0) return answer(revisionOf(events), false);

    const toAppend = toEventsToAppend(stream, decided, {
      actor: viewer.userId,
      commandId,
      ...(message.correlationId ? { correlationId: message.correlationId } : {}),
      occurredAt: context.now,
    });
    let position: bigint;
    let version: number;
    let deduplicated: boolean;
    try {
      const result = await this.store.appendToStream(stream, toAppend, {
        expectedRevision: expectedVersion === null ? 'no_stream' : BigInt(expectedVersion),
      });
      position = result.position;
      version = Number(result.nextExpectedRevision);
      deduplicated = result.deduplicated;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      // Somebody appended between our read and our append. If it was this very command (a concurrent retry),
      // answer as it did; otherwise the client acted on a stale view.
      const now = await this.store.readStream(stream);
      const raced = this.recordedBy(now, commandId, viewer.userId);
      if (!raced) throw new StaleVersionError(stream, expectedVersion, revisionOf(now));
      await this.waitFor(raced.position);
      return answer(revisionOf(now), true);
    }
    await this.waitFor(position);
    return answer(version, deduplicated);
  }

  /** The last event a command id recorded on the stream; refuses a command id another person used. */
  private recordedBy(events: readonly RecordedEvent[], commandId: string, userId: string): RecordedEvent | undefined {
    const mine = events.filter((e) => e.metadata.commandId === commandId);
    if (mine.length === 0) return undefined;
    if (mine.some((e) => e.metadata.actor !== userId)) {
      throw new InputError('この操作ID(commandId)は別の人の操作で使われています。新しい操作IDで操作してください。', 'commandId');
    }
    return mine.at(-1);
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
