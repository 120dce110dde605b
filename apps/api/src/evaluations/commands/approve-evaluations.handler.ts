import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { evaluationStream } from '@hyoka/domain';
import type { Viewer } from '../../auth/viewer.js';
import { InputError } from '../../errors/api-errors.js';
import { mapError } from '../../errors/error-mapper.js';
import type { BulkApprovalItemInput } from '../dto/evaluation-command.input.js';
import type { BulkApprovalResult } from '../models/bulk-approval.model.js';
import { ExecuteEvaluationCommand } from './evaluation-command.js';
import { deriveItemCommandId } from './event-ids.js';
import { checkCommandId } from './execute-evaluation.handler.js';

export const MAX_BULK_ITEMS = 200;

/** 一括承認: many ApproveEvaluation commands under one command id; each item its own event and expected version. */
export class ApproveEvaluationsCommand extends Command<BulkApprovalResult[]> {
  constructor(
    readonly viewer: Viewer,
    readonly items: readonly BulkApprovalItemInput[],
    readonly commandId: string,
  ) {
    super();
  }
}

@CommandHandler(ApproveEvaluationsCommand)
export class ApproveEvaluationsHandler implements ICommandHandler<ApproveEvaluationsCommand, BulkApprovalResult[]> {
  constructor(private readonly commands: CommandBus) {}

  async execute({ viewer, items, commandId }: ApproveEvaluationsCommand): Promise<BulkApprovalResult[]> {
    checkCommandId(commandId);
    if (items.length === 0) throw new InputError('一括承認する評価を1件以上選んでください。', 'items');
    if (items.length > MAX_BULK_ITEMS) {
      throw new InputError(`一括承認は一度に${MAX_BULK_ITEMS}件までです。分けて操作してください。`, 'items');
    }
    const streams = items.map((i) => evaluationStream(i.itemId, i.fiscalYear));
    if (new Set(streams).size !== streams.length) {
      throw new InputError('同じ評価が2回選ばれています。選び直してください。', 'items');
    }
    const results: BulkApprovalResult[] = [];
    // One after the other: each item is an ordinary ApproveEvaluation with its own command id (derived, so a retry
    // of the whole bulk dedupes item by item) and the bulk's id as batchId and correlation id.
    for (const [index, item] of items.entries()) {
      try {
        const result = await this.commands.execute(
          new ExecuteEvaluationCommand(
            viewer,
            item.itemId,
            item.fiscalYear,
            item.expectedVersion,
            deriveItemCommandId(commandId, streams[index]!),
            { type: 'ApproveEvaluation', data: { batchId: commandId } },
            commandId,
          ),
        );
        results.push({ itemId: item.itemId, fiscalYear: item.fiscalYear, ok: true, version: result.version, errorCode: null, errorMessage: null });
      } catch (error) {
        const mapped = mapError(error);
        if (mapped.code === 'INTERNAL') throw error;
        results.push({
          itemId: item.itemId,
          fiscalYear: item.fiscalYear,
          ok: false,
          version: null,
          errorCode: mapped.code,
          errorMessage: mapped.message,
        });
      }
    }
    return results;
  }
}
