import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assignmentFold, commandFingerprint, handleCommand } from '@hyoka/command-handling';
import {
  assignmentStream,
  decideAssignment,
  itemContext,
  mayEverDo,
  type Actor,
  type AssignmentMode,
  type EvaluationItem,
} from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { findUserById, planState, ProjectionTimeoutError, type ProjectionRunner, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { checkItemId } from '../../common/input-checks.js';
import type { AppConfig } from '../../config.js';
import { AccessDeniedError, InputError } from '../../errors/api-errors.js';
import { mapError } from '../../errors/error-mapper.js';
import { deriveItemCommandId } from '../../evaluations/commands/event-ids.js';
import { checkCommandId } from '../../evaluations/commands/execute-evaluation.handler.js';
import { UserDirectory } from '../../users/user-directory.js';
import { APP_CONFIG, EVENT_STORE, PROJECTION_RUNNER, READ_MODELS } from '../../tokens.js';
import type { AssignmentResultModel } from '../models/assignment.model.js';

export const MAX_ASSIGNED_ITEMS = 200;

/** 担当者の割り当て: one AssignItem per item, under the request's command id. */
export class AssignItemsCommand extends Command<AssignmentResultModel[]> {
  constructor(
    readonly viewer: Viewer,
    readonly itemIds: readonly string[],
    readonly assignees: readonly string[],
    readonly mode: AssignmentMode,
    readonly commandId: string,
  ) {
    super();
  }
}

/**
 * Runs one AssignItem per item on its `assignment-<itemId>` stream, each with a command id derived from the request's
 * (a retried request records nothing twice) and the request's id as correlation. A refused item is reported in its
 * result, never thrown. There is no expected version: REPLACE states the whole list, ADD and REMOVE say who changes.
 */
@CommandHandler(AssignItemsCommand)
export class AssignItemsHandler implements ICommandHandler<AssignItemsCommand, AssignmentResultModel[]> {
  private readonly logger = new Logger('AssignmentCommands');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly users: UserDirectory,
  ) {}

  async execute({ viewer, itemIds, assignees, mode, commandId }: AssignItemsCommand): Promise<AssignmentResultModel[]> {
    checkCommandId(commandId);
    if (itemIds.length === 0) throw new InputError('担当者を割り当てる実施項目を1件以上選んでください。', 'itemIds');
    if (itemIds.length > MAX_ASSIGNED_ITEMS) {
      throw new InputError(`担当者の割り当ては一度に${MAX_ASSIGNED_ITEMS}件までです。分けて操作してください。`, 'itemIds');
    }
    for (const itemId of itemIds) checkItemId(itemId, 'itemIds');
    if (new Set(itemIds).size !== itemIds.length) throw new InputError('同じ実施項目が2回選ばれています。選び直してください。', 'itemIds');
    for (const userId of assignees) checkItemId(userId, 'assignees');

    const people = new Map<string, Actor>();
    for (const userId of assignees) {
      const account = findUserById(this.readModels, userId);
      if (account) people.set(userId, { userId, displayName: account.displayName, roles: account.roles, disabled: account.disabled });
    }
    const results: AssignmentResultModel[] = [];
    let last: bigint | null = null;
    for (const itemId of itemIds) {
      const stream = assignmentStream(itemId);
      try {
        const item = this.itemOf(itemId);
        // FORBIDDEN before the stream is read, as for evaluations: a refused person learns nothing of it
        const permission = mayEverDo(viewer, 'AssignItem', item);
        if (!permission.allowed) throw new AccessDeniedError(permission.reason, stream);
        const now = new Date().toISOString();
        const command = { type: 'AssignItem' as const, data: { itemId, assignees: [...assignees], mode } };
        const result = await handleCommand(this.store, stream, (state) => decideAssignment(command, state, { actor: viewer, now, item, people }), {
          fold: assignmentFold,
          provenance: {
            actor: viewer.userId,
            commandId: deriveItemCommandId(commandId, stream),
            commandHash: commandFingerprint(command),
            correlationId: commandId,
            occurredAt: now,
          },
        });
        if (result.position !== null) last = result.position;
        results.push({
          itemId,
          ok: true,
          changed: result.newEvents.length > 0,
          assignees: result.state.assignees.map((userId) => ({ userId, displayName: this.users.nameOf(userId) })),
          errorCode: null,
          errorMessage: null,
        });
      } catch (error) {
        const mapped = mapError(error);
        if (mapped.code === 'INTERNAL') throw error;
        results.push({ itemId, ok: false, changed: false, assignees: [], errorCode: mapped.code, errorMessage: mapped.message });
      }
    }
    if (last !== null) await this.waitFor(last);
    return results;
  }

  /** The item as the plan stands; ownership does not depend on the year or on retirement. */
  private itemOf(itemId: string): EvaluationItem {
    const state = planState(this.readModels);
    const unretired = state.status === 'Imported' ? { ...state, retired: {} } : state;
    const fiscalYear = state.status === 'Imported' ? state.catalogue.period.from : 0;
    return itemContext(unretired, itemId, fiscalYear);
  }

  private async waitFor(position: bigint): Promise<void> {
    try {
      await this.runner.waitForPosition(position);
    } catch (error) {
      if (!(error instanceof ProjectionTimeoutError)) throw error;
      this.logger.warn(`read models lag behind position ${position}: ${error.message}`);
    }
  }
}
