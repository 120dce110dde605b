import { Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, Int, Query, Resolver, Subscription } from '@nestjs/graphql';
import { canRead } from '@hyoka/domain';
import type { RequestContext, Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { checkFiscalYear } from '../common/input-checks.js';
import { readsEverything } from '../common/read-access.js';
import { DateTimeScalar } from '../graphql/scalars.js';
import { PUB_SUB } from '../tokens.js';
import { GetBoardQuery } from './queries/get-board.query.js';
import { BOARD_CHANGED, type BoardChangedMessage, type BoardEvents } from './board-events.js';
import { BoardModel, BoardChangeModel } from './models/board.model.js';

/** Whether a subscriber may hear of a change: the same read rule as the board itself. */
function audible(message: BoardChangedMessage, fiscalYear: number, viewer: Viewer | null): boolean {
  if (!viewer) return false;
  if (message.change.fiscalYear !== null && message.change.fiscalYear !== fiscalYear) return false;
  if (message.owningDepartmentId === null) return message.change.itemId === null || readsEverything(viewer);
  return canRead(viewer, { owningDepartmentId: message.owningDepartmentId, status: message.status }, message.sharing);
}

@Resolver(() => BoardModel)
export class BoardResolver {
  constructor(
    private readonly queries: QueryBus,
    @Inject(PUB_SUB) private readonly pubSub: BoardEvents,
  ) {}

  @Query(() => BoardModel, { description: '進行管理ボード (年度)。asOf を指定するとその時点のボードを再現する' })
  board(
    @CurrentViewer() viewer: Viewer,
    @Args('fiscalYear', { type: () => Int }) fiscalYear: number,
    @Args('asOf', { type: () => DateTimeScalar, nullable: true }) asOf?: string | null,
  ): Promise<BoardModel> {
    return this.queries.execute(new GetBoardQuery(viewer, fiscalYear, asOf ?? null));
  }

  @Subscription(() => BoardChangeModel, {
    description: 'ボード (年度) の変化。閲覧できる実施項目の変化だけが、読み取りモデルに反映された後に届く',
    filter: (message: BoardChangedMessage, variables: { fiscalYear: number }, context: RequestContext) =>
      audible(message, variables.fiscalYear, context.viewer),
    resolve: (message: BoardChangedMessage) => message.change,
  })
  boardChanged(
    @CurrentViewer() _viewer: Viewer,
    @Args('fiscalYear', { type: () => Int }) fiscalYear: number,
  ): AsyncIterableIterator<BoardChangedMessage> {
    checkFiscalYear(fiscalYear);
    return this.pubSub.asyncIterableIterator<BoardChangedMessage>(BOARD_CHANGED);
  }
}
