import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryHandler } from '@nestjs/cqrs';
import { inbox, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { checkFiscalYear } from '../../common/input-checks.js';
import { EvaluationAction, EvaluationStage } from '../../graphql/enums.js';
import { READ_MODELS } from '../../tokens.js';
import { DueDateSource } from '../../calendar/due-dates.source.js';
import { InboxModel } from '../models/inbox.model.js';

export class GetInboxQuery extends CqrsQuery<InboxModel> {
  constructor(
    readonly viewer: Viewer,
    readonly fiscalYear: number | null,
  ) {
    super();
  }
}

/** What waits for the viewer; the inbox read model applies the domain's `authorize` to every candidate. */
@QueryHandler(GetInboxQuery)
export class GetInboxHandler implements IQueryHandler<GetInboxQuery, InboxModel> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    private readonly dueDates: DueDateSource,
  ) {}

  async execute({ viewer, fiscalYear }: GetInboxQuery): Promise<InboxModel> {
    if (fiscalYear !== null) checkFiscalYear(fiscalYear);
    const result = inbox(this.readModels, viewer, fiscalYear === null ? {} : { fiscalYear });
    const due = this.dueDates.reader();
    return {
      total: result.total,
      groups: result.groups.map((g) => ({
        stage: g.status as EvaluationStage,
        stageLabel: g.stageLabel,
        count: g.count,
        items: g.items.map((i) => ({
          itemId: i.itemId,
          itemName: i.itemName,
          divisionId: i.divisionId,
          fiscalYear: i.fiscalYear,
          stage: i.status as EvaluationStage,
          action: i.action as EvaluationAction,
          actionLabel: i.actionLabel,
          actingAs: i.actingAs,
          since: i.since,
          version: i.version,
          returnedReason: i.returnedReason,
          ...due(i.fiscalYear, i.status),
        })),
      })),
    };
  }
}
