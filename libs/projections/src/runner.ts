import { ABORTED, untilAborted, type EventStore, type RecordedEvent, type Subscription } from '@hyoka/event-store';
import { applyEvents } from './apply.js';
import { affectedFiscalYear, affectsBoard } from './streams.js';
import { PROJECTION_NAMES, type ProjectionName } from './projection.js';
import { bulkWrites, createMissing, dropRebuildIndexes, resetProjection, type ReadModels } from './read-models.js';

/** Told after an event has been committed to every projection's tables. */
export interface AppliedNotice {
  event: RecordedEvent;
  /** the fiscal year whose board the event changed; null when it is not one year's (catalogue, users) */
  fiscalYear: number | null;
  /** true when board(fiscalYear) may have changed; with fiscalYear null, every year's board (a catalogue revision) */
  boardChanged: boolean;
}

export interface WaitOptions {
  /** reject after this long; default 10 000 ms */
  timeoutMs?: number;
}

export interface ProjectionRunner {
  /** resolves once every projection has applied the event at `position` (and all before it) */
  waitForPosition(position: bigint, options?: WaitOptions): Promise<void>;
  /** listens to every newly applied event; returns the unsubscribe function */
  onApplied(listener: (notice: AppliedNotice) => void): () => void;
  /** listens to failures of the subscription or the database (the runner retries); returns the unsubscribe function */
  onError(listener: (error: unknown) => void): () => void;
  /** clears the projection(s) and replays from position 0; resolves when caught up with the store's head */
  rebuild(name: ProjectionName | 'all', options?: WaitOptions): Promise<void>;
  /** the lowest checkpoint of all projections */
  position(): bigint;
  /** starts feeding the read models when they were opened with `deferStart`; does nothing otherwise or when running */
  start(): void;
  /** ends the subscription; pending waits reject. The read models stay open. */
  stop(): Promise<void>;
}

export class ProjectionTimeoutError extends Error {
  override name = 'ProjectionTimeoutError';
  constructor(
    readonly position: bigint,
    readonly reached: bigint,
  ) {
    super(`The read models did not reach position ${position} in time (at ${reached})`);
  }
}

export class ProjectionRunnerStoppedError extends Error {
  override name = 'ProjectionRunnerStoppedError';
  constructor() {
    super('The projection runner was stopped');
  }
}

export interface StartProjectionsOptions {
  /** most events committed in one transaction while catching up; default 5000 */
  maxBatch?: number;
  /** most events committed in one transaction during `rebuild`; default 20000 */
  rebuildBatch?: number;
  /** wait before resubscribing after a failure; default 1000 ms */
  retryDelayMs?: number;
  /**
   * do not subscribe until `start()`: a server starts catching up once it listens, so that a long catch-up does not
   * hold up its start (each of its start-up steps that waits for I/O would wait for a batch)
   */
  deferStart?: boolean;
}

const TICK = Symbol('tick');

