import type { RecordedEvent } from '@hyoka/event-store';

/** user id → display name, as the user events have set it so far */
export type ActorNames = ReadonlyMap<string, string>;

const SYSTEM_NAME = 'システム';

/** The display name of an actor; the user id itself when no user event named them. */
export function actorNameOf(names: ActorNames, userId: string): string {
  if (userId === 'system') return SYSTEM_NAME;
  return names.get(userId) ?? userId;
}

/** Pure: the names after one event (a new map; the same entries when the event names nobody). */
export function evolveActorNames(names: ActorNames, event: Pick<RecordedEvent, 'type' | 'data'>): Map<string, string> {
  const next = new Map(names);
  if (event.type === 'UserRegistered') {
    const { userId, displayName } = event.data as { userId: string; displayName: string };
    next.set(userId, displayName);
  }
  return next;
}
