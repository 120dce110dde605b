import { routeRow, type EvaluationStatus } from '@hyoka/domain';
import type { ReadModels } from '../read-models.js';
import { stmt } from '../sql.js';
import { assigneesOf, peopleOf } from './notifications.projection.js';
import { recipientsOf, type NotificationKind } from './recipients.js';

export interface NotificationRow {
  id: string;
  recipient: string;
  kind: NotificationKind;
  itemId: string;
  fiscalYear: number;
  stage: EvaluationStatus;
  actorId: string | null;
  reason: string | null;
  dueDate: string | null;
  days: number | null;
  at: string;
  position: bigint;
  read: boolean;
}

interface Row {
  id: string;
  recipient: string;
  kind: NotificationKind;
  item_id: string;
  fiscal_year: number;
  stage: EvaluationStatus;
  actor_id: string | null;
  reason: string | null;
  due_date: string | null;
  days: number | null;
  at: string;
  position: number | bigint;
  read_at: string | null;
}

// Read marks are what a person did, not what the events say: they live beside the projection's tables (not listed
// among them), so rebuilding the notifications keeps them; the notification ids are stable across rebuilds.
function ensureReadMarks(readModels: ReadModels): void {
  readModels.db.exec(`CREATE TABLE IF NOT EXISTS notification_reads (
    recipient TEXT NOT NULL, notification_id TEXT NOT NULL, read_at TEXT NOT NULL, PRIMARY KEY (recipient, notification_id)
  ) STRICT`);
}

const rowOf = (r: Row): NotificationRow => ({
  id: r.id,
  recipient: r.recipient,
  kind: r.kind,
  itemId: r.item_id,
  fiscalYear: r.fiscal_year,
  stage: r.stage,
  actorId: r.actor_id,
  reason: r.reason,
  dueDate: r.due_date,
  days: r.days,
  at: r.at,
  position: BigInt(r.position),
  read: r.read_at !== null,
});

export interface NotificationPage {
  rows: NotificationRow[];
  /** the recipient's unread notifications, whatever the page */
  unreadCount: number;
  hasMore: boolean;
}

/** A person's notifications, newest first; `after` is the id of the last row of the previous page. */
export function notificationsOf(
  readModels: ReadModels,
  recipient: string,
  options: { first: number; after?: string | null; unreadOnly?: boolean },
): NotificationPage {
  ensureReadMarks(readModels);
  const db = readModels.db;
  const cursor = options.after
    ? (stmt(db, `SELECT position, id FROM notifications WHERE id = ? AND recipient = ?`).get(options.after, recipient) as { position: number; id: string } | undefined)
    : undefined;
  const rows = stmt(
    db,
    `SELECT n.*, r.read_at FROM notifications n
       LEFT JOIN notification_reads r ON r.recipient = n.recipient AND r.notification_id = n.id
     WHERE n.recipient = @recipient AND (@unreadOnly = 0 OR r.read_at IS NULL)
       AND (@position IS NULL OR n.position < @position OR (n.position = @position AND n.id < @id))
     ORDER BY n.position DESC, n.id DESC LIMIT @limit`,
  ).all({
    recipient,
    unreadOnly: options.unreadOnly ? 1 : 0,
    position: cursor?.position ?? null,
    id: cursor?.id ?? null,
    limit: options.first + 1,
  }) as Row[];
  return { rows: rows.slice(0, options.first).map(rowOf), unreadCount: unreadCount(readModels, recipient), hasMore: rows.length > options.first };
}

export function unreadCount(readModels: ReadModels, recipient: string): number {
  ensureReadMarks(readModels);
  const row = stmt(
    readModels.db,
    `SELECT count(*) AS n FROM notifications n
       LEFT JOIN notification_reads r ON r.recipient = n.recipient AND r.notification_id = n.id
     WHERE n.recipient = ? AND r.read_at IS NULL`,
  ).get(recipient) as { n: number };
  return row.n;
}

