import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { evaluationFold, foldedStreamCache, readFoldedStream } from '@hyoka/command-handling';
import { evaluationStream, isStarted, selfGradeOf, upcast, type EvaluationCommand, type Grade } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import type { Viewer } from '../../auth/viewer.js';
import { InputError } from '../../errors/api-errors.js';
import { mapError } from '../../errors/error-mapper.js';
import { EVENT_STORE } from '../../tokens.js';
import type { BulkApprovalItemInput, BulkForwardItemInput } from '../dto/evaluation-command.input.js';
import type { BulkApprovalResultModel } from '../models/bulk-approval.model.js';
import { ExecuteEvaluationCommand } from './evaluation-command.js';
import { deriveItemCommandId } from './event-ids.js';
import { checkCommandId, checkEvaluationKey, checkExpectedVersion } from './execute-evaluation.handler.js';

export const MAX_BULK_ITEMS = 200;

interface BulkItem {
  itemId: string;
  fiscalYear: number;
  expectedVersion: number;
}

/** Refuses a bulk the API will not start: a bad command id, none or too many items, a malformed item, an item chosen twice. */
function checkBulk(commandId: string, items: readonly BulkItem[], what: string): string[] {
  checkCommandId(commandId);
  if (items.length === 0) throw new InputError(`${what}する評価を1件以上選んでください。`, 'items');
  if (items.length > MAX_BULK_ITEMS) {
    throw new InputError(`${what}は一度に${MAX_BULK_ITEMS}件までです。分けて操作してください。`, 'items');
  }
  // malformed input refuses the whole bulk before any item is recorded
  for (const item of items) {
    checkEvaluationKey(item.itemId, item.fiscalYear);
    checkExpectedVersion(item.expectedVersion);
  }
  const streams = items.map((i) => evaluationStream(i.itemId, i.fiscalYear));
  if (new Set(streams).size !== streams.length) {
    throw new InputError('同じ評価が2回選ばれています。選び直してください。', 'items');
  }
  return streams;
}

/**
 * Runs one ordinary evaluation command per item, one after the other. Each item gets its own command id (derived
 * from the bulk's, so a retry of the whole bulk dedupes item by item), its own expected version and its own event;
 * the bulk's id is the batchId and correlation id. A refused item is reported in its result, never thrown.
 */
async function runBulk<I extends BulkItem>(
  commands: CommandBus,
  viewer: Viewer,
  commandId: string,
  items: readonly I[],
  streams: readonly string[],
  commandFor: (item: I) => Promise<EvaluationCommand>,
): Promise<BulkApprovalResultModel[]> {
  const results: BulkApprovalResultModel[] = [];
  for (const [index, item] of items.entries()) {
    const base = { itemId: item.itemId, fiscalYear: item.fiscalYear };
    try {
      const result = await commands.execute(
        new ExecuteEvaluationCommand(
          viewer,
          item.itemId,
          item.fiscalYear,
          item.expectedVersion,
          deriveItemCommandId(commandId, streams[index]!),
          await commandFor(item),
          commandId,
        ),
      );
      results.push({ ...base, ok: true, version: result.version, errorCode: null, errorMessage: null });
    } catch (error) {
      const mapped = mapError(error);
      if (mapped.code === 'INTERNAL') throw error;
      results.push({ ...base, ok: false, version: null, errorCode: mapped.code, errorMessage: mapped.message });
    }
  }
  return results;
}

/** 一括承認 at the 推進会議: many ApproveEvaluation commands under one command id. */
export class ApproveEvaluationsCommand extends Command<BulkApprovalResultModel[]> {
  constructor(
    readonly viewer: Viewer,
    readonly items: readonly BulkApprovalItemInput[],
    readonly commandId: string,
    /** the session whose decisions these are (この会議の決定として記録) */
    readonly meetingId: string | null = null,
  ) {
    super();
  }
}

@CommandHandler(ApproveEvaluationsCommand)
export class ApproveEvaluationsHandler implements ICommandHandler<ApproveEvaluationsCommand, BulkApprovalResultModel[]> {
  constructor(private readonly commands: CommandBus) {}

  async execute({ viewer, items, commandId, meetingId }: ApproveEvaluationsCommand): Promise<BulkApprovalResultModel[]> {
    const streams = checkBulk(commandId, items, '一括承認');
    return runBulk(this.commands, viewer, commandId, items, streams, async () => ({
      type: 'ApproveEvaluation',
      data: { batchId: commandId, ...(meetingId ? { meetingId } : {}) },
    }));
  }
}

/**
 * 一括承認 at the 管理職会議: the 事務局長 forwards many evaluations to the 評価検証委員会 at once. An item without a
 * proposed grade is proposed at its self grade, which needs no reason; a different grade needs one, as on its own.
 */
export class ForwardEvaluationsCommand extends Command<BulkApprovalResultModel[]> {
  constructor(
    readonly viewer: Viewer,
    readonly items: readonly BulkForwardItemInput[],
    readonly commandId: string,
    /** the session whose decisions these are (この会議の決定として記録) */
    readonly meetingId: string | null = null,
  ) {
    super();
  }
}

@CommandHandler(ForwardEvaluationsCommand)
export class ForwardEvaluationsHandler implements ICommandHandler<ForwardEvaluationsCommand, BulkApprovalResultModel[]> {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ viewer, items, commandId, meetingId }: ForwardEvaluationsCommand): Promise<BulkApprovalResultModel[]> {
    const streams = checkBulk(commandId, items, '一括送付');
    return runBulk(this.commands, viewer, commandId, items, streams, async (item) => {
      // Without a self grade (not submitted yet) this stays null: the domain then refuses the item with its own
      // message, after its permission and stage checks, like any other command input it validates.
      const proposedGrade = item.proposedGrade ?? (await this.selfGrade(item));
      return {
        type: 'ForwardToCommittee',
        data: { proposedGrade, reason: item.reason ?? null, batchId: commandId, ...(meetingId ? { meetingId } : {}) },
      } as EvaluationCommand;
    });
  }

  /**
   * The self grade as stored. The self-evaluation cannot change after submission, and the forward itself is checked
   * against the version the person saw, so reading it here cannot mix two states.
   */
  private async selfGrade(item: BulkForwardItemInput): Promise<Grade | null> {
    // the command path's folded state of the stream, caught up from the store (the forward reads it next anyway)
    const cache = foldedStreamCache(this.store, evaluationFold, upcast);
    const { state } = await readFoldedStream(this.store, evaluationStream(item.itemId, item.fiscalYear), evaluationFold, upcast, cache);
    return isStarted(state) ? selfGradeOf(state.plan?.target ?? null, state.selfEvaluation) : null;
  }
}
