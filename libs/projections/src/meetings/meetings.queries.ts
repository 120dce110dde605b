import type { Meeting, MeetingBody, MeetingStatus } from '@hyoka/domain';
import type { ReadModels } from '../read-models.js';
import { fromJson, stmt } from '../sql.js';

/** A session as its stream stands; `version`: the revision of its last event (the expected version of the next command). */
export type MeetingRow = Meeting & { status: MeetingStatus; version: number };

/** A decision or hearing recorded in a session, in log order. */
export interface MeetingDecision {
  position: bigint;
  itemId: string;
  fiscalYear: number;
  type: string;
  actor: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** The sessions of a year (of one body, when given), by date. */
export function meetingsOf(readModels: ReadModels, fiscalYear: number, body?: MeetingBody | null): MeetingRow[] {
  const rows = (
    body
      ? stmt(readModels.db, `SELECT state, version FROM meetings WHERE fiscal_year = ? AND body = ? ORDER BY date, meeting_id`).all(fiscalYear, body)
      : stmt(readModels.db, `SELECT state, version FROM meetings WHERE fiscal_year = ? ORDER BY date, meeting_id`).all(fiscalYear)
  ) as { state: string; version: number }[];
  return rows.map((r) => ({ ...fromJson<Omit<MeetingRow, 'version'>>(r.state), version: r.version }));
}

/** One session as its stream stands (null: no such session). */
export function meetingById(readModels: ReadModels, meetingId: string): MeetingRow | null {
  const row = stmt(readModels.db, `SELECT state, version FROM meetings WHERE meeting_id = ?`).get(meetingId) as { state: string; version: number } | undefined;
  return row ? { ...fromJson<Omit<MeetingRow, 'version'>>(row.state), version: row.version } : null;
}

/** The decisions and hearings recorded in a session, in log order. */
export function decisionsOf(readModels: ReadModels, meetingId: string): MeetingDecision[] {
  const rows = stmt(readModels.db, `SELECT position, item_id, fiscal_year, type, actor, occurred_at, data FROM meeting_decisions WHERE meeting_id = ? ORDER BY position`)
    .all(meetingId) as { position: number; item_id: string; fiscal_year: number; type: string; actor: string; occurred_at: string; data: string }[];
  return rows.map((r) => ({ position: BigInt(r.position), itemId: r.item_id, fiscalYear: Number(r.fiscal_year), type: r.type, actor: r.actor, occurredAt: r.occurred_at, data: fromJson(r.data) }));
}
