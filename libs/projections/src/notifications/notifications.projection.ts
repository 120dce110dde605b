import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import { evolveUser, initialUserState, type Reminder, type UserState } from '@hyoka/domain';
import type { Projection } from '../projection.js';
import { fromJson, stmt, toJson } from '../sql.js';
import { parseEvaluationStream } from '../streams.js';
import { initialCompactEvaluation, type CompactEvaluation } from '../shared/compact-evaluation.js';
import { HeldRows, inBatch, type ApplyBatch, type EvaluationFolds } from '../batch.js';
import { notificationsFor, type Addressed, type Person } from './recipients.js';

const USER_STREAM = /^user-(.+)$/;
const ASSIGNMENT_STREAM = /^assignment-(.+)$/;
const REMINDER_STREAM = /^reminder-(.+)-(\d{4})$/;

/**
 * The notifications read model keeps, besides its rows, what the recipient rule needs, in its own tables (a
 * projection reads only its own tables): people and their roles, each evaluation's compact state and owning 部
 * (from the `<role>@<部>` an owning-部 actor acts as: the first move of every evaluation is the owning staff's), and
 * each item's 担当者 (part of issue 12, ItemAssigneesChanged on assignment-<itemId>).
 */
const ddl = `
  CREATE TABLE IF NOT EXISTS notifications (
    id TEXT PRIMARY KEY,
    recipient TEXT NOT NULL,
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    stage TEXT NOT NULL,
    actor_id TEXT,
    reason TEXT,
    due_date TEXT,
    days INTEGER,
    at TEXT NOT NULL,
    position INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS notifications_by_recipient ON notifications (recipient, position);
  CREATE INDEX IF NOT EXISTS notifications_by_position ON notifications (position);
  CREATE TABLE IF NOT EXISTS notification_people (
    user_id TEXT PRIMARY KEY,
    state TEXT NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS notification_evaluations (
    item_id TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    owning_department_id TEXT,
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (fiscal_year, item_id)
  ) STRICT;
  CREATE TABLE IF NOT EXISTS notification_assignees (
    item_id TEXT PRIMARY KEY,
    assignees TEXT NOT NULL
  ) STRICT;
`;

/** The 部 an `actingAs` of the form `Role@部` names (null for roles without a 部). */
export const departmentOfActingAs = (actingAs: unknown): string | null =>
  typeof actingAs === 'string' && actingAs.includes('@') ? actingAs.slice(actingAs.indexOf('@') + 1) : null;

export function peopleOf(db: Database.Database): Person[] {
  const rows = stmt(db, `SELECT state FROM notification_people`).all() as { state: string }[];
  return rows.flatMap(({ state }) => {
    const user = fromJson<UserState>(state);
    return user.status === 'NotRegistered' ? [] : [{ userId: user.userId, roles: user.roles, disabled: user.status === 'Disabled' }];
  });
}

export function assigneesOf(db: Database.Database, itemId: string): string[] {
  const row = stmt(db, `SELECT assignees FROM notification_assignees WHERE item_id = ?`).get(itemId) as { assignees: string } | undefined;
  return row ? fromJson<string[]>(row.assignees) : [];
}