interface Waiter {
  position: bigint;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Feeds the read models from `store.subscribeToAll`, starting after the lowest checkpoint.
 * Events the subscription delivers back to back are committed together (up to `maxBatch`), each batch in
 * one transaction with the checkpoints; a live event is committed on its own as soon as it arrives.
 * One runner per read-model file.
 */
export function startProjections(
  store: EventStore,
  readModels: ReadModels,
  options: StartProjectionsOptions = {},
): ProjectionRunner {
  // a commit costs an fsync: at 500 a catch-up of 1M events spent seconds on commits alone
  const maxBatch = options.maxBatch ?? 5000;
  const rebuildBatch = options.rebuildBatch ?? 20_000;
  // set while rebuild() replays: bigger batches, commits without fsync (see bulkWrites)
  let rebuilding = false;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const appliedListeners = new Set<(notice: AppliedNotice) => void>();
  const errorListeners = new Set<(error: unknown) => void>();
  const waiters = new Set<Waiter>();
  let stopped = false;
  let loop: { abort: AbortController; done: Promise<void> } | undefined;
  let serial: Promise<unknown> = Promise.resolve();
  // Events at or below this were announced already (before a restart or a rebuild): do not announce them again.
  let announcedThrough = maxOf(Object.values(readModels.checkpoints()));

  const reportError = (error: unknown) => {
    for (const listener of errorListeners) {
      try {
        listener(error);
      } catch {
        // a failing listener must not stop the runner
      }
    }
  };

  const settleWaiters = () => {
    const reached = readModels.position();
    for (const waiter of waiters) {
      if (waiter.position <= reached) {
        waiters.delete(waiter);
        if (waiter.timer) clearTimeout(waiter.timer);
        waiter.resolve();
      }
    }
  };

  const commit = (batch: RecordedEvent[]) => {
    const { applied } = applyEvents(readModels, batch);
    settleWaiters();
    for (const event of applied) {
      if (event.position <= announcedThrough) continue;
      announcedThrough = event.position;
      const notice: AppliedNotice = {
        event,
        fiscalYear: affectedFiscalYear(event),
        boardChanged: affectsBoard(event),
      };
      for (const listener of appliedListeners) {
        try {
          listener(notice);
        } catch (error) {
          reportError(error);
        }
      }
    }
  };

  const run = async (signal: AbortSignal) => {
    // start on the next microtask, so listeners attached right after startProjections() hear everything
    await Promise.resolve();
    while (!signal.aborted) {
      let subscription: Subscription | undefined;
      try {
        subscription = store.subscribeToAll({ after: readModels.position(), signal });
        const iterator = subscription[Symbol.asyncIterator]();
        const next = () => {
          const promise = iterator.next();
          promise.catch(() => undefined); // a next() left pending at abort may reject later; nobody awaits it then
          return promise;
        };
        let pending = next();
        for (;;) {
          const first = await untilAborted(pending, signal);
          if (first === ABORTED || first.done) break;
          const batch = [first.value];
          pending = next();
          // whatever the subscription already holds arrives before the next macrotask; then commit
          const tick = nextMacrotask();
          const limit = rebuilding ? rebuildBatch : maxBatch;
          while (batch.length < limit) {
            const more = await Promise.race([pending, tick]);
            if (more === TICK || more.done) break;
            batch.push(more.value);
            pending = next();
          }
          if (signal.aborted) break;
          commit(batch);
          // the loop's frame outlives the batch while it waits for the next event (up to rebuildBatch events held)
          batch.length = 0;
          // A catch-up reads in microtasks only: without a turn of the event loop per batch, no timer, request or
          // tick would run until the end, and each batch's tick would keep its raced events reachable until then.
          await tick;
        }
        if (signal.aborted) return;
        // the subscription ended by itself (store closed): try again later
        throw new Error('The event store subscription ended');
      } catch (error) {
        if (signal.aborted) return;
        reportError(error);
        await untilAborted(delay(retryDelayMs), signal);
      } finally {
        await subscription?.close().catch(() => undefined);
      }
    }
  };

  const startLoop = () => {
    const abort = new AbortController();
    loop = { abort, done: run(abort.signal) };
  };

  const stopLoop = async () => {
    if (!loop) return;
    const current = loop;
    loop = undefined;
    current.abort.abort();
    await current.done;
  };

  const waitForPosition = (position: bigint, waitOptions: WaitOptions = {}): Promise<void> => {
    if (readModels.position() >= position) return Promise.resolve();
    if (stopped) return Promise.reject(new ProjectionRunnerStoppedError());
    const timeoutMs = waitOptions.timeoutMs ?? 10_000;
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { position, resolve, reject, timer: undefined };
      if (Number.isFinite(timeoutMs)) {
        waiter.timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new ProjectionTimeoutError(position, readModels.position()));
        }, timeoutMs);
      }
      waiters.add(waiter);
    });
  };

  let started = !options.deferStart;
  if (started) startLoop();

  return {
    waitForPosition,
    onApplied(listener) {
      appliedListeners.add(listener);
      return () => appliedListeners.delete(listener);
    },
    onError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    position: () => readModels.position(),
    start() {
      if (started || stopped) return;
      started = true;
      startLoop();
    },
    rebuild(name, waitOptions = {}) {
      const names: readonly ProjectionName[] = name === 'all' ? PROJECTION_NAMES : [name];
      const targets = readModels.projections.filter((p) => names.includes(p.name));
      if (targets.length !== names.length) return Promise.reject(new Error(`Unknown projection '${name}'`));
      const job = serial.then(async () => {
        if (stopped) throw new ProjectionRunnerStoppedError();
        const head = await store.headPosition();
        await stopLoop();
        readModels.db.transaction(() => {
          for (const projection of targets) {
            resetProjection(readModels.db, projection);
            dropRebuildIndexes(readModels.db, projection);
          }
        })();
        const durable = bulkWrites(readModels);
        rebuilding = true;
        started = true;
        startLoop();
        try {
          await waitForPosition(head, { timeoutMs: waitOptions.timeoutMs ?? Number.POSITIVE_INFINITY });
        } finally {
          rebuilding = false;
          if (readModels.db.open) readModels.db.transaction(() => targets.forEach((p) => createMissing(readModels.db, p)))();
          durable();
        }
      });
      serial = job.catch(() => undefined);
      return job;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopLoop();
      for (const waiter of waiters) {
        if (waiter.timer) clearTimeout(waiter.timer);
        waiter.reject(new ProjectionRunnerStoppedError());
      }
      waiters.clear();
    },
  };
}

function nextMacrotask(): Promise<typeof TICK> {
  return new Promise((resolve) => setImmediate(() => resolve(TICK)));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function maxOf(values: bigint[]): bigint {
  return values.reduce((max, v) => (v > max ? v : max), 0n);
}
