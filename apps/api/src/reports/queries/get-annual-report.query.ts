import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { findDivision } from '@hyoka/catalogue';
import { FINAL_STAGE, planForYear, planPeriodsOf, ForbiddenError, NotFoundError, canRead, readsDepartment, type ReadSharing, emptyDueDates, fiscalYearStream, foldFiscalYear, upcast, type DueDates } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import type { ReplayIndex } from '@hyoka/projections';
import { Clock } from '../../auth/clock.js';
import type { Viewer } from '../../auth/viewer.js';
import { checkDivisionId, checkPlanYear } from '../../common/input-checks.js';
import { readsEverything } from '../../common/read-access.js';
import type { AppConfig } from '../../config.js';
import { InputError } from '../../errors/api-errors.js';
import { APP_CONFIG, EVENT_STORE, REPLAY_INDEX } from '../../tokens.js';
import { composeAnnualReport, owningDepartmentOfDivision, verifyCommandFor, type AnnualReport } from '../annual-report.js';
import { LogDigests } from '../log-digest.js';
import { IntegrityMonitor } from '../../integrity/integrity-monitor.js';

export class GetAnnualReportQuery extends Query<AnnualReport> {
  constructor(
    readonly viewer: Viewer,
    readonly fiscalYear: number,
    /** one 部門, or null for the whole plan */
    readonly divisionId: string | null,
    /** regenerate the report as of an earlier log position; the store's head when null */
    readonly position: bigint | null = null,
  ) {
    super();
  }
}

/** Parses a log position given by a client (a decimal string). */
export function parsePosition(value: string | null | undefined): bigint | null {
  if (value === null || value === undefined || value === '') return null;
  if (!/^\d{1,19}$/.test(value)) throw new InputError('position にはログの位置(正の整数)を指定してください。', 'position');
  return BigInt(value);
}

/**
 * The 年度評価報告書 as of one log position: the head is captured first, and the plan and the board are replayed
 * from the store up to it (through the replay index: the nearest snapshot, then the events after it; never the live
 * tables), so the stamp names exactly the data shown even while others write. Readable like the board: a 部門 by whoever may read its 部's evaluations, the whole plan only by
 * those who read every 部 (監査, 評価検証委員, 管理職, 事務局長).
 */
@QueryHandler(GetAnnualReportQuery)
export class GetAnnualReportHandler implements IQueryHandler<GetAnnualReportQuery, AnnualReport> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REPLAY_INDEX) private readonly replay: ReplayIndex,
    private readonly digests: LogDigests,
    private readonly integrity: IntegrityMonitor,
    private readonly clock: Clock,
  ) {}

  async execute({ viewer, fiscalYear, divisionId, position }: GetAnnualReportQuery): Promise<AnnualReport> {
    const generatedAt = new Date(this.clock.now()).toISOString();
    const head = await this.store.headPosition();
    if (position !== null && (position < 1n || position > head)) {
      throw new InputError(`position はログの範囲(1〜${head})で指定してください。`, 'position');
    }
    const at = position ?? head;
    const catalogue = await this.replay.catalogueAsOfPosition(at);
    if (catalogue.status !== 'Imported') throw new NotFoundError('この時点では計画カタログがまだ取り込まれていません。');
    checkPlanYear(fiscalYear, planPeriodsOf(catalogue).map((p) => p.catalogue.period));
    // the report reads the plan of the year's own period (a finished period keeps its items and 部門)
    const plan = planForYear(catalogue, fiscalYear)!;
    if (divisionId !== null) {
      checkDivisionId(divisionId);
      const division = findDivision(plan, divisionId);
      if (!division) throw new NotFoundError(`部門 ${divisionId} は計画にありません。`);
      if (!canRead(viewer, { owningDepartmentId: owningDepartmentOfDivision(plan, divisionId), status: FINAL_STAGE }, this.config.readSharing)) {
        throw forbiddenDivision(division.name, this.config.readSharing);
      }
    } else if (!readsEverything(viewer)) {
      throw new ForbiddenError(
        '全部門の報告書は、すべての部の評価を閲覧できる人(監査・評価検証委員・管理職・事務局長)のみ閲覧できます。部門を指定してください。',
      );
    }
    // another 部's division, shared once final (全職員で共有): its finalised rows only, and none before it has any
    const board = (await this.replay.boardAsOf(fiscalYear, at)).filter((row) => canRead(viewer, row, this.config.readSharing));
    if (divisionId !== null && !board.some((row) => row.divisionId === divisionId)) {
      const owner = owningDepartmentOfDivision(plan, divisionId);
      if (!readsDepartment(viewer, owner)) throw forbiddenDivision(findDivision(plan, divisionId)!.name, this.config.readSharing);
    }
    const dueDates = await this.dueDatesAt(fiscalYear, at);
    // open rows are late against the time the report stands for: now at the head, that event's time for an earlier
    // position (so a report regenerated at its position reads the same)
    const lateAsOf = position === null ? generatedAt : await this.recordedAt(at, generatedAt);
    // the stamp vouches for the data shown: never the digest of a log that does not verify
    await this.integrity.requireVerified(at);
    const digest = await this.digests.digestAt(at);
    return composeAnnualReport({
      plan,
      board,
      fiscalYear,
      divisionId,
      dueDates,
      lateAsOf,
      stamp: { fiscalYear, generatedAt, position: at, digest, verifyCommand: verifyCommandFor(digest) },
    });
  }

  /** The year's calendar from its stream's events up to the position (a short stream: one event per change). */
  private async dueDatesAt(fiscalYear: number, at: bigint): Promise<DueDates> {
    const events = (await this.store.readStream(fiscalYearStream(fiscalYear))).filter((e) => e.position <= at).map((e) => upcast(e));
    const year = foldFiscalYear(events);
    return year.status === 'Open' ? year.dueDates : emptyDueDates();
  }

  private async recordedAt(position: bigint, fallback: string): Promise<string> {
    const [event] = await this.store.readAll({ after: position - 1n, maxCount: 1 });
    return event?.recordedAt ?? fallback;
  }
}

const forbiddenDivision = (name: string, sharing: ReadSharing): ForbiddenError =>
  new ForbiddenError(
    `${name}の報告書を閲覧する権限がありません。${sharing.shareFinalized ? '担当する部の部門と、確定した評価のある部門のみ' : '担当する部の部門のみ'}閲覧できます。`,
  );
