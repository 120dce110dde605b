import { Injectable } from '@nestjs/common';

/**
 * The order of the start-up's background work (docs/design.md, start-up). Nothing that scales with the log runs before
 * the server listens: started earlier, each start-up step that waits for I/O waited for a batch of it. Then the read
 * models catch up first (every query reads them), and only then the replay index and the log's verification and
 * digest, so that the first answers do not share each turn of the event loop with four catch-ups.
 */
@Injectable()
export class BackgroundStart {
  private openListening!: () => void;
  private openCaughtUp!: () => void;
  /** resolves once the server listens: the read models start catching up */
  readonly listening: Promise<void> = new Promise((resolve) => (this.openListening = resolve));
  /** resolves once the read models hold what the store held when the server started listening */
  readonly readModelsCaughtUp: Promise<void> = new Promise((resolve) => (this.openCaughtUp = resolve));

  /** the server listens */
  start(): void {
    this.openListening();
  }

  /** the read models have caught up (or the runner stopped): the rest of the background work may run */
  caughtUp(): void {
    this.openCaughtUp();
  }
}
