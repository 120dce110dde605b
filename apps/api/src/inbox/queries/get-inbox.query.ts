import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryHandler } from '@nestjs/cqrs';
import { inbox, type InboxItem, type InboxOptions, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { checkFiscalYear, checkItemId } from '../../common/input-checks.js';
import { EvaluationAction, EvaluationStage, type InboxSort } from '../../graphql/enums.js';
import { READ_MODELS } from '../../tokens.js';
import { DueDateSource } from '../../calendar/due-dates.source.js';
import { UserDirectory } from '../../users/user-directory.js';
import type { InboxItemModel, InboxModel } from '../models/inbox.model.js';

/** What the inbox may be narrowed to and how its items are ordered (every field optional). */
export interface InboxQueryOptions {
  fiscalYear: number | null;
  stage?: EvaluationStage | null;
  assignee?: string | null;
  mine?: boolean | null;
  sort?: InboxSort | null;
}

export class GetInboxQuery extends CqrsQuery<InboxModel> {
  constructor(
    readonly viewer: Viewer,
    readonly options: InboxQueryOptions,
  ) {
    super();
  }
}

export function inboxOptionsOf(options: InboxQueryOptions): InboxOptions {
  if (options.fiscalYear !== null) checkFiscalYear(options.fiscalYear);
  if (options.assignee) checkItemId(options.assignee, 'assignee');
  return {
    ...(options.fiscalYear === null ? {} : { fiscalYear: options.fiscalYear }),
    ...(options.stage ? { stage: options.stage } : {}),
    ...(options.assignee ? { assignee: options.assignee } : {}),
    ...(options.mine ? { mine: true } : {}),
    ...(options.sort ? { sort: options.sort } : {}),
  };
}

/** What waits for the viewer; the inbox read model applies the domain's `authorize` to every candidate. */
@QueryHandler(GetInboxQuery)
export class GetInboxHandler implements IQueryHandler<GetInboxQuery, InboxModel> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    private readonly users: UserDirectory,
    private readonly dueDates: DueDateSource,
  ) {}

  async execute({ viewer, options }: GetInboxQuery): Promise<InboxModel> {
    const result = inbox(this.readModels, viewer, inboxOptionsOf(options));
    const due = this.dueDates.reader();
    const toModel = (i: InboxItem): InboxItemModel => ({
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
      assignees: i.assignees.map((userId) => ({ userId, displayName: this.users.nameOf(userId) })),
      mine: i.mine,
      ...due(i.fiscalYear, i.status),
    });
    return {
      total: result.total,
      groups: result.groups.map((g) => ({
        stage: g.status as EvaluationStage,
        stageLabel: g.stageLabel,
        count: g.count,
        items: g.items.map(toModel),
      })),
      items: result.items.map(toModel),
    };
  }
}
