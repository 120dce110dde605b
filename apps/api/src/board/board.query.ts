import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { canRead } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { board, boardAsOf, positionAtTime, type BoardRow, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../auth/viewer.js';
import type { AppConfig } from '../config.js';
import { EvaluationStage, Grade, TargetKind } from '../graphql/enums.js';
import { APP_CONFIG, EVENT_STORE, READ_MODELS } from '../tokens.js';
import type { Board, BoardEntry } from './models/board.model.js';

export class GetBoardQuery extends Query<Board> {
  constructor(
    readonly viewer: Viewer,
    readonly fiscalYear: number,
    readonly asOf: string | null = null,
  ) {
    super();
  }
}

export function toBoardEntry(row: BoardRow): BoardEntry {
  return {
    itemId: row.itemId,
    itemName: row.itemName,
    divisionId: row.divisionId,
    divisionName: row.divisionName,
    themeId: row.themeId,
    owningDepartmentId: row.owningDepartmentId,
    fiscalYear: row.fiscalYear,
    plannedStage: row.plannedStage,
    retired: row.retired,
    stage: row.status as EvaluationStage,
    stageLabel: row.stageLabel,
    targetKind: row.targetKind as TargetKind | null,
    selfGrade: row.selfGrade as Grade | null,
    proposedGrade: row.proposedGrade as Grade | null,
    finalGrade: row.finalGrade as Grade | null,
    quantitativeGrade: row.quantitativeGrade as Grade | null,
    qualitativeGrade: row.qualitativeGrade as Grade | null,
    achievementPercent: row.achievementPercent,
    stageLag: row.stageLag,
    lastActor: row.lastActor ? { userId: row.lastActor, displayName: row.lastActorName ?? row.lastActor } : null,
    lastActingAs: row.lastActingAs,
    lastActedAt: row.lastActedAt,
    returnedReason: row.summary.openReturn?.reason ?? null,
    recallable: row.summary.recallable,
    version: row.version,
  };
}

/** The board of a year, only the rows the viewer may read (the domain's `canRead`); live or replayed as of a time. */
@QueryHandler(GetBoardQuery)
export class GetBoardHandler implements IQueryHandler<GetBoardQuery, Board> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  async execute({ viewer, fiscalYear, asOf }: GetBoardQuery): Promise<Board> {
    const rows =
      asOf === null
        ? board(this.readModels, fiscalYear)
        : await boardAsOf(this.store, fiscalYear, await positionAtTime(this.store, asOf), {
            promotionMeetingOverrides: this.config.promotionMeetingOverrides,
          });
    return {
      fiscalYear,
      asOf,
      entries: rows.filter((row) => canRead(viewer, row)).map(toBoardEntry),
    };
  }
}
