import { QueryBus } from '@nestjs/cqrs';
import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { DeadLetterModel } from './models/dead-letter.model.js';
import { GetDeadLettersQuery } from './queries/get-dead-letters.query.js';

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
}
