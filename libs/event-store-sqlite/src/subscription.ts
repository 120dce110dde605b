import type { RecordedEvent, Subscription } from '@hyoka/event-store';

/** What a catch-up subscription needs from the store. Reads are synchronous, which is what makes going live safe. */
export interface SubscriptionSource {
  readonly closed: boolean;
  /** up to `maxCount` events strictly after `after`, in position order */
  readPage(after: bigint, maxCount: number): RecordedEvent[];
  /** calls `wake` once after the next commit that wrote events, or when the store closes */
  onNextCommit(wake: () => void): void;
  offNextCommit(wake: () => void): void;
  forget(subscription: CatchUpSubscription): void;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Catches up by paging the log, then waits for commits. The empty read that ends a catch-up and the registration
 * for the next commit happen in one synchronous step, so no commit can fall between them; and every read starts
 * strictly after the last delivered position, so nothing is delivered twice.
 */
export class CatchUpSubscription implements Subscription, AsyncIterableIterator<RecordedEvent> {
  private checkpoint: bigint;
  private page: RecordedEvent[] = [];
  private index = 0;
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort = () => void this.close();

  constructor(
    private readonly source: SubscriptionSource,
    after: bigint,
    private readonly pageSize: number,
    signal?: AbortSignal,
  ) {
    this.checkpoint = after;
    this.signal = signal;
    if (signal?.aborted) this.closed = true;
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** true while the subscription waits for the next commit */
  get waiting(): boolean {
    return this.wake !== undefined;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<RecordedEvent, undefined>> {
    for (;;) {
      if (this.closed || this.source.closed) {
        await this.close();
        return DONE;
      }
      if (this.index < this.page.length) {
        const event = this.page[this.index++]!;
        this.checkpoint = event.position;
        return { done: false, value: event };
      }
      this.page = this.source.readPage(this.checkpoint, this.pageSize);
      this.index = 0;
      if (this.page.length > 0) continue;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.source.onNextCommit(resolve);
      });
      this.wake = undefined;
    }
  }

  async return(): Promise<IteratorReturnResult<undefined>> {
    await this.close();
    return DONE;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.page = [];
    this.signal?.removeEventListener('abort', this.onAbort);
    const wake = this.wake;
    this.wake = undefined;
    if (wake) {
      this.source.offNextCommit(wake);
      wake();
    }
    this.source.forget(this);
  }
}
