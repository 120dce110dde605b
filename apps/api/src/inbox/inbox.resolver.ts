import { QueryBus } from '@nestjs/cqrs';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { InboxModel } from './models/inbox.model.js';
import { GetInboxQuery } from './queries/get-inbox.query.js';

@Resolver(() => InboxModel)
export class InboxResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => InboxModel, { description: '受信箱: 閲覧者の対応を待っている評価' })
  inbox(
    @CurrentViewer() viewer: Viewer,
    @Args('fiscalYear', { type: () => Int, nullable: true }) fiscalYear?: number | null,
  ): Promise<InboxModel> {
    return this.queries.execute(new GetInboxQuery(viewer, fiscalYear ?? null));
  }
}