function insert(db: Database.Database, event: RecordedEvent, n: Addressed & { itemId: string; fiscalYear: number; actorId: string | null; dueDate?: string; days?: number }) {
  // The id is stable across rebuilds (the event's id and the recipient), so read marks and sent mail stay attached.
  stmt(
    db,
    `INSERT OR IGNORE INTO notifications (id, recipient, kind, item_id, fiscal_year, stage, actor_id, reason, due_date, days, at, position)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    `${event.id}:${n.recipient}`,
    n.recipient,
    n.kind,
    n.itemId,
    n.fiscalYear,
    n.stage,
    n.actorId,
    n.reason,
    n.dueDate ?? null,
    n.days ?? null,
    event.metadata.occurredAt,
    event.position,
  );
}

interface HeldEvaluation {
  owningDepartmentId: string | null;
  evaluation: CompactEvaluation;
}

/** What the recipient rule reads, held for a batch: the people (read again after a user event), 担当者, evaluations. */
function openNotificationsPart(db: Database.Database) {
  let people: Person[] | undefined;
  const assignees = new Map<string, string[]>();
  const evaluations = new HeldRows<HeldEvaluation>(
    (stream) => {
      const { fiscalYear, itemId } = parseEvaluationStream(stream)!;
      const row = stmt(db, `SELECT owning_department_id, state FROM notification_evaluations WHERE fiscal_year = ? AND item_id = ?`).get(
        fiscalYear,
        itemId,
      ) as { owning_department_id: string | null; state: string } | undefined;
      return row ? { owningDepartmentId: row.owning_department_id, evaluation: fromJson<CompactEvaluation>(row.state) } : undefined;
    },
    (stream, held) => {
      const { fiscalYear, itemId } = parseEvaluationStream(stream)!;
      stmt(
        db,
        `INSERT INTO notification_evaluations (item_id, fiscal_year, owning_department_id, status, state) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (fiscal_year, item_id) DO UPDATE SET owning_department_id = excluded.owning_department_id, status = excluded.status,
           state = excluded.state`,
      ).run(itemId, fiscalYear, held.owningDepartmentId, held.evaluation.state.status, toJson(held.evaluation));
    },
  );
  return {
    evaluations,
    people: () => (people ??= peopleOf(db)),
    peopleChanged: () => (people = undefined),
    assignees(itemId: string): string[] {
      let list = assignees.get(itemId);
      if (!list) assignees.set(itemId, (list = assigneesOf(db, itemId)));
      return list;
    },
    assigneesChanged: (itemId: string) => assignees.delete(itemId),
    flush: () => evaluations.flush(),
  };
}

type NotificationsPart = ReturnType<typeof openNotificationsPart>;

function applyEvaluationEvent(
  db: Database.Database,
  part: NotificationsPart,
  folds: EvaluationFolds,
  event: RecordedEvent,
  itemId: string,
  fiscalYear: number,
) {
  const held = part.evaluations.get(event.stream);
  const fold = folds.fold(held?.evaluation ?? initialCompactEvaluation(), event);
  const owningDepartmentId = held?.owningDepartmentId ?? departmentOfActingAs((event.data as { actingAs?: unknown }).actingAs);
  const addressed = notificationsFor(fold.before.state, fold.after.state, {
    people: part.people(),
    owningDepartmentId,
    assignees: part.assignees(itemId),
  }, event);
  const by = (event.data as { by?: unknown }).by;
  for (const n of addressed) insert(db, event, { ...n, itemId, fiscalYear, actorId: typeof by === 'string' ? by : null });
  part.evaluations.set(event.stream, { owningDepartmentId, evaluation: fold.after });
}

export const notificationsProjection: Projection = {
  name: 'notifications',
  schemaVersion: 1,
  tables: ['notifications', 'notification_people', 'notification_evaluations', 'notification_assignees'],
  ddl,
  apply(db: Database.Database, event: RecordedEvent, batch?: ApplyBatch) {
    inBatch(batch, 'notifications', () => openNotificationsPart(db), (part, folds) => {
      const user = USER_STREAM.exec(event.stream);
      if (user) {
        const row = stmt(db, `SELECT state FROM notification_people WHERE user_id = ?`).get(user[1]) as { state: string } | undefined;
        const state = evolveUser(row ? fromJson<UserState>(row.state) : initialUserState(), event);
        if (state.status === 'NotRegistered') return;
        stmt(db, `INSERT INTO notification_people (user_id, state) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET state = excluded.state`).run(
          user[1],
          toJson({ ...state, passwordHash: '' }),
        );
        part.peopleChanged();
        return;
      }
      const assignment = ASSIGNMENT_STREAM.exec(event.stream);
      if (assignment && event.type === 'ItemAssigneesChanged') {
        const assignees = (event.data as { assignees?: unknown }).assignees;
        const list = Array.isArray(assignees) ? assignees.filter((a): a is string => typeof a === 'string') : [];
        stmt(db, `INSERT INTO notification_assignees (item_id, assignees) VALUES (?, ?) ON CONFLICT (item_id) DO UPDATE SET assignees = excluded.assignees`).run(
          assignment[1],
          toJson(list),
        );
        part.assigneesChanged(assignment[1]!);
        return;
      }
      if (REMINDER_STREAM.test(event.stream) && event.type === 'ReminderSent') {
        const r = event.data as unknown as Reminder;
        insert(db, event, { recipient: r.recipient, kind: r.kind, stage: r.stage, reason: null, itemId: r.itemId, fiscalYear: r.fiscalYear, actorId: null, dueDate: r.dueDate, days: r.days });
        return;
      }
      const evaluation = parseEvaluationStream(event.stream);
      if (evaluation) applyEvaluationEvent(db, part, folds, event, evaluation.itemId, evaluation.fiscalYear);
    });
  },
};
