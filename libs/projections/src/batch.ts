import { evolveEvaluation, type EvaluationState } from '@hyoka/domain';
import type { RecordedEvent } from '@hyoka/event-store';
import { compactAfter, type CompactEvaluation } from './shared/compact-evaluation.js';

/** What a projection holds back during a batch and writes at its end. */
export interface BatchPart {
  flush(): void;
}

/** One evaluation event folded: the compact state before it, the domain's whole state after it, the compact state after it. */
export interface EvaluationFold {
  position: bigint;
  before: CompactEvaluation;
  next: EvaluationState;
  after: CompactEvaluation;
}

/**
 * Folds each evaluation event once for every read model that keeps the evaluation's compact state (board, inbox,
 * grade summary, history, notifications): the first to ask folds it, the others get the same fold when their state
 * before the event is the same. A read model whose state differs (one that sent an event to the dead letters) folds
 * its own, so the result is exactly what each would have folded alone.
 */
export class EvaluationFolds {
  private readonly last = new Map<string, EvaluationFold>();

  fold(before: CompactEvaluation, event: RecordedEvent): EvaluationFold {
    const hit = this.last.get(event.stream);
    if (hit && hit.position === event.position && (hit.before === before || sameJson(hit.before, before))) return hit;
    const next = evolveEvaluation(before.state, event);
    const fold: EvaluationFold = { position: event.position, before, next, after: compactAfter(before, next) };
    this.last.set(event.stream, fold);
    return fold;
  }
}

/**
 * The events of one `applyEvents` transaction. A projection given a batch may keep rows in memory across its events
 * (read once, evolved in memory, written once at `flush`); without one it reads and writes its rows for each event.
 */
export class ApplyBatch {
  readonly folds = new EvaluationFolds();
  private readonly parts = new Map<string, BatchPart>();

  part<T extends BatchPart>(key: string, open: () => T): T {
    let part = this.parts.get(key) as T | undefined;
    if (!part) {
      part = open();
      this.parts.set(key, part);
    }
    return part;
  }

  flush(): void {
    for (const part of this.parts.values()) part.flush();
  }
}

/** Runs `apply` on the projection's part of `batch`; without a batch, on a batch of this one event, written at once. */
export function inBatch<T extends BatchPart>(batch: ApplyBatch | undefined, key: string, open: () => T, apply: (part: T, folds: EvaluationFolds) => void): void {
  const own = batch ?? new ApplyBatch();
  apply(own.part(key, open), own.folds);
  if (!batch) own.flush();
}

/** Rows of one table kept in memory during a batch: each read at most once, each written once at flush. */
export class HeldRows<V> implements BatchPart {
  private readonly rows = new Map<string, V | undefined>();
  private readonly dirty = new Set<string>();

  constructor(
    private readonly load: (key: string) => V | undefined,
    private readonly save: (key: string, value: V) => void,
  ) {}

  get(key: string): V | undefined {
    if (this.rows.has(key)) return this.rows.get(key);
    const value = this.load(key);
    this.rows.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.rows.set(key, value);
    this.dirty.add(key);
  }

  flush(): void {
    for (const key of this.dirty) this.save(key, this.rows.get(key)!);
    this.dirty.clear();
  }
}

/** Deep equality of two JSON values (what a state row parses to). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
