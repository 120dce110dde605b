import type { Writable } from 'node:stream';

export interface ProgressOptions {
  label: string;
  /** the position the work starts after (0n from the beginning) */
  from: bigint;
  /** the position the work ends at */
  to: bigint;
  /** time source, for tests */
  now?: () => number;
  /** redraw interval on a terminal, ms */
  intervalMs?: number;
}

/**
 * A progress bar with the rate (events per second since the start) and the time left (estimated from the share of
 * positions still to go at that rate). On a terminal it redraws one line; elsewhere (a log file, a pipe) it prints a
 * line at every tenth of the way and at the end.
 */
export class ProgressBar {
  private readonly started: number;
  private events = 0;
  private position: bigint;
  private lastDraw = 0;
  private lastTick: number;
  private lastTenth = -1;
  private readonly now: () => number;
  private readonly interval: number;
  private finished = false;

  constructor(
    private readonly stream: Writable & { isTTY?: boolean },
    private readonly options: ProgressOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    this.lastTick = this.started;
    this.position = options.from;
    this.interval = options.intervalMs ?? 100;
  }

  /** `events` more events are done, the last of them at `position`. */
  tick(events: number, position: bigint): void {
    this.events += events;
    if (position > this.position) this.position = position;
    this.lastTick = this.now();
    const tty = this.stream.isTTY === true;
    const fraction = this.fraction();
    if (tty) {
      const t = this.now();
      if (t - this.lastDraw < this.interval) return;
      this.lastDraw = t;
      this.stream.write(`\r${this.render(fraction)}\u001b[K`);
    } else {
      const tenth = Math.floor(fraction * 10);
      if (tenth > this.lastTenth && tenth < 10) {
        this.lastTenth = tenth;
        this.stream.write(`${this.render(fraction)}\n`);
      }
    }
  }

  /** Prints the final line; the rate and time are those of the work itself (up to the last event). */
  finish(): { events: number; seconds: number; rate: number } {
    const seconds = (this.lastTick - this.started) / 1000;
    const rate = seconds > 0 ? this.events / seconds : 0;
    if (!this.finished) {
      this.finished = true;
      this.position = this.options.to > this.position ? this.options.to : this.position;
      const text = this.render(1, seconds);
      this.stream.write(this.stream.isTTY ? `\r${text}\u001b[K\n` : `${text}\n`);
    }
    return { events: this.events, seconds, rate };
  }

  private fraction(): number {
    const span = this.options.to - this.options.from;
    if (span <= 0n) return 1;
    const done = this.position - this.options.from;
    return Math.min(1, Math.max(0, Number((done * 1_000_000n) / span) / 1_000_000));
  }

  /** `label [#####-----]  52.0%  5,200 events  12,345 events/s  残り left 0:03` */
  render(fraction: number, elapsed?: number): string {
    const width = 24;
    const filled = Math.round(fraction * width);
    const seconds = elapsed ?? (this.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.events / seconds : 0;
    const left = fraction > 0 && fraction < 1 ? (seconds * (1 - fraction)) / fraction : 0;
    return [
      `${this.options.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`,
      `${(fraction * 100).toFixed(1).padStart(5)}%`,
      `${this.events.toLocaleString('en-US')} events`,
      `${Math.round(rate).toLocaleString('en-US')} events/s`,
      fraction < 1 ? `残り left ${clock(left)}` : `経過 took ${clock(seconds)}`,
    ].join('  ');
  }
}

export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
