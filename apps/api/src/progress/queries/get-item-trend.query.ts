import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hyoka/domain';
import { itemTrend, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { checkItemId } from '../../common/input-checks.js';
import { requireCanRead } from '../../common/read-access.js';
import { READ_MODELS } from '../../tokens.js';
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
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ viewer, itemId }: GetItemTrendQuery): Promise<ItemTrendModel> {
    checkItemId(itemId);
    const trend = itemTrend(this.readModels, itemId);
    if (!trend) throw new NotFoundError('指定された実施項目は計画にありません。');
    requireCanRead(viewer, trend);
    return {
      itemId: trend.itemId,
      itemName: trend.itemName,
      years: trend.years.map(({ status, ...year }) => ({ ...year, stage: status })),
    };
  }
}
