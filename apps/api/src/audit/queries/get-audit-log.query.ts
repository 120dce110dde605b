import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryHandler } from '@nestjs/cqrs';
import { auditLog, departmentNames, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { actingAsLabel } from '../../common/labels.js';
import { InputError } from '../../errors/api-errors.js';
import { READ_MODELS } from '../../tokens.js';
import { requireAuditReader, toFilter } from '../audit-access.js';
import type { AuditLogFilterInput, PagingInput } from '../dto/audit-log-filter.input.js';
import type { AuditLogPageModel } from '../models/audit-log.model.js';

export class GetAuditLogQuery extends CqrsQuery<AuditLogPageModel> {
  constructor(
    readonly viewer: Viewer,
    readonly filter: AuditLogFilterInput | null,
    readonly paging: PagingInput | null,
  ) {
    super();
  }
}

@QueryHandler(GetAuditLogQuery)
export class GetAuditLogHandler implements IQueryHandler<GetAuditLogQuery, AuditLogPageModel> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ viewer, filter, paging }: GetAuditLogQuery): Promise<AuditLogPageModel> {
    requireAuditReader(viewer);
    let after = 0n;
    if (paging?.after) {
      if (!/^\d{1,19}$/.test(paging.after)) throw new InputError('paging.after には前のページの nextAfter を渡してください。', 'after');
      after = BigInt(paging.after);
    }
    const limit = paging?.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new InputError('paging.limit は 1〜1000 で指定してください。', 'limit');
    }
    const page = await auditLog(this.readModels, toFilter(filter), { after, limit });
    const departments = departmentNames(this.readModels);
    return {
      entries: page.entries.map((e) => ({
        position: String(e.position),
        eventId: e.eventId,
        stream: e.stream,
        revision: e.revision,
        type: e.type,
        actor: { userId: e.actor, displayName: e.actorName },
        actingAs: e.actingAs,
        actingAsLabel: actingAsLabel(e.actingAs, departments),
        commandId: e.commandId,
        correlationId: e.correlationId,
        causationId: e.causationId,
        occurredAt: e.occurredAt,
        recordedAt: e.recordedAt,
        data: JSON.stringify(e.data),
      })),
      nextAfter: page.nextAfter === null ? null : String(page.nextAfter),
    };
  }
}
