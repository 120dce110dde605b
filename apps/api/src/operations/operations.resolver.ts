import { QueryBus } from '@nestjs/cqrs';
import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { DeadLetterModel } from './models/dead-letter.model.js';
import { GetDeadLettersQuery } from './queries/get-dead-letters.query.js';
import { ProjectionStatusModel } from './models/projection-status.model.js';
import { GetProjectionStatusQuery } from './queries/get-projection-status.query.js';

@Resolver()
export class OperationsResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => [DeadLetterModel], {
    description: 'デッドレター: 読み取りモデルに反映できなかったイベントとその理由 (位置の順)。管理者・監査のみ',
  })
  deadLetters(
    @CurrentViewer() viewer: Viewer,
    @Args('projection', { type: () => String, nullable: true, description: '読み取りモデルで絞り込む (例: board)' })
    projection?: string | null,
  ): Promise<DeadLetterModel[]> {
    return this.queries.execute(new GetDeadLettersQuery(viewer, projection ?? null));
  }

  @Query(() => ProjectionStatusModel, {
    description:
      '読み取りモデルの追いつき状況。起動直後、大きなログでは読み取りモデルが背後で追いつく間も API は答える (catchingUp: true の間の一覧は反映済みの範囲)',
  })
  projectionStatus(@CurrentViewer() viewer: Viewer): Promise<ProjectionStatusModel> {
    return this.queries.execute(new GetProjectionStatusQuery(viewer));
  }
}
