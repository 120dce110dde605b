import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { FINAL_STAGE, NotFoundError, canRead } from '@hyoka/domain';
import { itemTrend, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { checkItemId } from '../../common/input-checks.js';
import { requireCanRead } from '../../common/read-access.js';
import { APP_CONFIG, READ_MODELS } from '../../tokens.js';
import type { AppConfig } from '../../config.js';
import type { ItemTrendModel } from '../models/progress.model.js';

export class GetItemTrendQuery extends Query<ItemTrendModel> {
  constructor(
    readonly viewer: Viewer,
    readonly itemId: string,
  ) {
    super();
  }
}

/** An item's target vs actual over the plan's years, read like its evaluations. */
@QueryHandler(GetItemTrendQuery)
export class GetItemTrendHandler implements IQueryHandler<GetItemTrendQuery, ItemTrendModel> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ viewer, itemId }: GetItemTrendQuery): Promise<ItemTrendModel> {
    checkItemId(itemId);
    const trend = itemTrend(this.readModels, itemId);
    if (!trend) throw new NotFoundError('指定された実施項目は計画にありません。');
    const sharing = this.config.readSharing;
    requireCanRead(viewer, { owningDepartmentId: trend.owningDepartmentId, status: FINAL_STAGE }, sharing);
    // another 部's item: only its finalised years (全職員で共有)
    const years = trend.years.filter((y) => canRead(viewer, { owningDepartmentId: trend.owningDepartmentId, status: y.status }, sharing));
    // nothing of it final yet: as private as its unfinished work
    if (years.length === 0) requireCanRead(viewer, { owningDepartmentId: trend.owningDepartmentId, status: null }, sharing);
    return {
      itemId: trend.itemId,
      itemName: trend.itemName,
      years: years.map(({ status, ...year }) => ({ ...year, stage: status })),
    };
  }
}
