import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { FINAL_STAGE } from '@hyoka/domain';
import { history, type ReadModels, type ReplayIndex } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { requireCanRead } from '../../common/read-access.js';
import { checkEvaluationKey } from '../commands/execute-evaluation.handler.js';
import { APP_CONFIG, READ_MODELS, REPLAY_INDEX } from '../../tokens.js';
import type { AppConfig } from '../../config.js';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ viewer, itemId, fiscalYear, asOf }: GetEvaluationQuery): Promise<EvaluationView> {
    checkEvaluationKey(itemId, fiscalYear);
    if (asOf === null) {
      const item = this.contexts.item(itemId, fiscalYear);
      this.mayReadOnceFinal(viewer, item.domainItem.owningDepartmentId);
      const live = history(this.readModels, itemId, fiscalYear);
      requireCanRead(viewer, { owningDepartmentId: item.domainItem.owningDepartmentId, status: live.state.status }, this.config.readSharing);
      return this.withDue(toEvaluationView({
        history: live,
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
    this.mayReadOnceFinal(viewer, item.domainItem.owningDepartmentId);
    const then = await this.replay.evaluationAsOf(itemId, fiscalYear, position);
    // shared only as far as it was final at that time
    requireCanRead(viewer, { owningDepartmentId: item.domainItem.owningDepartmentId, status: then.state.status }, this.config.readSharing);
    return this.withDue(toEvaluationView({
      history: then,
      item: item.summary,
      domainItem: item.domainItem,
      viewer,
      nameOf: this.users.nameOf,
      asOf,
    }), asOf);
  }

  /** Refuses, before reading the evaluation, a person who could not read it even were it final. */
  private mayReadOnceFinal(viewer: Viewer, owningDepartmentId: string): void {
    requireCanRead(viewer, { owningDepartmentId, status: FINAL_STAGE }, this.config.readSharing);
  }

  private withDue(view: EvaluationView, asOf: string | null): EvaluationView {
    return { ...view, ...this.dueDates.reader(asOf)(view.fiscalYear, view.stage) };
  }
}
