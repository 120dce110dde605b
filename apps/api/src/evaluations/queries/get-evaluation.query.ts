import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { history, type ReadModels, type ReplayIndex } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { requireCanRead } from '../../common/read-access.js';
import { checkEvaluationKey } from '../commands/execute-evaluation.handler.js';
import { READ_MODELS, REPLAY_INDEX } from '../../tokens.js';
import { UserDirectory } from '../../users/user-directory.js';
import { EvaluationContextSource } from '../evaluation-context.source.js';
import { toEvaluationView, type EvaluationView } from '../evaluation-view.js';
import { DueDateSource } from '../../calendar/due-dates.source.js';

/** One evaluation with its history and editions: live from the read models, or replayed as it stood at `asOf`. */
export class GetEvaluationQuery extends Query<EvaluationView> {
  constructor(
    readonly viewer: Viewer,
    readonly itemId: string,
    readonly fiscalYear: number,
    /** ISO-8601 UTC; null for now */
    readonly asOf: string | null = null,
  ) {
    super();
  }
}

@QueryHandler(GetEvaluationQuery)
export class GetEvaluationHandler implements IQueryHandler<GetEvaluationQuery, EvaluationView> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(REPLAY_INDEX) private readonly replay: ReplayIndex,
    private readonly contexts: EvaluationContextSource,
    private readonly users: UserDirectory,
    private readonly dueDates: DueDateSource,
  ) {}

  async execute({ viewer, itemId, fiscalYear, asOf }: GetEvaluationQuery): Promise<EvaluationView> {
    checkEvaluationKey(itemId, fiscalYear);
    if (asOf === null) {
      const item = this.contexts.item(itemId, fiscalYear);
      requireCanRead(viewer, item.domainItem);
      return this.withDue(toEvaluationView({
        history: history(this.readModels, itemId, fiscalYear),
        item: item.summary,
        domainItem: item.domainItem,
        viewer,
        nameOf: this.users.nameOf,
        asOf: null,
      }), null);
    }
    // Replayed from the store (never the live tables), with the plan as it stood then.
    const position = await this.replay.positionAtTime(asOf);
    const item = await this.contexts.itemAt(itemId, fiscalYear, position);
    requireCanRead(viewer, item.domainItem);
    return this.withDue(toEvaluationView({
      history: await this.replay.evaluationAsOf(itemId, fiscalYear, position),
      item: item.summary,
      domainItem: item.domainItem,
      viewer,
      nameOf: this.users.nameOf,
      asOf,
    }), asOf);
  }

  private withDue(view: EvaluationView, asOf: string | null): EvaluationView {
    return { ...view, ...this.dueDates.reader(asOf)(view.fiscalYear, view.stage) };
  }
}
