import { QueryBus } from '@nestjs/cqrs';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { ItemTrendModel, ProgressModel } from './models/progress.model.js';
import { GetItemTrendQuery } from './queries/get-item-trend.query.js';
import { GetProgressQuery } from './queries/get-progress.query.js';

@Resolver(() => ProgressModel)
export class ProgressResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => ProgressModel, { description: '年度の進捗: 段階ごとの件数 (計画全体と部ごと、departmentId を指定するとその部のみ)' })
  progress(
    @CurrentViewer() viewer: Viewer,
    @Args('fiscalYear', { type: () => Int }) fiscalYear: number,
    @Args('departmentId', { type: () => String, nullable: true }) departmentId?: string | null,
  ): Promise<ProgressModel> {
    return this.queries.execute(new GetProgressQuery(viewer, fiscalYear, departmentId ?? null));
  }

  @Query(() => ItemTrendModel, { description: '実施項目の計画期間 (各年度) の数値目標と実績' })
  itemTrend(@CurrentViewer() viewer: Viewer, @Args('itemId', { type: () => ID }) itemId: string): Promise<ItemTrendModel> {
    return this.queries.execute(new GetItemTrendQuery(viewer, itemId));
  }
}
