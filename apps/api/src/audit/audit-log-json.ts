import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Args, Query, Resolver } from '@nestjs/graphql';
import type { ReadModels } from '@hyoka/projections';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { READ_MODELS } from '../tokens.js';
import { AuditLogFilterInput } from './audit-log.model.js';
import { GRAPHQL_EXPORT_CAP, auditLogText } from './audit-log-export.js';
import { requireAuditReader, toFilter } from './audit.resolver.js';

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

@Resolver()
export class AuditLogJsonResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => String, {
    description: `監査ログの JSON (配列、1行に1件、CSV と同じ行と項目で data は JSON のまま) — 絞り込みに合う行が ${GRAPHQL_EXPORT_CAP} 件まで`,
    deprecationReason: 'ダウンロードは GET /exports/audit-log.json (件数の上限なし、ストリーミング) を使ってください',
  })
  auditLogJson(
    @CurrentViewer() viewer: Viewer,
    @Args('filter', { type: () => AuditLogFilterInput, nullable: true }) filter?: AuditLogFilterInput | null,
  ): Promise<string> {
    return this.queries.execute(new ExportAuditLogJsonQuery(viewer, filter ?? null));
  }
}
