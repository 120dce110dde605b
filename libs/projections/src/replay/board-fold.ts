import { upcast } from '@hyoka/domain';
import type { RecordedEvent } from '@hyoka/event-store';
import { evolveBoardEntry, type BoardEntry } from '../board/board.projection.js';
import { parseEvaluationStream } from '../streams.js';
import { evolveActorNames, type ActorNames } from '../shared/actor-names.js';

/** The board's fold over the log: each evaluation's entry, and the actors' display names so far. */
export interface BoardFold {
  names: ActorNames;
  /** evaluation stream → its entry */
  entries: Map<string, BoardEntry>;
}

export const emptyBoardFold = (): BoardFold => ({ names: new Map(), entries: new Map() });

/**
 * Folds one recorded event into the board, as the board projection does (upcast first). An event the board
 * projection would dead-letter (it throws) leaves the entry as it was, as it leaves the live row.
 * Returns the evaluation stream the event changed, if any.
 */
export function foldBoardEvent(fold: BoardFold, recorded: RecordedEvent): string | undefined {
  let event: RecordedEvent;
  try {
    event = upcast(recorded);
  } catch {
    return undefined;
  }
  fold.names = evolveActorNames(fold.names, event);
  if (!parseEvaluationStream(event.stream)) return undefined;
  try {
    const entry = evolveBoardEntry(fold.entries.get(event.stream), event, fold.names);
    if (!entry) return undefined;
    fold.entries.set(event.stream, entry);
    return event.stream;
  } catch {
    return undefined;
  }
}
