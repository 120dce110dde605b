import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryHandler } from '@nestjs/cqrs';
import { ForbiddenError } from '@hyoka/domain';
import {
  InvalidOptionsError,
  LogDigestIndex,
  checkDigest,
  parseLogDigest,
  verifyLog,
  type DigestCheck,
  type EventStore,
  type LogDigest,
  type VerifyResult,
} from '@hyoka/event-store';
import type { Viewer } from '../../auth/viewer.js';
import { InputError } from '../../errors/api-errors.js';
import { EVENT_STORE } from '../../tokens.js';
import { IntegrityMonitor } from '../integrity-monitor.js';
import { LOG_DIGEST_INDEX } from '../log-digest-index.js';
import {
  DigestCheckResultModel,
  IntegrityState,
  IntegrityStatusModel,
  LogDigestResultModel,
  LogProblem,
  LogVerificationModel,
} from '../models/log-integrity.model.js';

/** Verifying the log is the auditors' and the committee's check (監査・評価検証委員). */
export function requireIntegrityReader(viewer: Viewer): void {
  const allowed = !viewer.disabled && viewer.roles.some((r) => r.role === 'Auditor' || r.role === 'CommitteeMember');
  if (!allowed) throw new ForbiddenError('ログの改ざん検証とダイジェストは、監査と評価検証委員のみ利用できます。');
}

/** The integrity alarm is for those who answer for the log: 監査, 管理者, 評価検証委員. */
export function requireIntegrityWatcher(viewer: Viewer): void {
  const allowed = !viewer.disabled && viewer.roles.some((r) => r.role === 'Auditor' || r.role === 'Admin' || r.role === 'CommitteeMember');
  if (!allowed) throw new ForbiddenError('ログの検証状態は、監査・管理者・評価検証委員のみ閲覧できます。');
}

function parsePosition(value: string | null | undefined, field: string): bigint | undefined {
  if (value === null || value === undefined) return undefined;
  if (!/^\d{1,19}$/.test(value)) throw new InputError(`${field} にはイベントストアの位置 (0 以上の整数) を指定してください。`, field);
  return BigInt(value);
}

const PROBLEM_LABELS: Record<LogProblem, string> = {
  [LogProblem.hashMismatch]: '内容が記録されたハッシュと一致しません',
  [LogProblem.chainBroken]: '直前のイベントのハッシュとつながっていません',
  [LogProblem.revisionGap]: 'ストリームのリビジョンが欠けています',
  [LogProblem.reordered]: 'イベントの順序が入れ替わっています',
  [LogProblem.unreadable]: 'イベントを読み取れません',
  [LogProblem.missingPosition]: 'イベントが削除されています',
};

const toDigest = (d: LogDigest): LogDigestResultModel => ({ position: String(d.position), events: d.events, digest: d.text });

function toVerification(result: VerifyResult): LogVerificationModel {
  if (result.ok) {
    return {
      ok: true,
      events: result.events,
      streams: result.streams,
      head: String(result.head),
      digest: toDigest(result.digest),
      problem: null,
      stream: null,
      revision: null,
      position: null,
      expected: null,
      found: null,
      message: `${result.events} 件のイベントを検証しました。改ざんは見つかりませんでした (位置 ${result.head} まで)。`,
    };
  }
  const problem = result.problem as LogProblem;
  return {
    ok: false,
    events: result.events,
    streams: null,
    head: null,
    digest: null,
    problem,
    stream: result.stream,
    revision: result.revision === null ? null : String(result.revision),
    position: String(result.position),
    expected: result.expected,
    found: result.found,
    message:
      `位置 ${result.position}${result.stream === null ? '' : ` (ストリーム ${result.stream}、リビジョン ${result.revision})`} で${PROBLEM_LABELS[problem]}。` +
      `期待値 ${result.expected}、記録値 ${result.found}`,
  };
}

