import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { FINAL_STAGE, evaluationStream } from '@hyoka/domain';
import type { ReplayIndex } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { requireCanRead } from '../../common/read-access.js';
import { checkEvaluationKey } from '../commands/execute-evaluation.handler.js';
import { APP_CONFIG, REPLAY_INDEX } from '../../tokens.js';
import type { AppConfig } from '../../config.js';
import { UserDirectory } from '../../users/user-directory.js';
import { EvaluationContextSource } from '../evaluation-context.source.js';
import { fromHistory, toEvaluationView, type EvaluationView } from '../evaluation-view.js';
import { LiveEvaluations } from '../live-evaluations.source.js';
import { DueDateSource } from '../../calendar/due-dates.source.js';

/** One evaluation (its history a page at a time): live from the read models, or replayed as it stood at `asOf`. */
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
    private readonly live: LiveEvaluations,
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
      const now = await this.live.read(evaluationStream(itemId, fiscalYear));
      requireCanRead(viewer, { owningDepartmentId: item.domainItem.owningDepartmentId, status: now.state.status }, this.config.readSharing);
      return this.withDue(toEvaluationView({
        itemId,
        fiscalYear,
        ...now,
        item: item.summary,
        domainItem: item.domainItem,
        viewer,
        nameOf: this.users.nameOf,
        departmentNames: item.departmentNames,
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
      ...fromHistory(then),
      item: item.summary,
      domainItem: item.domainItem,
      viewer,
      nameOf: this.users.nameOf,
      departmentNames: item.departmentNames,
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
