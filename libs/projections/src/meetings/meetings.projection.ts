import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import { evolveMeeting, initialMeetingState, isMeetingEventType, type MeetingState, type SessionRecord } from '@hyoka/domain';
import type { Projection } from '../projection.js';
import { fromJson, stmt, toJson } from '../sql.js';
import { parseEvaluationStream } from '../streams.js';

const MEETING_STREAM = /^meeting-(.+)$/;

/** meetingId of a `meeting-<id>` stream; undefined for any other stream */
export function parseMeetingStream(stream: string): string | undefined {
  return MEETING_STREAM.exec(stream)?.[1];
}

/** The evaluation events a session can record: decisions (with `meeting`) and hearings (with `meetingId`). */
const DECISIONS = new Set(['EvaluationApproved', 'EvaluationReturned', 'EvaluationForwardedToCommittee', 'EvaluationFinalized', 'EvaluationReopened', 'HearingRecorded']);

/** Pure row logic: the session after one event of its stream (the domain's evolve). */
export const evolveMeetingRow = (state: MeetingState | undefined, event: RecordedEvent): MeetingState => evolveMeeting(state ?? initialMeetingState(), event);

/** The session an evaluation event was decided (or heard) in; null for any other event. */
export function sessionOfEvent(event: RecordedEvent): string | null {
  if (!DECISIONS.has(event.type)) return null;
  const data = event.data as { meeting?: SessionRecord; meetingId?: string | null };
  return data.meeting?.meetingId ?? data.meetingId ?? null;
}

const ddl = `
  CREATE TABLE IF NOT EXISTS meetings (
    meeting_id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    date TEXT NOT NULL,
    version INTEGER NOT NULL,
    state TEXT NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS meetings_by_year ON meetings (fiscal_year, body, date);
  CREATE TABLE IF NOT EXISTS meeting_decisions (
    meeting_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    type TEXT NOT NULL,
    actor TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (meeting_id, position)
  ) STRICT;
`;

/** 会議: every session as its stream stands, and the decisions and hearings recorded in each. */
export const meetingsProjection: Projection = {
  name: 'meetings',
  schemaVersion: 1,
  tables: ['meetings', 'meeting_decisions'],
  ddl,
  apply(db: Database.Database, event: RecordedEvent) {
    const meetingId = parseMeetingStream(event.stream);
    if (meetingId !== undefined) {
      if (!isMeetingEventType(event.type)) return;
      const row = stmt(db, `SELECT state FROM meetings WHERE meeting_id = ?`).get(meetingId) as { state: string } | undefined;
      const after = evolveMeetingRow(row ? fromJson<MeetingState>(row.state) : undefined, event);
      if (after.status === 'NotScheduled') return;
      stmt(
        db,
        `INSERT INTO meetings (meeting_id, body, fiscal_year, date, version, state) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (meeting_id) DO UPDATE SET body = excluded.body, fiscal_year = excluded.fiscal_year, date = excluded.date, version = excluded.version, state = excluded.state`,
      ).run(meetingId, after.body, after.fiscalYear, after.date, Number(event.revision), toJson(after));
      return;
    }
    const session = sessionOfEvent(event);
    const evaluation = parseEvaluationStream(event.stream);
    if (session === null || !evaluation) return;
    stmt(
      db,
      `INSERT INTO meeting_decisions (meeting_id, position, item_id, fiscal_year, type, actor, occurred_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (meeting_id, position) DO NOTHING`,
    ).run(session, event.position, evaluation.itemId, evaluation.fiscalYear, event.type, event.metadata.actor, event.metadata.occurredAt, toJson(event.data));
  },
};
