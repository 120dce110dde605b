import { randomUUID } from 'node:crypto';
import { aggregateStream, handleCommand, userFold, type CommandResult, type Decide, type StreamFold } from '@hyoka/command-handling';
import { actorOf, userStream, type Actor } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { CliError } from '../errors.js';
import type { UserDirectory } from './user-directory.js';

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
  const actor = actorOf((await aggregateStream(store, userStream(entry.userId), userFold)).state);
  if (!actor) throw new CliError(`--as: ユーザー ${entry.userId} のイベントがありません / --as: user ${entry.userId} has no events`);
  if (actor.disabled) throw new CliError(`--as: ユーザー「${asLogin}」は無効化されています / --as: user '${asLogin}' is disabled`);
  return actor;
}

/**
 * Runs one command on a stream through the one command path (read → upcast → fold → decide → append at the revision
 * read, event ids derived from the run's command id); refuses a command that decides nothing.
 */
export async function recordOnStream<State>(
  store: EventStore,
  stream: string,
  fold: StreamFold<State>,
  decide: Decide<State> | Decide<State>[],
  p: Provenance,
): Promise<CommandResult<State> & { position: bigint }> {
  const result = await handleCommand(store, stream, decide, {
    fold,
    provenance: { actor: p.actor.userId, commandId: p.commandId, occurredAt: p.now, metadata: { tool: 'hyoka-cli' } },
  });
  if (result.position === null) throw new CliError('記録することがありません / nothing to record');
  return { ...result, position: result.position };
}

/** The hint added to a refusal of a command only an Admin may give. */
export function adminHint(actor: Actor): string {
  return actor.system
    ? ' (管理者として実行するには --as <管理者のログイン名> を付けてください / add --as <admin login> to act as an administrator)'
    : '';
}
