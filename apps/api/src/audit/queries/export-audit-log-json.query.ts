import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryHandler } from '@nestjs/cqrs';
import type { ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { READ_MODELS } from '../../tokens.js';
import { requireAuditReader, toFilter } from '../audit-access.js';
import type { AuditLogFilterInput } from '../dto/audit-log-filter.input.js';
import { auditLogText } from './audit-log-export.js';

export class ExportAuditLogJsonQuery extends CqrsQuery<string> {
  constructor(
    readonly viewer: Viewer,
    readonly filter: AuditLogFilterInput | null,
  ) {
    super();
  }
}

/** Auditors' export, like the CSV: only those who read every 部's evaluations (監査, 委員, 管理職, 事務局長). */
@QueryHandler(ExportAuditLogJsonQuery)
export class ExportAuditLogJsonHandler implements IQueryHandler<ExportAuditLogJsonQuery, string> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ viewer, filter }: ExportAuditLogJsonQuery): Promise<string> {
    requireAuditReader(viewer);
    return auditLogText(this.readModels, toFilter(filter), 'json');
  }
}
