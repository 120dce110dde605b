import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { ForbiddenError, holdsRole } from '@hyoka/domain';
import { PROJECTION_NAMES, deadLetters, type ProjectionName, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { InputError } from '../errors/api-errors.js';
import { READ_MODELS } from '../tokens.js';
import { DeadLetter } from './dead-letter.model.js';

/** The health of the read models is the system's, not an evaluation's: for the 管理者 and the 監査 only. */
export function requireOperator(viewer: Viewer): void {
  if (!holdsRole(viewer, 'Admin') && !holdsRole(viewer, 'Auditor')) {
    throw new ForbiddenError('デッドレター(読み取りモデルに反映できなかったイベント)は管理者と監査のみ閲覧できます。');
  }
}

export class GetDeadLettersQuery extends CqrsQuery<DeadLetter[]> {
  constructor(
    readonly viewer: Viewer,
    readonly projection: string | null,
  ) {
    super();
  }
}

@QueryHandler(GetDeadLettersQuery)
export class GetDeadLettersHandler implements IQueryHandler<GetDeadLettersQuery, DeadLetter[]> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ viewer, projection }: GetDeadLettersQuery): Promise<DeadLetter[]> {
    requireOperator(viewer);
    if (projection !== null && !(PROJECTION_NAMES as readonly string[]).includes(projection)) {
      throw new InputError(`読み取りモデル「${projection}」はありません。${PROJECTION_NAMES.join(', ')} のいずれかを指定してください。`, 'projection');
    }
    return deadLetters(this.readModels, (projection as ProjectionName | null) ?? undefined).map((letter) => ({
      projection: letter.projection,
      position: String(letter.position),
      eventId: letter.eventId,
      stream: letter.stream,
      type: letter.type,
      error: letter.error,
      failedAt: letter.failedAt,
    }));
  }
}

@Resolver()
export class OperationsResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => [DeadLetter], {
    description: 'デッドレター: 読み取りモデルに反映できなかったイベントとその理由 (位置の順)。管理者・監査のみ',
  })
  deadLetters(
    @CurrentViewer() viewer: Viewer,
    @Args('projection', { type: () => String, nullable: true, description: '読み取りモデルで絞り込む (例: board)' })
    projection?: string | null,
  ): Promise<DeadLetter[]> {
    return this.queries.execute(new GetDeadLettersQuery(viewer, projection ?? null));
  }
}
