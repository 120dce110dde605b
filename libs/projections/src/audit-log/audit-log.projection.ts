import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@hyoka/event-store';
import type { Projection } from '../projection.js';
import { stmt, toJson, toJsonOnce } from '../sql.js';
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
 * The metadata keys the audit log keeps in columns. Only the other keys (`schemaVersion`, a tool's own) are stored as
 * `metadata_rest`, and a correlation or causation id equal to the command id (a command's own events) as NULL: the log
 * writes one row per event, and these copies were a fifth of it (docs/design.md, "How events are applied").
 */
const METADATA_COLUMNS = ['actor', 'actingAs', 'commandId', 'correlationId', 'causationId', 'occurredAt'] as const;

/** The metadata's keys other than the columns' (null when none); actingAs stays here unless it is a string. */
export function metadataRest(metadata: Record<string, unknown>): string | null {
  let rest: Record<string, unknown> | undefined;
  for (const key of Object.keys(metadata)) {
    if ((METADATA_COLUMNS as readonly string[]).includes(key) && (key !== 'actingAs' || typeof metadata[key] === 'string')) continue;
    (rest ??= {})[key] = metadata[key];
  }
  return rest ? toJson(rest) : null;
}

/** The metadata as recorded, from the columns and metadata_rest. */
export function metadataOf(columns: {
  actor: string;
  actingAs: string | null;
  commandId: string;
  correlationId: string;
  causationId: string;
  occurredAt: string;
  rest: string | null;
}): Record<string, unknown> {
  const { actor, actingAs, commandId, correlationId, causationId, occurredAt, rest } = columns;
  return {
    actor,
    ...(actingAs === null ? {} : { actingAs }),
    commandId,
    correlationId,
    causationId,
    occurredAt,
    ...(rest === null ? {} : (JSON.parse(rest) as Record<string, unknown>)),
  };
}

const ddl = `
  CREATE TABLE IF NOT EXISTS audit_log (
    position INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    acting_as TEXT,
    command_id TEXT NOT NULL,
    -- NULL: the same as command_id
    correlation_id TEXT,
    causation_id TEXT,
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata_rest TEXT
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
  schemaVersion: 2,
  tables: ['audit_log', 'audit_log_actors'],
  ddl,
  readsRecordedEvents: true,
  apply(db: Database.Database, event: RecordedEvent, batch?: ApplyBatch) {
    inBatch(batch, 'audit-log', () => ({ names: new ActorNameCache(db, 'audit_log_actors'), flush() {} }), ({ names }) => {
      const entry = auditEntryOf(event, names.load([event.metadata.actor]));
      stmt(
        db,
        `INSERT INTO audit_log (position, event_id, stream, revision, type, actor, actor_name, acting_as, command_id,
           correlation_id, causation_id, occurred_at, recorded_at, data, metadata_rest)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        entry.position,
        entry.eventId,
        entry.stream,
        entry.revision,
        entry.type,
        entry.actor,
        entry.actorName,
        entry.actingAs,
        entry.commandId,
        entry.correlationId === entry.commandId ? null : entry.correlationId,
        entry.causationId === entry.commandId ? null : entry.causationId,
        entry.occurredAt,
        entry.recordedAt,
        toJsonOnce(entry.data),
        metadataRest(entry.metadata),
      );
      names.save(event);
    });
  },
};
