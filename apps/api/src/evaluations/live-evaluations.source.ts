import { Inject, Injectable } from '@nestjs/common';
import { evolveEvaluation, foldEvaluation, initialEvaluationState, type EvaluationState } from '@hyoka/domain';
import { historyCount, historyEventsAfter, historyPage, type ReadModels } from '@hyoka/projections';
import { READ_MODELS } from '../tokens.js';
import type { EvaluationViewInput } from './evaluation-view.js';

interface Folded {
  /** revision of the last folded entry; null: none */
  revision: number | null;
  state: EvaluationState;
  names: ReadonlyMap<string, string>;
}

/** How many evaluations' folded states the API keeps (a long evaluation's state is about 1 MiB). */
const CACHED_EVALUATIONS = 256;

/**
 * Evaluations as the history read model holds them now. The state is the domain's fold of the recorded entries; it is
 * kept per evaluation at the revision it was folded to, and a read folds only the entries after it, so a long
 * evaluation is not re-read and re-parsed whole for every answer. The history itself is read a page at a time.
 */
@Injectable()
export class LiveEvaluations {
  private readonly folded = new Map<string, Folded>();

  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async read(stream: string): Promise<Pick<EvaluationViewInput, 'state' | 'version' | 'recordedNames' | 'historySource'>> {
    const { state, revision, names } = await this.fold(stream);
    const readModels = this.readModels;
    return {
      state,
      version: revision,
      recordedNames: names,
      historySource: {
        // pages of this answer end at its version: an event recorded meanwhile waits for the next answer
        totalCount: () => historyCount(readModels, stream, revision ?? -1),
        page: (first, beforeRevision) =>
          historyPage(readModels, stream, first, Math.min(beforeRevision ?? Number.MAX_SAFE_INTEGER, (revision ?? -1) + 1)),
      },
    };
  }

  private async fold(stream: string): Promise<Folded> {
    const held = this.folded.get(stream);
    const rows = await historyEventsAfter(this.readModels, stream, held?.revision ?? null);
    // a read model being rebuilt holds fewer entries than the state held: never answer beyond what the table has
    if (held && held.revision !== null && rows.length === 0 && historyCount(this.readModels, stream, held.revision) !== held.revision + 1) {
      return this.remember(stream, this.foldRows(undefined, await historyEventsAfter(this.readModels, stream, null)));
    }
    return this.remember(stream, this.foldRows(held, rows));
  }

  private foldRows(held: Folded | undefined, rows: Awaited<ReturnType<typeof historyEventsAfter>>): Folded {
    if (held && rows.length === 0) return held;
    const state = held ? rows.reduce<EvaluationState>((s, row) => evolveEvaluation(s, row), held.state) : rows.length ? foldEvaluation(rows) : initialEvaluationState();
    const names = new Map(held?.names);
    for (const row of rows) names.set(row.actor, row.actorName);
    return { revision: rows.at(-1)?.revision ?? held?.revision ?? null, state, names };
  }

  private remember(stream: string, folded: Folded): Folded {
    this.folded.delete(stream);
    if (folded.revision !== null) this.folded.set(stream, folded);
    while (this.folded.size > CACHED_EVALUATIONS) this.folded.delete(this.folded.keys().next().value!);
    return folded;
  }
}