function toDigestCheck(check: DigestCheck, head: bigint): DigestCheckResultModel {
  if (check.ok) return { ok: true, digest: toDigest(check.digest), problem: null, found: null, broken: null, message: 'ダイジェストは現在のログと一致します。' };
  const messages = {
    'digest-mismatch': `位置 ${check.digest.position} までのログが、ダイジェストを取った後に書き換えられています。`,
    // past the head: a digest of another log, or of this one before its end was cut off; the log alone cannot tell
    'log-shorter':
      `ダイジェストの位置 ${check.digest.position} は、このログの末尾 (位置 ${head}) より先です。` +
      '別のログのダイジェストか、ダイジェストを取った後に末尾のイベントが失われています。',
    'log-broken': `位置 ${check.digest.position} までのログに破損があります。`,
  } as const;
  return {
    ok: false,
    digest: toDigest(check.digest),
    problem: check.problem as DigestCheckResultModel['problem'],
    found: check.found ? toDigest(check.found) : null,
    broken: check.broken ? toVerification(check.broken) : null,
    message: messages[check.problem],
  };
}

export class VerifyLogQuery extends CqrsQuery<LogVerificationModel> {
  constructor(
    readonly viewer: Viewer,
    readonly upTo: string | null,
  ) {
    super();
  }
}

@QueryHandler(VerifyLogQuery)
export class VerifyLogHandler implements IQueryHandler<VerifyLogQuery, LogVerificationModel> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ viewer, upTo }: VerifyLogQuery): Promise<LogVerificationModel> {
    requireIntegrityReader(viewer);
    const bound = parsePosition(upTo, 'upTo');
    return toVerification(await verifyLog(this.store, bound === undefined ? {} : { upTo: bound }));
  }
}

export class GetLogDigestQuery extends CqrsQuery<LogDigestResultModel> {
  constructor(
    readonly viewer: Viewer,
    readonly position: string | null,
  ) {
    super();
  }
}

@QueryHandler(GetLogDigestQuery)
export class GetLogDigestHandler implements IQueryHandler<GetLogDigestQuery, LogDigestResultModel> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOG_DIGEST_INDEX) private readonly index: LogDigestIndex,
    private readonly monitor: IntegrityMonitor,
  ) {}

  async execute({ viewer, position }: GetLogDigestQuery): Promise<LogDigestResultModel> {
    requireIntegrityReader(viewer);
    const at = parsePosition(position, 'position');
    const head = await this.store.headPosition();
    if (at !== undefined && at > head) {
      throw new InputError(`位置 ${at} はまだ記録されていません (現在の最後の位置は ${head})。`, 'position');
    }
    // a digest is printed into minutes: only of a log verified up to it
    await this.monitor.requireVerified(at ?? head);
    return toDigest(await this.index.digestAt(at ?? head));
  }
}

export class CheckLogDigestQuery extends CqrsQuery<DigestCheckResultModel> {
  constructor(
    readonly viewer: Viewer,
    readonly digest: string,
  ) {
    super();
  }
}

@QueryHandler(CheckLogDigestQuery)
export class CheckLogDigestHandler implements IQueryHandler<CheckLogDigestQuery, DigestCheckResultModel> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ viewer, digest }: CheckLogDigestQuery): Promise<DigestCheckResultModel> {
    requireIntegrityReader(viewer);
    let parsed: LogDigest;
    try {
      parsed = parseLogDigest(digest);
    } catch (error) {
      if (!(error instanceof InvalidOptionsError)) throw error;
      throw new InputError('ダイジェストは hyoka-log:v1:<位置>:<件数>:<64桁の16進数> の形で指定してください。', 'digest');
    }
    const check = await checkDigest(this.store, parsed);
    return toDigestCheck(check, check.ok ? 0n : await this.store.headPosition());
  }
}

export class GetIntegrityStatusQuery extends CqrsQuery<IntegrityStatusModel> {
  constructor(readonly viewer: Viewer) {
    super();
  }
}

@QueryHandler(GetIntegrityStatusQuery)
export class GetIntegrityStatusHandler implements IQueryHandler<GetIntegrityStatusQuery, IntegrityStatusModel> {
  constructor(private readonly monitor: IntegrityMonitor) {}

  async execute({ viewer }: GetIntegrityStatusQuery): Promise<IntegrityStatusModel> {
    requireIntegrityWatcher(viewer);
    const { state, verifiedUpTo, failure } = this.monitor.status();
    return {
      state: state as IntegrityState,
      verifiedUpTo: String(verifiedUpTo),
      failure: failure && { position: String(failure.position), stream: failure.stream, reason: failure.reason },
    };
  }
}
