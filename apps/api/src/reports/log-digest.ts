import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LogDigester, logDigest, type EventStore } from '@hyoka/event-store';
import { BackgroundStart } from '../core/background-start.js';
import { EVENT_STORE } from '../tokens.js';

const PAGE = 2000;

/**
 * Printable digests of the log up to a position (`hyoka-log:v1:<position>:<events>:<hex>`, the integrity library's
 * `logDigest`), from the hashes the store recorded. The chain is kept in memory and only extended by the events
 * written since the last report, so a report at the head does not re-read the whole log (about a minute for 1M
 * events on a busy 2-core machine); a report at an earlier position is digested from the start. Calls run one at a
 * time, in order. `checkDigest` (CLI `hyoka check-digest`) later proves that a log still yields a printed digest.
 */
@Injectable()
export class LogDigests implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LogDigests');
  private readonly digester = new LogDigester();
  /** position of the last event added to the digester */
  private position = 0n;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly background: BackgroundStart,
  ) {}

  /** Digests what the store holds at start-up in the background, so that the first report does not wait for it. */
  onApplicationBootstrap(): void {
    void this.background.readModelsCaughtUp
      .then(() => this.store.headPosition())
      .then((head) => this.digestAt(head))
      .catch((error: unknown) => {
        if (!this.stopped) this.logger.warn(`digesting the log at start-up failed; the first report will: ${String(error)}`);
      });
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  digestAt(position: bigint): Promise<string> {
    const run = this.queue.then(() => this.compute(position));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async compute(position: bigint): Promise<string> {
    if (position < this.position) return (await logDigest(this.store, { position })).text;
    let after = this.position;
    for (;;) {
      if (this.stopped) throw new Error('the application is shutting down');
      const page = await this.store.readAll({ after, maxCount: PAGE });
      for (const event of page) {
        if (event.position > position) return this.digester.result(position).text;
        this.digester.add(event.hash);
        this.position = event.position;
      }
      if (page.length < PAGE) return this.digester.result(position).text;
      after = page[page.length - 1]!.position;
      // an embedded store reads synchronously: let requests in between pages
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
