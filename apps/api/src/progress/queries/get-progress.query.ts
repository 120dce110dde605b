import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ForbiddenError, KEEP_WITHIN_DEPARTMENT, canRead, planPeriodsOf } from '@hyoka/domain';
import { board, planState, progress, type ProgressCalendar, type ProgressGroup, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { DueDateSource } from '../../calendar/due-dates.source.js';
import { checkPlanYear } from '../../common/input-checks.js';
import { InputError } from '../../errors/api-errors.js';
import { READ_MODELS } from '../../tokens.js';
import type { ProgressGroupModel, ProgressModel } from '../models/progress.model.js';

export class GetProgressQuery extends Query<ProgressModel> {
  constructor(
    readonly viewer: Viewer,
    readonly fiscalYear: number,
    readonly departmentId: string | null,
  ) {
    super();
  }
}

const toGroup = (group: ProgressGroup): ProgressGroupModel => ({
  ...group,
  phases: group.phases.map((p) => ({
    ...p,
    stages: p.stages.map((c) => ({ ...c, count: c.itemIds.length, overdueCount: c.overdueItemIds.length })),
  })),
});

/** Items per stage of a year, whole plan and per 部, only what the viewer may read (the domain's `canRead`). */
@QueryHandler(GetProgressQuery)
export class GetProgressHandler implements IQueryHandler<GetProgressQuery, ProgressModel> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    private readonly dueDates: DueDateSource,
  ) {}

  /** The year's due dates (期限) against the server clock. */
  protected calendarOf(fiscalYear: number): ProgressCalendar {
    return this.dueDates.yearView(fiscalYear);
  }

  async execute({ viewer, fiscalYear, departmentId }: GetProgressQuery): Promise<ProgressModel> {
    const plan = planState(this.readModels);
    checkPlanYear(fiscalYear, planPeriodsOf(plan).map((p) => p.catalogue.period));
    // progress counts unfinished work: the 部 rule alone (status unknown), whatever the sharing of final results
    const readable = (owningDepartmentId: string) => canRead(viewer, { owningDepartmentId, status: null }, KEEP_WITHIN_DEPARTMENT);
    if (departmentId !== null) {
      const known = plan.status === 'Imported' && plan.catalogue.departments.some((d) => d.id === departmentId);
      if (!known) throw new InputError('部(departmentId)が計画にありません。計画の部IDを指定してください。', 'departmentId');
      if (!readable(departmentId)) throw new ForbiddenError('この部の進捗を閲覧する権限がありません。担当する部の進捗のみ閲覧できます。');
    }
    const result = progress(this.readModels, fiscalYear, { readable, departmentId, calendar: this.calendarOf(fiscalYear) });
    const counted = new Set(result.total.phases.flatMap((p) => p.stages.flatMap((c) => c.itemIds)));
    return {
      fiscalYear,
      total: toGroup(result.total),
      departments: result.departments.map(toGroup),
      items: board(this.readModels, fiscalYear)
        .filter((row) => counted.has(row.itemId))
        .map((row) => ({
          itemId: row.itemId,
          itemName: row.itemName,
          divisionName: row.divisionName,
          owningDepartmentId: row.owningDepartmentId,
          stage: row.status,
        })),
    };
  }
}
