import { QueryBus } from '@nestjs/cqrs';
import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { AuditLogFilterInput, PagingInput } from './dto/audit-log-filter.input.js';
import { AuditLogPageModel } from './models/audit-log.model.js';
import { AuditPersonModel } from './models/audit-person.model.js';
import { GRAPHQL_EXPORT_CAP } from './queries/audit-log-export.js';
import { ExportAuditLogQuery } from './queries/export-audit-log-csv.query.js';
import { ExportAuditLogJsonQuery } from './queries/export-audit-log-json.query.js';
import { GetAuditLogQuery } from './queries/get-audit-log.query.js';
import { GetAuditPeopleQuery } from './queries/get-audit-people.query.js';

/** The audit log, its exports and its choices of people: each field dispatches to its query. */
@Resolver(() => AuditLogPageModel)
export class AuditResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => AuditLogPageModel, { description: '監査ログ (記録順、絞り込み・ページ送り)' })
  auditLog(
    @CurrentViewer() viewer: Viewer,
    @Args('filter', { type: () => AuditLogFilterInput, nullable: true }) filter?: AuditLogFilterInput | null,
    @Args('paging', { type: () => PagingInput, nullable: true }) paging?: PagingInput | null,
  ): Promise<AuditLogPageModel> {
    return this.queries.execute(new GetAuditLogQuery(viewer, filter ?? null, paging ?? null));
  }

  @Query(() => String, {
    description: `監査ログの CSV (RFC 4180、見出し行つき) — 絞り込みに合う行が ${GRAPHQL_EXPORT_CAP} 件まで (それより多ければ VALIDATION)`,
    deprecationReason: 'ダウンロードは GET /exports/audit-log.csv (件数の上限なし、ストリーミング) を使ってください',
  })
  auditLogCsv(
    @CurrentViewer() viewer: Viewer,
    @Args('filter', { type: () => AuditLogFilterInput, nullable: true }) filter?: AuditLogFilterInput | null,
  ): Promise<string> {
    return this.queries.execute(new ExportAuditLogQuery(viewer, filter ?? null));
  }

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

  @Query(() => [AuditPersonModel], { description: '監査ログの「操作した人」の選択肢: すべての利用者 (監査ログを閲覧できる人のみ)' })
  auditPeople(@CurrentViewer() viewer: Viewer): Promise<AuditPersonModel[]> {
    return this.queries.execute(new GetAuditPeopleQuery(viewer));
  }
}
