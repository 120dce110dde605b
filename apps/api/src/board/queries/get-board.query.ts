import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { canRead, planPeriodsOf } from '@hyoka/domain';
import { board, planState, type BoardRow, type ReadModels, type ReplayIndex } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { checkPlanYear } from '../../common/input-checks.js';
import { EvaluationStage, Grade, TargetKind } from '../../graphql/enums.js';
import { APP_CONFIG, READ_MODELS, REPLAY_INDEX } from '../../tokens.js';
import type { AppConfig } from '../../config.js';
import type { BoardModel, BoardEntryModel } from '../models/board.model.js';
import { DueDateSource, type DueView } from '../../calendar/due-dates.source.js';

export class GetBoardQuery extends Query<BoardModel> {
  constructor(
    readonly viewer: Viewer,
    readonly fiscalYear: number,
    readonly asOf: string | null = null,
  ) {
    super();
  }
}

export function toBoardEntry(row: BoardRow, due: DueView = { dueDate: null, overdueDays: null }): BoardEntryModel {
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
    ...due,
  };
}

/** The board of a year, only the rows the viewer may read (the domain's `canRead`); live or replayed as of a time. */
@QueryHandler(GetBoardQuery)
export class GetBoardHandler implements IQueryHandler<GetBoardQuery, BoardModel> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(REPLAY_INDEX) private readonly replay: ReplayIndex,
    private readonly dueDates: DueDateSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ viewer, fiscalYear, asOf }: GetBoardQuery): Promise<BoardModel> {
    const plan = planState(this.readModels);
    checkPlanYear(fiscalYear, planPeriodsOf(plan).map((p) => p.catalogue.period));
    const rows =
      asOf === null
        ? board(this.readModels, fiscalYear)
        : await this.replay.boardAsOf(fiscalYear, await this.replay.positionAtTime(asOf));
    // as of a past time, overdue is counted at that time
    const due = this.dueDates.reader(asOf);
    return {
      fiscalYear,
      asOf,
      entries: rows.filter((row) => canRead(viewer, row, this.config.readSharing)).map((row) => toBoardEntry(row, due(row.fiscalYear, row.status))),
    };
  }
}
