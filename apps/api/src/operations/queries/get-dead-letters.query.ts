import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryHandler } from '@nestjs/cqrs';
import { ForbiddenError, holdsRole } from '@hyoka/domain';
import { PROJECTION_NAMES, deadLetters, type ProjectionName, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { InputError } from '../../errors/api-errors.js';
import { READ_MODELS } from '../../tokens.js';
import { DeadLetterModel } from '../models/dead-letter.model.js';

/** The health of the read models is the system's, not an evaluation's: for the 管理者 and the 監査 only. */
export function requireOperator(viewer: Viewer): void {
  if (!holdsRole(viewer, 'Admin') && !holdsRole(viewer, 'Auditor')) {
    throw new ForbiddenError('デッドレター(読み取りモデルに反映できなかったイベント)は管理者と監査のみ閲覧できます。');
  }
}

export class GetDeadLettersQuery extends CqrsQuery<DeadLetterModel[]> {
  constructor(
    readonly viewer: Viewer,
    readonly projection: string | null,
  ) {
    super();
  }
}

@QueryHandler(GetDeadLettersQuery)
export class GetDeadLettersHandler implements IQueryHandler<GetDeadLettersQuery, DeadLetterModel[]> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ viewer, projection }: GetDeadLettersQuery): Promise<DeadLetterModel[]> {
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
