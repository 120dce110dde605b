import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryHandler } from '@nestjs/cqrs';
import { auditLog, type AuditLogFilter, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { READ_MODELS } from '../../tokens.js';
import { requireAuditReader, toFilter } from '../audit-access.js';
import type { AuditLogFilterInput } from '../dto/audit-log-filter.input.js';

/** One audit-log entry as exported: the CSV's columns, with `data` as JSON rather than JSON text. */
export interface AuditLogJsonEntry {
  position: string;
  recordedAt: string;
  occurredAt: string;
  stream: string;
  revision: number;
  type: string;
  actor: string;
  actorName: string;
  actingAs: string | null;
  commandId: string;
  correlationId: string;
  causationId: string;
  eventId: string;
  data: unknown;
}

/**
 * Every entry matching the filter, in log order, as a JSON array with one entry per line (the same rows and fields
 * as the CSV export).
 */
export function exportAuditLogJson(readModels: ReadModels, filter: AuditLogFilter = {}): string {
  const lines: string[] = [];
  let after: bigint | null = 0n;
  while (after !== null) {
    const page = auditLog(readModels, filter, { after, limit: 1000 });
    for (const e of page.entries) {
      const entry: AuditLogJsonEntry = {
        position: String(e.position),
        recordedAt: e.recordedAt,
        occurredAt: e.occurredAt,
        stream: e.stream,
        revision: e.revision,
        type: e.type,
        actor: e.actor,
        actorName: e.actorName,
        actingAs: e.actingAs,
        commandId: e.commandId,
        correlationId: e.correlationId,
        causationId: e.causationId,
        eventId: e.eventId,
        data: e.data,
      };
      lines.push(JSON.stringify(entry));
    }
    after = page.nextAfter;
  }
  return lines.length === 0 ? '[]\n' : `[\n${lines.join(',\n')}\n]\n`;
}

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
    return exportAuditLogJson(this.readModels, toFilter(filter));
  }
}