/** Marks the given notifications (or, with `ids` null, all) of the recipient as read; returns how many were unread. */
export function markNotificationsRead(readModels: ReadModels, recipient: string, ids: readonly string[] | null, at: string): number {
  ensureReadMarks(readModels);
  const db = readModels.db;
  const mark = stmt(
    db,
    `INSERT OR IGNORE INTO notification_reads (recipient, notification_id, read_at)
     SELECT recipient, id, ? FROM notifications WHERE recipient = ? AND id = ?`,
  );
  return db.transaction(() => {
    if (ids === null) {
      return stmt(
        db,
        `INSERT OR IGNORE INTO notification_reads (recipient, notification_id, read_at) SELECT recipient, id, ? FROM notifications WHERE recipient = ?`,
      ).run(at, recipient).changes;
    }
    return ids.reduce((n, id) => n + mark.run(at, recipient, id).changes, 0);
  })();
}

/** Notifications recorded after a position, oldest first (what the mailer has not looked at yet). */
export function notificationsAfter(readModels: ReadModels, position: bigint, limit = 500): NotificationRow[] {
  ensureReadMarks(readModels);
  const rows = stmt(
    readModels.db,
    `SELECT n.*, NULL AS read_at FROM notifications n WHERE n.position > ? ORDER BY n.position, n.id LIMIT ?`,
  ).all(position, limit) as Row[];
  return rows.map(rowOf);
}

/** Notifications by id (what the mailer composes from). */
export function notificationsByIds(readModels: ReadModels, ids: readonly string[]): NotificationRow[] {
  const get = stmt(readModels.db, `SELECT n.*, NULL AS read_at FROM notifications n WHERE n.id = ?`);
  return ids.flatMap((id) => {
    const row = get.get(id) as Row | undefined;
    return row ? [rowOf(row)] : [];
  });
}

/** Notifications made by the event at a position (what the live subscription announces). */
export function notificationsAt(readModels: ReadModels, position: bigint): NotificationRow[] {
  const rows = stmt(readModels.db, `SELECT n.*, NULL AS read_at FROM notifications n WHERE n.position = ? ORDER BY n.id`).all(position) as Row[];
  return rows.map(rowOf);
}

/** Evaluations that wait for someone, with who they wait for (the same recipient rule as the notifications). */
export interface WaitingWork {
  itemId: string;
  fiscalYear: number;
  stage: EvaluationStatus;
  recipients: string[];
}

/**
 * Work waiting at each stage: every started evaluation not at the end of the route, plus the items given here that
 * have no evaluation yet in the year (未着手: waiting for their 部's staff).
 */
export function waitingWork(
  readModels: ReadModels,
  notStarted: readonly { itemId: string; fiscalYear: number; owningDepartmentId: string }[] = [],
): WaitingWork[] {
  const db = readModels.db;
  const people = peopleOf(db);
  const rows = stmt(db, `SELECT item_id, fiscal_year, owning_department_id, status FROM notification_evaluations`).all() as {
    item_id: string;
    fiscal_year: number;
    owning_department_id: string | null;
    status: EvaluationStatus;
  }[];
  const started = new Set(rows.map((r) => `${r.fiscal_year}:${r.item_id}`));
  const all = [
    ...rows.map((r) => ({ itemId: r.item_id, fiscalYear: r.fiscal_year, owningDepartmentId: r.owning_department_id, stage: r.status })),
    ...notStarted
      .filter((i) => !started.has(`${i.fiscalYear}:${i.itemId}`))
      .map((i) => ({ ...i, stage: 'NotStarted' as EvaluationStatus })),
  ];
  return all.flatMap((w) => {
    const actor = routeRow(w.stage).actor;
    if (!actor) return [];
    const recipients = recipientsOf(actor, { people, owningDepartmentId: w.owningDepartmentId, assignees: assigneesOf(db, w.itemId) });
    return [{ itemId: w.itemId, fiscalYear: w.fiscalYear, stage: w.stage, recipients }];
  });
}
