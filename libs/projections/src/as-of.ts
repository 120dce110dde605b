import type { PlanCatalogue } from '@hyoka/catalogue';
import type { EventStore, RecordedEvent } from '@hyoka/event-store';
import {
  catalogueStateFor,
  catalogueStream,
  currentPlan,
  evaluationStream,
  evolveCatalogue,
  initialCatalogueState,
  initialEvaluationState,
  upcast,
  userStream,
  type CatalogueState,
  type EvaluationState,
} from '@hyoka/domain';
import { composeBoard, type BoardRow } from './board/board.queries.js';
import { historyStep, type HistoryEntry, type HistoryEdition } from './history/history.projection.js';
import { composeHistory, type EvaluationHistory } from './history/history.queries.js';
import { planItemsOf } from './plan/plan-item.js';
import { readAllUpTo } from './replay.js';
import { emptyBoardFold, foldBoardEvent } from './replay/board-fold.js';
import { evolveActorNames, type ActorNames } from './shared/actor-names.js';

export { positionAtTime } from './replay.js';

/**
 * The board of a fiscal year as it stood once the event at `asOfPosition` was recorded, replayed from the store
 * (never from the live tables) through the same row logic as the board projection. This replays the whole log up to
 * the position: the reference the replay index (`openReplayIndex`, snapshots) is checked against.
 */
export async function boardAsOf(
  store: EventStore,
  fiscalYear: number,
  asOfPosition: bigint,
): Promise<BoardRow[]> {
  let catalogue: CatalogueState = initialCatalogueState();
  const fold = emptyBoardFold();
  for await (const event of readAllUpTo(store, asOfPosition)) {
    if (event.stream === catalogueStream()) catalogue = evolveCatalogue(catalogue, upcast(event));
    foldBoardEvent(fold, event);
  }
  return composeBoard(fiscalYear, planItemsOf(catalogueStateFor(catalogue, fiscalYear)), [...fold.entries.values()]);
}

/**
 * One evaluation (state, every event, every version) as it stood at `asOfPosition`, replayed from its stream and
 * the user streams of its actors through the same row logic as the history projection.
 */
export async function evaluationAsOf(
  store: EventStore,
  itemId: string,
  fiscalYear: number,
  asOfPosition: bigint,
): Promise<EvaluationHistory> {
  const events = (await store.readStream(evaluationStream(itemId, fiscalYear), { toPosition: asOfPosition })).map(upcast);
  const actors = new Set<string>();
  for (const event of events) {
    actors.add(event.metadata.actor);
    const by = (event.data as { by?: unknown }).by;
    if (typeof by === 'string') actors.add(by);
  }
  const userEvents: RecordedEvent[] = [];
  for (const actor of actors) {
    userEvents.push(...(await store.readStream(userStream(actor), { toPosition: asOfPosition })).map(upcast));
  }
  userEvents.sort((a, b) => (a.position < b.position ? -1 : 1));

  // names as they stood when each event was recorded, as the live projection saw them
  let names: ActorNames = new Map();
  let nextUserEvent = 0;
  let state: EvaluationState = initialEvaluationState();
  const entries: HistoryEntry[] = [];
  const editions: HistoryEdition[] = [];
  for (const event of events) {
    while (nextUserEvent < userEvents.length && userEvents[nextUserEvent]!.position <= event.position) {
      names = evolveActorNames(names, userEvents[nextUserEvent]!);
      nextUserEvent += 1;
    }
    const step = historyStep(state, event, names);
    state = step.state;
    entries.push(step.entry);
    editions.push(...step.newEditions);
  }
  return composeHistory(itemId, fiscalYear, state, entries, editions);
}

/** The plan catalogue (revisions applied) as it stood at `asOfPosition`; null before the import. */
export async function planAsOfPosition(store: EventStore, asOfPosition: bigint): Promise<PlanCatalogue | null> {
  const state = await catalogueAsOfPosition(store, asOfPosition);
  return state.status === 'Imported' ? currentPlan(state) : null;
}

/** The catalogue stream folded up to `asOfPosition`: every plan period as it stood (see the domain's period.ts). */
export async function catalogueAsOfPosition(store: EventStore, asOfPosition: bigint): Promise<CatalogueState> {
  const events = await store.readStream(catalogueStream(), { toPosition: asOfPosition });
  return events.map(upcast).reduce<CatalogueState>(evolveCatalogue, initialCatalogueState());
}
