import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { verifyLog, type EventStore, type VerifiedCheckpoint, type VerifyBroken, type VerifyProblem } from '@hyoka/event-store';
import type { ReadModels } from '@hyoka/projections';
import { LogIntegrityError } from '../errors/api-errors.js';
import { BackgroundStart } from '../core/background-start.js';
import { EVENT_STORE, READ_MODELS } from '../tokens.js';

export type IntegrityState = 'CHECKING' | 'OK' | 'BROKEN';

export interface IntegrityFailure {
  position: bigint;
  stream: string | null;
  problem: VerifyProblem | 'rewritten';
  /** Japanese, for the alarm */
  reason: string;
}

export interface IntegrityStatus {
  state: IntegrityState;
  /** the position up to which the log is verified (every hash recomputed, every chain followed) */
  verifiedUpTo: bigint;
  failure: IntegrityFailure | null;
}

const PROBLEMS: Record<VerifyProblem, string> = {
  'hash-mismatch': '内容が記録されたハッシュと一致しません',
  'chain-broken': '直前のイベントのハッシュとつながっていません',
  'revision-gap': 'ストリームのリビジョンが欠けています',
  reordered: 'イベントの順序が入れ替わっています',
  unreadable: 'イベントを読み取れません',
  'missing-position': 'イベントが削除されています',
};

/** Where the checkpoint lives: the read-model file, so that a restore (which sets that file aside) starts over from 0. */
const TABLE = `CREATE TABLE IF NOT EXISTS integrity_checkpoint (
  id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL, events INTEGER NOT NULL, hash TEXT NOT NULL, verified_at TEXT NOT NULL
) STRICT`;

/**
 * Keeps the log verified before anything is stamped with its digest (docs/design.md, tamper evidence). At start-up, in
 * the background, it verifies from the persisted checkpoint to the head (the API answers meanwhile; stamping waits);
 * then it re-verifies the part before that checkpoint from the start, because a file edited while Hyoka was stopped
 * can have changed it. Stamping at a position not yet verified verifies up to it first. Once the log is found broken
 * every stamp is refused until an administrator has dealt with it and restarted.
 */
@Injectable()
export class IntegrityMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Integrity');
  private checkpoint: VerifiedCheckpoint = { position: 0n, events: 0, hash: '0'.repeat(64) };
  private state: IntegrityState = 'CHECKING';
  private failure: IntegrityFailure | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private startup: Promise<void> = Promise.resolve();
  private deep: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    private readonly background: BackgroundStart,
  ) {}

  onApplicationBootstrap(): void {
    this.readModels.db.exec(TABLE);
    const saved = this.load();
    if (saved) this.checkpoint = saved;
    // once the read models have caught up: verifying a large log is background work (docs/design.md, start-up)
    this.startup = this.background.readModelsCaughtUp.then(() => this.serially(() => this.verifyTo(undefined)));
    // after the gate: what was verified before the restart, again from the start
    this.deep = this.startup.then(() => (saved && saved.position > 0n && !this.failure ? this.reverify(saved) : undefined));
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  status(): IntegrityStatus {
    return { state: this.state, verifiedUpTo: this.checkpoint.position, failure: this.failure };
  }

  /** Settles when the start-up checks are done (both of them); for tests and benchmarks. */
  async settled(): Promise<IntegrityStatus> {
    await this.deep;
    return this.status();
  }

  /**
   * Resolves once the log is verified up to `position` (waiting for the start-up check, verifying what is newer);
   * throws LogIntegrityError when the log is broken, so nothing is stamped with the digest of a forged log.
   */
  async requireVerified(position: bigint): Promise<void> {
    await this.startup;
    if (!this.failure && position > this.checkpoint.position) await this.serially(() => this.verifyTo(position));
    if (this.failure) throw new LogIntegrityError(this.failure.position, this.failure.reason);
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async verifyTo(upTo: bigint | undefined): Promise<void> {
    if (this.failure || this.stopped) return;
    try {
      const result = await verifyLog(this.store, { from: this.checkpoint, ...(upTo === undefined ? {} : { upTo }) });
      if (this.stopped) return;
      if (!result.ok) return this.broke(fromVerify(result));
      this.checkpoint = { position: result.head, events: result.events, hash: result.digest.hash };
      this.save();
      this.state = 'OK';
    } catch (error) {
      if (this.stopped) return;
      // the store could not be read (not a finding about the log): the next stamp tries again
      this.logger.warn(`verifying the log failed: ${String(error)}`);
      if (this.state === 'CHECKING') this.state = 'OK';
      throw error;
    }
  }

  private async reverify(saved: VerifiedCheckpoint): Promise<void> {
    try {
      const result = await verifyLog(this.store, { upTo: saved.position });
      if (this.stopped) return;
      if (!result.ok) return this.broke(fromVerify(result));
      if (result.digest.hash !== saved.hash || result.events !== saved.events) {
        this.broke({
          position: saved.position,
          stream: null,
          problem: 'rewritten',
          reason: `位置 ${saved.position} までのログが、前回の検証の後に書き換えられています (ダイジェストが一致しません)。`,
        });
      }
    } catch (error) {
      if (!this.stopped) this.logger.warn(`re-verifying the log before the checkpoint failed: ${String(error)}`);
    }
  }

  private broke(failure: IntegrityFailure): void {
    this.failure = failure;
    this.state = 'BROKEN';
    this.logger.error(`The event log is broken at position ${failure.position}: ${failure.reason} Reports are not stamped until it is resolved.`);
  }

  private load(): VerifiedCheckpoint | undefined {
    const row = this.readModels.db.prepare('SELECT position, events, hash FROM integrity_checkpoint WHERE id = 1').safeIntegers(true).get() as
      | { position: bigint; events: bigint; hash: string }
      | undefined;
    return row && { position: row.position, events: Number(row.events), hash: row.hash };
  }

  private save(): void {
    const { position, events, hash } = this.checkpoint;
    this.readModels.db
      .prepare(
        'INSERT INTO integrity_checkpoint (id, position, events, hash, verified_at) VALUES (1, ?, ?, ?, ?) ' +
          'ON CONFLICT (id) DO UPDATE SET position = excluded.position, events = excluded.events, hash = excluded.hash, verified_at = excluded.verified_at',
      )
      .run(position, events, hash, new Date().toISOString());
  }
}

function fromVerify(result: VerifyBroken): IntegrityFailure {
  const where = result.stream === null ? '' : ` (ストリーム ${result.stream})`;
  return {
    position: result.position,
    stream: result.stream,
    problem: result.problem,
    reason: `位置 ${result.position}${where} で${PROBLEMS[result.problem]}。`,
  };
}
