import { randomUUID } from 'node:crypto';
import { actorOf, foldUser, schemaVersionOf, userStream, type Actor } from '@hyoka/domain';
import type { EventStore, EventToAppend, ExpectedRevision, JsonObject } from '@hyoka/event-store';
import { CliError } from '../errors.js';
import type { UserDirectory } from './user-directory.js';

/** Metadata schema version, the same as the API's. */

/** The CLI acting by itself: may do what the start-up process may (register users, grant roles, import the plan). */
export const CLI_ACTOR: Actor = Object.freeze({ userId: 'system:cli', displayName: 'CLI (システム)', roles: [], system: true });

/** One run of a command: who acts, when, and the command id that ties its events together. */
export interface Provenance {
  actor: Actor;
  commandId: string;
  /** ISO-8601 UTC, given to decide and written as occurredAt */
  now: string;
}

export function provenance(actor: Actor, now = new Date()): Provenance {
  return { actor, commandId: `cli:${randomUUID()}`, now: now.toISOString() };
}

/**
 * The actor of a command: `system:cli` by default, or the administrator named by `--as <login>` (their roles as their
 * user stream holds them now; a disabled or unknown person is refused).
 */
export async function resolveActor(store: EventStore, users: UserDirectory, asLogin: string | undefined): Promise<Actor> {
  if (asLogin === undefined) return CLI_ACTOR;
  const entry = users.byLogin(asLogin);
  if (!entry) throw new CliError(`--as: ログイン名「${asLogin}」のユーザーはいません / --as: no user with login name '${asLogin}'`);
  const actor = actorOf(foldUser(await store.readStream(userStream(entry.userId))));
  if (!actor) throw new CliError(`--as: ユーザー ${entry.userId} のイベントがありません / --as: user ${entry.userId} has no events`);
  if (actor.disabled) throw new CliError(`--as: ユーザー「${asLogin}」は無効化されています / --as: user '${asLogin}' is disabled`);
  return actor;
}

/** Decided domain events as events to append: fresh ids and the metadata every event carries. */
export function toEventsToAppend(events: readonly { type: string; data: unknown }[], p: Provenance): EventToAppend[] {
  return events.map((event) => {
    const data = event.data as JsonObject;
    const actingAs = typeof data['actingAs'] === 'string' ? data['actingAs'] : undefined;
    return {
      id: randomUUID(),
      type: event.type,
      data,
      metadata: {
        actor: p.actor.userId,
        ...(actingAs ? { actingAs } : {}),
        commandId: p.commandId,
        correlationId: p.commandId,
        causationId: p.commandId,
        occurredAt: p.now,
        // the event type's current schema version, as the API stamps it: readers upcast older ones
        schemaVersion: schemaVersionOf(event.type),
        tool: 'hyoka-cli',
      },
    };
  });
}

/** Appends decided events at the revision the stream had when it was read; a concurrent change is a conflict. */
export async function appendDecided(
  store: EventStore,
  stream: string,
  events: readonly { type: string; data: unknown }[],
  readCount: number,
  p: Provenance,
): Promise<bigint> {
  if (events.length === 0) throw new CliError('記録することがありません / nothing to record');
  const expectedRevision: ExpectedRevision = readCount === 0 ? 'no_stream' : BigInt(readCount - 1);
  const result = await store.appendToStream(stream, toEventsToAppend(events, p), { expectedRevision });
  return result.position;
}

/** The hint added to a refusal of a command only an Admin may give. */
export function adminHint(actor: Actor): string {
  return actor.system
    ? ' (管理者として実行するには --as <管理者のログイン名> を付けてください / add --as <admin login> to act as an administrator)'
    : '';
}
