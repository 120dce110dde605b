import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { planItemsFor, type AppliedNotice, type ProjectionRunner, type ReadModels } from '@hyoka/projections';
import type { PubSub } from 'graphql-subscriptions';
import { FINAL_STAGE, isFinal, isRouteStage, type EvaluationStatus, type ReadSharing } from '@hyoka/domain';
import type { AppConfig } from '../config.js';
import { APP_CONFIG, PROJECTION_RUNNER, PUB_SUB, READ_MODELS } from '../tokens.js';
import type { BoardChangeModel } from './models/board.model.js';

export const BOARD_CHANGED = 'boardChanged';

/** What travels through the PubSub: the change, plus the owning 部 so each subscriber's read rule can be applied. */
export interface BoardChangedMessage {
  change: BoardChangeModel;
  /** null for a plan revision (it concerns every item) or an item the plan does not know */
  owningDepartmentId: string | null;
  /** 確定 when the event moves the evaluation into or out of it (those who read it once final hear of it), else null */
  status: EvaluationStatus | null;
  /** the deployment's read sharing (HYOKA_SHARE_FINALIZED), for the subscription's filter */
  sharing: ReadSharing;
}

export type BoardEvents = PubSub<{ [BOARD_CHANGED]: BoardChangedMessage }>;

const EVALUATION_STREAM = /^evaluation-(.+)-(\d{4})$/;

/** Whether an event moves an evaluation into or out of 確定 (its `from` or `to`). */
function touchesFinal(data: unknown): boolean {
  const { from, to } = (data ?? {}) as { from?: unknown; to?: unknown };
  return [from, to].some((stage) => isRouteStage(stage) && isFinal(stage));
}

/**
 * Feeds `boardChanged` from the projection runner's onApplied, so a subscriber hears of a change only once the
 * read models hold it (a query it makes in response sees the change).
 */
@Injectable()
export class BoardEventsBridge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BoardEvents');
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(PUB_SUB) private readonly pubSub: BoardEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.runner.onApplied((notice) => {
      if (!notice.boardChanged) return;
      this.pubSub.publish(BOARD_CHANGED, this.messageOf(notice)).catch((error: unknown) => {
        this.logger.error('publishing boardChanged failed', String(error));
      });
    });
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
  }

  private messageOf({ event, fiscalYear }: AppliedNotice): BoardChangedMessage {
    const match = EVALUATION_STREAM.exec(event.stream);
    const itemId = match ? match[1]! : null;
    const owner = itemId && fiscalYear !== null ? planItemsFor(this.readModels, fiscalYear).find((i) => i.itemId === itemId)?.owningDepartmentId : undefined;
    return {
      change: {
        fiscalYear,
        itemId,
        type: event.type,
        version: match ? Number(event.revision) : null,
        position: String(event.position),
      },
      owningDepartmentId: owner ?? null,
      status: touchesFinal(event.data) ? FINAL_STAGE : null,
      sharing: this.config.readSharing,
    };
  }
}
