import { AUDIT_CSV_HEADER, auditCsvLine, auditLog, type AuditEntry, type AuditLogFilter, type ReadModels } from '@hyoka/projections';
import { InputError } from '../../errors/api-errors.js';

export type AuditExportFormat = 'csv' | 'json';

/** Rows read from the read model per page: what an export holds in memory at once. */
export const EXPORT_PAGE = 1000;

/**
 * The most rows `auditLogCsv` / `auditLogJson` answer over GraphQL, which builds the whole answer as one string; the
 * downloads under /exports stream any number.
 */
export const GRAPHQL_EXPORT_CAP = 5000;

/** One entry as exported in JSON: the CSV's columns, with `data` as JSON rather than JSON text. */
function jsonEntry(e: AuditEntry): string {
  return JSON.stringify({
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
  });
}

/**
 * The filtered audit log in log order, one chunk of text per page of the read model, so that memory stays flat
 * whatever the log's length. CSV: RFC 4180 with a header line (the caller adds a BOM for Excel). JSON: an array with
 * one entry per line. `limit` refuses (before the first chunk would exceed it) an export of more rows.
 */
export async function* auditLogChunks(
  readModels: ReadModels,
  filter: AuditLogFilter,
  format: AuditExportFormat,
  options: { limit?: number } = {},
): AsyncGenerator<string> {
  let after: bigint | null = 0n;
  let rows = 0;
  if (format === 'csv') yield `${AUDIT_CSV_HEADER.join(',')}\r\n`;
  while (after !== null) {
    const page = await auditLog(readModels, filter, { after, limit: EXPORT_PAGE });
    rows += page.entries.length;
    if (options.limit !== undefined && rows > options.limit) throw tooManyForGraphql(format, options.limit);
    if (format === 'csv') {
      if (page.entries.length) yield page.entries.map((e) => `${auditCsvLine(e)}\r\n`).join('');
    } else {
      const first = rows === page.entries.length;
      if (page.entries.length) yield (first ? '[\n' : ',\n') + page.entries.map(jsonEntry).join(',\n');
    }
    after = page.nextAfter;
    // the read model answers synchronously: let other requests in between pages
    if (after !== null) await new Promise((resolve) => setImmediate(resolve));
  }
  if (format === 'json') yield rows === 0 ? '[]\n' : '\n]\n';
}

/** The whole export as one string, for GraphQL: at most `GRAPHQL_EXPORT_CAP` rows. */
export async function auditLogText(readModels: ReadModels, filter: AuditLogFilter, format: AuditExportFormat): Promise<string> {
  let text = '';
  for await (const chunk of auditLogChunks(readModels, filter, format, { limit: GRAPHQL_EXPORT_CAP })) text += chunk;
  return text;
}

function tooManyForGraphql(format: AuditExportFormat, limit: number): InputError {
  return new InputError(
    `監査ログの書き出しは、GraphQL では ${limit.toLocaleString('ja-JP')} 件までです。絞り込みに合う行がそれより多いため、` +
      `/exports/audit-log.${format} からダウンロードしてください (絞り込みは URL のパラメータ actor, actingAs, type, stream, from, to で指定できます)。`,
    'filter',
  );
}
