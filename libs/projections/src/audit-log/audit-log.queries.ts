import type { ReadModels } from '../read-models.js';
import type { RecordedEvent } from '@hyoka/event-store';
import { stmt } from '../sql.js';
import { AUDIT_CSV_HEADER, auditCsvLine } from './audit-csv.js';
import { departmentNames } from '../plan/plan.queries.js';
import { auditEntryOf, type AuditEntry } from './audit-log.projection.js';

export interface AuditLogFilter {
  /** user id of the actor */
  actor?: string;
  /** the role or body acted as (metadata.actingAs), e.g. 'PromotionMeetingChair' */
  actingAs?: string;
  /** one event type or any of several */
  type?: string | readonly string[];
  /** recordedAt ≥ from (any ISO-8601 time; compared in UTC) */
  from?: string;
  /** recordedAt ≤ to (any ISO-8601 time; a date alone, e.g. 2025-06-30, includes that whole UTC day) */
  to?: string;
  stream?: string;
}

export interface AuditLogPaging {
  /** return entries strictly after this position (the previous page's `nextAfter`) */
  after?: bigint;
  /** 1..1000, default 100 */
  limit?: number;
}

export interface AuditLogPage {
  entries: AuditEntry[];
  /** pass as `after` for the next page; null when this page is the last */
  nextAfter: bigint | null;
}

interface AuditRow {
  position: bigint;
  actor: string;
  actor_name: string;
}

/** The global audit log in position order, filtered, a page at a time. */
export async function auditLog(readModels: ReadModels, filter: AuditLogFilter = {}, paging: AuditLogPaging = {}): Promise<AuditLogPage> {
  const limit = paging.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new RangeError(`limit must be an integer from 1 to 1000, got ${String(paging.limit)}`);
  }
  const where: string[] = ['position > ?'];
  const params: unknown[] = [paging.after ?? 0n];
  if (filter.actor !== undefined) {
    where.push('actor = ?');
    params.push(filter.actor);
  }
  if (filter.actingAs !== undefined) {
    where.push('acting_as = ?');
    params.push(filter.actingAs);
  }
  if (filter.type !== undefined) {
    const types = typeof filter.type === 'string' ? [filter.type] : [...filter.type];
    // one statement for any number of types: statements are cached by their text for the connection's lifetime
    where.push('type IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(types));
  }
  if (filter.stream !== undefined) {
    where.push('stream = ?');
    params.push(filter.stream);
  }
  if (filter.from !== undefined) {
    where.push('recorded_at >= ?');
    params.push(utc(filter.from, 'from'));
  }
  if (filter.to !== undefined) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(filter.to)) {
      where.push('recorded_at < ?');
      params.push(new Date(Date.parse(utc(filter.to, 'to')) + 86_400_000).toISOString());
    } else {
      where.push('recorded_at <= ?');
      params.push(utc(filter.to, 'to'));
    }
  }
  const rows = stmt(
    readModels.db,
    `SELECT position, actor, actor_name FROM audit_log WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`,
  )
    .safeIntegers(true)
    .all(...params, limit + 1) as AuditRow[];
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  // the page's events in one read of the store: the audit log keeps their positions, not their data
  const events = await readModels.eventsAt(page.map((r) => r.position));
  const entries = page.map((row) => toEntry(row, events.get(row.position)!));
  return { entries, nextAfter: more ? entries.at(-1)!.position : null };
}

/** Every entry matching the filter as CSV (RFC 4180, header line, see audit-csv.ts), for auditors to take away. */
export async function exportAuditLogCsv(readModels: ReadModels, filter: AuditLogFilter = {}): Promise<string> {
  const lines = [AUDIT_CSV_HEADER.join(',')];
  const departments = departmentNames(readModels);
  let after: bigint | null = 0n;
  while (after !== null) {
    const page = await auditLog(readModels, filter, { after, limit: 1000 });
    for (const e of page.entries) lines.push(auditCsvLine(e, departments));
    after = page.nextAfter;
  }
  return lines.join('\r\n') + '\r\n';
}

function utc(value: string, field: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new RangeError(`${field} is not an ISO-8601 time: '${value}'`);
  return new Date(time).toISOString();
}

function toEntry(row: AuditRow, event: RecordedEvent): AuditEntry {
  // the name is the one the projection saw when the event was recorded
  return auditEntryOf(event, new Map([[row.actor, row.actor_name]]));
}
