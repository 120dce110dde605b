import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryHandler } from '@nestjs/cqrs';
import type { ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { READ_MODELS } from '../../tokens.js';
import { requireAuditReader, toFilter } from '../audit-access.js';
import type { AuditLogFilterInput } from '../dto/audit-log-filter.input.js';
import { auditLogChunks, type AuditExportFormat } from './audit-log-export.js';

/** The audit log export as a stream of text chunks (the /exports downloads): authorised here, read page by page. */
export class StreamAuditLogQuery extends CqrsQuery<AsyncIterable<string>> {
  constructor(
    readonly viewer: Viewer,
    readonly filter: AuditLogFilterInput | null,
    readonly format: AuditExportFormat,
  ) {
    super();
  }
}

@QueryHandler(StreamAuditLogQuery)
export class StreamAuditLogHandler implements IQueryHandler<StreamAuditLogQuery, AsyncIterable<string>> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ viewer, filter, format }: StreamAuditLogQuery): Promise<AsyncIterable<string>> {
    requireAuditReader(viewer);
    return auditLogChunks(this.readModels, toFilter(filter), format);
  }
}
