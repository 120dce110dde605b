import { Injectable } from '@nestjs/common';

/**
 * Opened by startApi once the server listens. Work that scales with the log (the read models' catch-up, the replay
 * index, verifying and digesting the log) waits for it, so that none of it runs before the API answers
 * (docs/design.md, start-up): started earlier, each of the start-up steps that waits for I/O waited for a batch of it.
 */
@Injectable()
export class BackgroundStart {
  private open!: () => void;
  /** resolves once the server listens */
  readonly listening: Promise<void> = new Promise((resolve) => (this.open = resolve));

  /** the server listens: start the background work */
  start(): void {
    this.open();
  }
}
