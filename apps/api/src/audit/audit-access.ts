import { ForbiddenError } from '@hyoka/domain';
import type { AuditLogFilter } from '@hyoka/projections';
import type { Viewer } from '../auth/viewer.js';
import { readsEverything } from '../common/read-access.js';
import type { AuditLogFilterInput } from './dto/audit-log-filter.input.js';

/** The audit log spans every evaluation: only those who read every 部's evaluations (監査, 委員, 管理職, 事務局長). */
export function requireAuditReader(viewer: Viewer): void {
  if (!readsEverything(viewer)) {
    throw new ForbiddenError('監査ログはすべての部の評価を閲覧できる人(監査・評価検証委員・管理職・事務局長)のみ閲覧できます。');
  }
}

/** The read model's filter from the GraphQL input (every field optional; the given ones combine with AND). */
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
