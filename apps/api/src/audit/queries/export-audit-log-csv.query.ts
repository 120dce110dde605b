import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryHandler } from '@nestjs/cqrs';
import type { ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { READ_MODELS } from '../../tokens.js';
import { requireAuditReader, toFilter } from '../audit-access.js';
import type { AuditLogFilterInput } from '../dto/audit-log-filter.input.js';
import { auditLogText } from './audit-log-export.js';

export class ExportAuditLogQuery extends CqrsQuery<string> {
  constructor(
    readonly viewer: Viewer,
    readonly filter: AuditLogFilterInput | null,
  ) {
    super();
  }
}

@QueryHandler(ExportAuditLogQuery)
export class ExportAuditLogHandler implements IQueryHandler<ExportAuditLogQuery, string> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ viewer, filter }: ExportAuditLogQuery): Promise<string> {
    requireAuditReader(viewer);
    return auditLogText(this.readModels, toFilter(filter), 'csv');
  }
}
