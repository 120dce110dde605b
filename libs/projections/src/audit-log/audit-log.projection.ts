import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import type { Projection } from '../projection.js';
import { stmt } from '../sql.js';
import { ActorNameCache, actorNameOf, actorNamesDdl, type ActorNames } from '../shared/actor-names.js';
import { inBatch, type ApplyBatch } from '../batch.js';

/** One line of the global audit log: every event of every stream, in commit order. */
export interface AuditEntry {
  position: bigint;
  eventId: string;
  stream: string;
  revision: number;
  type: string;
  actor: string;
  /** the actor's display name when the event was recorded */
  actorName: string;
  /** the role or body acted as */
  actingAs: string | null;
  commandId: string;
  correlationId: string;
  causationId: string;
  occurredAt: string;
  recordedAt: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** Pure row logic: the audit entry of an event, given the display names known before it. */
export function auditEntryOf(event: RecordedEvent, names: ActorNames): AuditEntry {
  const m = event.metadata;
  return {
    position: event.position,
    eventId: event.id,
    stream: event.stream,
    revision: Number(event.revision),
    type: event.type,
    actor: m.actor,
    actorName: actorNameOf(names, m.actor),
    actingAs: m.actingAs ?? null,
    commandId: m.commandId,
    correlationId: m.correlationId,
    causationId: m.causationId,
    occurredAt: m.occurredAt,
    recordedAt: event.recordedAt,
    data: redacted(event.data),
    metadata: m,
  };
}

/**
 * Fields an audit trail must not repeat: the argon2id hashes of UserRegistered and PasswordChanged, and the login name
 * (half of a credential; the audit's pick-list of people, auditPeople, leaves it out too — people are named by id and
 * display name).
 */
const HIDDEN_FIELDS = ['passwordHash', 'loginName'];

/** The event's data as the audit log shows it. Also applied when reading, so rows recorded before a field was hidden are hidden too. */
export function redacted(data: Record<string, unknown>): Record<string, unknown> {
  if (!HIDDEN_FIELDS.some((f) => f in data)) return data;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, HIDDEN_FIELDS.includes(k) ? '[redacted]' : v]));
}

/**
 * A row per event with the columns the filters need and the actor's name when it was recorded; the event itself (ids,
 * metadata, data) is read from the store by position when the log is read (docs/design.md, "Projections").
 */
const ddl = `
  CREATE TABLE IF NOT EXISTS audit_log (
    position INTEGER PRIMARY KEY,
    stream TEXT NOT NULL,
    type TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    acting_as TEXT,
    recorded_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS audit_log_by_actor ON audit_log (actor, position);
  CREATE INDEX IF NOT EXISTS audit_log_by_type ON audit_log (type, position);
  CREATE INDEX IF NOT EXISTS audit_log_by_acting_as ON audit_log (acting_as, position);
  CREATE INDEX IF NOT EXISTS audit_log_by_stream ON audit_log (stream, position);
  CREATE INDEX IF NOT EXISTS audit_log_by_time ON audit_log (recorded_at);
  ${actorNamesDdl('audit_log_actors')}
`;

export const auditLogProjection: Projection = {
  name: 'audit-log',
  schemaVersion: 3,
  tables: ['audit_log', 'audit_log_actors'],
  ddl,
  readsRecordedEvents: true,
  rebuildIndexes: ['audit_log_by_actor', 'audit_log_by_type', 'audit_log_by_acting_as', 'audit_log_by_stream', 'audit_log_by_time'],
  apply(db: Database.Database, event: RecordedEvent, batch?: ApplyBatch) {
    inBatch(batch, 'audit-log', () => ({ names: new ActorNameCache(db, 'audit_log_actors'), flush() {} }), ({ names }) => {
      const m = event.metadata;
      stmt(
        db,
        `INSERT INTO audit_log (position, stream, type, actor, actor_name, acting_as, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(event.position, event.stream, event.type, m.actor, actorNameOf(names.load([m.actor]), m.actor), m.actingAs ?? null, event.recordedAt);
      names.save(event);
    });
  },
};
