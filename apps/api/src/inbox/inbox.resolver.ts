import { QueryBus } from '@nestjs/cqrs';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { EvaluationStage, InboxSort } from '../graphql/enums.js';
import { InboxModel } from './models/inbox.model.js';
import { GetInboxQuery } from './queries/get-inbox.query.js';

@Resolver(() => InboxModel)
export class InboxResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => InboxModel, { description: '受信箱: 閲覧者の対応を待っている評価。段階・担当者・自分の担当で絞り込み、段階順か期限順に並べる' })
  inbox(
    @CurrentViewer() viewer: Viewer,
    @Args('fiscalYear', { type: () => Int, nullable: true }) fiscalYear?: number | null,
    @Args('stage', { type: () => EvaluationStage, nullable: true }) stage?: EvaluationStage | null,
    @Args('assignee', { type: () => ID, nullable: true, description: 'この人が担当者の実施項目のみ' }) assignee?: string | null,
    @Args('mine', { type: () => Boolean, nullable: true, description: 'true: 自分が担当者の実施項目のみ' }) mine?: boolean | null,
    @Args('sort', { type: () => InboxSort, nullable: true }) sort?: InboxSort | null,
  ): Promise<InboxModel> {
    return this.queries.execute(new GetInboxQuery(viewer, { fiscalYear: fiscalYear ?? null, stage, assignee, mine, sort }));
  }

  @Query(() => Int, { description: '受信箱の件数 (メニューの表示用)' })
  async inboxCount(@CurrentViewer() viewer: Viewer, @Args('fiscalYear', { type: () => Int, nullable: true }) fiscalYear?: number | null): Promise<number> {
    return (await this.queries.execute(new GetInboxQuery(viewer, { fiscalYear: fiscalYear ?? null }))).total;
  }
}
