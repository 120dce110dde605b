import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { ForbiddenError } from '@hyoka/domain';
import { auditLog, type AuditLogFilter, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { actingAsLabel } from '../common/labels.js';
import { readsEverything } from '../common/read-access.js';
import { InputError } from '../errors/api-errors.js';
import { READ_MODELS } from '../tokens.js';
import { GRAPHQL_EXPORT_CAP, auditLogChunks, auditLogText, type AuditExportFormat } from './audit-log-export.js';
import { AuditLogFilterInput, AuditLogPage, PagingInput } from './audit-log.model.js';

/** The audit log spans every evaluation: only those who read every 部's evaluations (監査, 委員, 管理職, 事務局長). */
export function requireAuditReader(viewer: Viewer): void {
  if (!readsEverything(viewer)) {
    throw new ForbiddenError('監査ログはすべての部の評価を閲覧できる人(監査・評価検証委員・管理職・事務局長)のみ閲覧できます。');
  }
}

export function toFilter(input: AuditLogFilterInput | null | undefined): AuditLogFilter {
  const filter: AuditLogFilter = {};
  if (!input) return filter;
  if (input.actor) filter.actor = input.actor;
  if (input.actingAs) filter.actingAs = input.actingAs;
  if (input.types?.length) filter.type = input.types;
  if (input.stream) filter.stream = input.stream;
  if (input.from) filter.from = input.from;
  if (input.to) filter.to = input.to;
  return filter;
}

export class GetAuditLogQuery extends CqrsQuery<AuditLogPage> {
  constructor(
    readonly viewer: Viewer,
    readonly filter: AuditLogFilterInput | null,
    readonly paging: PagingInput | null,
  ) {
    super();
  }
}

@QueryHandler(GetAuditLogQuery)
export class GetAuditLogHandler implements IQueryHandler<GetAuditLogQuery, AuditLogPage> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ viewer, filter, paging }: GetAuditLogQuery): Promise<AuditLogPage> {
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
    const page = auditLog(this.readModels, toFilter(filter), { after, limit });
    return {
      entries: page.entries.map((e) => ({
        position: String(e.position),
        eventId: e.eventId,
        stream: e.stream,
        revision: e.revision,
        type: e.type,
        actor: { userId: e.actor, displayName: e.actorName },
        actingAs: e.actingAs,
        actingAsLabel: actingAsLabel(e.actingAs),
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

@Resolver(() => AuditLogPage)
export class AuditResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => AuditLogPage, { description: '監査ログ (記録順、絞り込み・ページ送り)' })
  auditLog(
    @CurrentViewer() viewer: Viewer,
    @Args('filter', { type: () => AuditLogFilterInput, nullable: true }) filter?: AuditLogFilterInput | null,
    @Args('paging', { type: () => PagingInput, nullable: true }) paging?: PagingInput | null,
  ): Promise<AuditLogPage> {
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
}
