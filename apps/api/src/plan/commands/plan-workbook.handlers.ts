import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, IQueryHandler, Query, QueryHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PlanCatalogue } from '@hyoka/catalogue';
import { aggregateStream, catalogueFold, commandFingerprint, handleCommand } from '@hyoka/command-handling';
import {
  CATALOGUE_COMMAND_TYPES,
  ConflictError,
  NotFoundError,
  ValidationError,
  catalogueStream,
  currentPlan,
  decideCatalogue,
  mayEverDo,
  ORGANISATION_COMMAND_TYPES,
  type CatalogueState,
} from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import {
  describeProblem,
  diffPlans,
  followedAlready,
  importModeOf,
  kindOf,
  planSummary,
  readPlanWorkbook,
  revisionCommands,
  unrecordableKinds,
  writePlanWorkbook,
  type PlanChange,
} from '@hyoka/plan-workbook';
import type { ProjectionRunner } from '@hyoka/projections';
import { Clock } from '../../auth/clock.js';
import type { Viewer } from '../../auth/viewer.js';
import type { AppConfig } from '../../config.js';
import { AccessDeniedError, InputError } from '../../errors/api-errors.js';
import { checkCommandId } from '../../evaluations/commands/execute-evaluation.handler.js';
import { APP_CONFIG, EVENT_STORE, PROJECTION_RUNNER } from '../../tokens.js';
import type { ImportPlanWorkbookInput } from '../dto/import-plan-workbook.input.js';
import type { PlanImportModel } from '../models/plan-import.model.js';
import { PlanWorkbookPreviews, type PlanWorkbookPreview } from '../workbook/plan-workbook-previews.js';

/** The commands a 計画の見直し records (and a new period): whoever may give every one of them may download, preview, import and revise. */
const PLAN_REVISION_COMMANDS = CATALOGUE_COMMAND_TYPES.filter((type) => type !== 'ImportPlanCatalogue');

/** Refuses, before anything is read, a person who may not revise the plan (the domain's table: the 管理者). */
export function checkMayRevisePlan(viewer: Viewer): void {
  for (const command of PLAN_REVISION_COMMANDS) {
    const permission = mayEverDo(viewer, command);
    if (!permission.allowed) throw new AccessDeniedError(permission.reason, catalogueStream());
  }
}

/** The plan in force (its 推進会議 mapping as recorded) and its stream revision. */
async function planInForce(store: EventStore): Promise<{ plan: PlanCatalogue; revision: bigint | null }> {
  const { plan, revision } = await planInForceOrNone(store);
  if (!plan) throw new NotFoundError('計画カタログがまだ取り込まれていません。');
  return { plan, revision };
}

/** As `planInForce`, null before the first plan (a store started with HYOKA_INITIAL_PLAN=none). */
async function planInForceOrNone(store: EventStore): Promise<{ plan: PlanCatalogue | null; revision: bigint | null }> {
  const { state, revision } = await aggregateStream(store, catalogueStream(), catalogueFold);
  if (state.status !== 'Imported') return { plan: null, revision };
  return { plan: currentPlan(state), revision };
}

/** Retirements take effect from a fiscal year: items and the levels above them (a 【再掲】 listing is simply removed). */
const needsRetireFrom = (c: PlanChange): boolean => c.change === 'retired' && ['item', 'division', 'topic', 'theme'].includes(c.level);

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class ExportPlanWorkbookQuery extends Query<{ data: Buffer; fileName: string }> {
  constructor(readonly viewer: Viewer) {
    super();
  }
}

/** The plan in force as the editable workbook the CLI's `plan export` writes. */
@QueryHandler(ExportPlanWorkbookQuery)
export class ExportPlanWorkbookHandler implements IQueryHandler<ExportPlanWorkbookQuery, { data: Buffer; fileName: string }> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ viewer }: ExportPlanWorkbookQuery) {
    checkMayRevisePlan(viewer);
    const { plan } = await planInForce(this.store);
    return { data: await writePlanWorkbook(plan), fileName: `plan-${plan.period.from}-${plan.period.to}.xlsx` };
  }
}

/** One change as the preview lists it: its kind in Japanese (「実施項目の名称変更」) and the line a person reads. */
export interface PreviewChange {
  level: PlanChange['level'];
  change: PlanChange['change'];
  kind: string;
  id: string;
  text: string;
}

export type PlanWorkbookPreviewAnswer =
  | {
      ok: true;
      previewId: string;
      digest: string;
      fileName: string;
      planRevision: number | null;
      changes: PreviewChange[];
      /** kinds a 計画の見直し cannot record yet: confirming is refused while any is listed */
      unrecordable: string[];
      /** items or levels the workbook drops: confirming needs the first fiscal year without them */
      retiresItems: boolean;
      /** the period of the plan in force (the workbook's own for a first plan) */
      period: { from: number; to: number };
      /** what confirming records (see importModeOf in @hyoka/plan-workbook) */
      mode: 'revision' | 'newPeriod' | 'firstPlan';
      /** the workbook's period */
      workbookPeriod: { from: number; to: number };
      /** a new period or a first plan: how much the workbook's plan holds (「部 5・推進会議 2・…」) */
      summary: string | null;
    }
  | { ok: false; digest: string; fileName: string; problems: { sheet: string; row: number | null; column: string | null; message: string; text: string }[] };

export class PreviewPlanWorkbookCommand extends Command<PlanWorkbookPreviewAnswer> {
  constructor(
    readonly viewer: Viewer,
    readonly data: Buffer,
    readonly fileName: string,
  ) {
    super();
  }
}

/** Validates an uploaded workbook and diffs it against the plan in force (the library's rules, as `plan import --dry-run`). */
@CommandHandler(PreviewPlanWorkbookCommand)
export class PreviewPlanWorkbookHandler implements ICommandHandler<PreviewPlanWorkbookCommand, PlanWorkbookPreviewAnswer> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly previews: PlanWorkbookPreviews,
  ) {}

  async execute({ viewer, data, fileName }: PreviewPlanWorkbookCommand): Promise<PlanWorkbookPreviewAnswer> {
    checkMayRevisePlan(viewer);
    const digest = createHash('sha256').update(data).digest('hex');
    let read: Awaited<ReturnType<typeof readPlanWorkbook>>;
    try {
      read = await readPlanWorkbook(data);
    } catch {
      throw new InputError('Excel ブック (.xlsx) として読み取れませんでした。計画の書き出しで作ったブックを Excel で保存して送ってください。', 'file');
    }
    if (!read.ok) {
      const problems = read.problems.map((p) => ({ sheet: p.sheet, row: p.row ?? null, column: p.column ?? null, message: p.message, text: describeProblem(p) }));
      return { ok: false, digest, fileName, problems };
    }
    const { plan, revision } = await planInForceOrNone(this.store);
    const mode = importModeOf(plan, read.catalogue);
    if (mode.mode === 'refused') throw new InputError(mode.problem, 'file');
    // a whole plan (a new period, a first plan) is recorded as it is: there is nothing to diff it against
    const changes = mode.mode === 'revision' && plan ? diffPlans(plan, read.catalogue) : [];
    const preview = this.previews.add({
      digest,
      fileName,
      userId: viewer.userId,
      planRevision: revision,
      changes,
      mode: mode.mode,
      catalogue: read.catalogue,
    });
    const workbookPeriod = { from: read.catalogue.period.from, to: read.catalogue.period.to };
    return {
      ok: true,
      previewId: preview.previewId,
      digest,
      fileName,
      planRevision: revision === null ? null : Number(revision),
      changes: changes.map((c) => ({ level: c.level, change: c.change, kind: kindOf(c), id: c.id, text: c.text })),
      unrecordable: unrecordableKinds(changes),
      retiresItems: changes.some(needsRetireFrom),
      period: plan ? { from: plan.period.from, to: plan.period.to } : workbookPeriod,
      mode: mode.mode,
      workbookPeriod,
      summary: mode.mode === 'revision' ? null : planSummary(read.catalogue),
    };
  }
}

export class ImportPlanWorkbookCommand extends Command<PlanImportModel> {
  constructor(
    readonly viewer: Viewer,
    readonly input: ImportPlanWorkbookInput,
  ) {
    super();
  }
}

/**
 * Records a previewed workbook's changes as one approved 計画の見直し: one append on the catalogue stream through the
 * one command path, at the revision the preview was computed on (the plan changed since: a conflict, nothing recorded).
 */
@CommandHandler(ImportPlanWorkbookCommand)
export class ImportPlanWorkbookHandler implements ICommandHandler<ImportPlanWorkbookCommand, PlanImportModel> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly previews: PlanWorkbookPreviews,
    private readonly clock: Clock,
  ) {}

  async execute({ viewer, input }: ImportPlanWorkbookCommand): Promise<PlanImportModel> {
    checkMayRevisePlan(viewer);
    checkCommandId(input.commandId);
    const reason = input.reason.trim();
    const approvedBy = input.approvedBy.trim();
    if (!reason) throw new InputError('見直しの理由を入力してください。', 'reason');
    if (!approvedBy) throw new InputError('承認者を入力してください。', 'approvedBy');
    const preview = this.previews.get(input.previewId, viewer.userId);
    if (!preview) {
      throw new NotFoundError('このプレビューは見つかりません(1時間で期限切れになります)。ブックをもう一度アップロードして、プレビューからやり直してください。', {
        field: 'previewId',
      });
    }
    if (preview.mode !== 'revision') return this.recordWholePlan(viewer, input, preview, reason, approvedBy);
    if (preview.changes.length === 0) throw new ValidationError('このブックは現在の計画と同じです。記録する変更はありません。');
    const retireFrom = input.retireFrom ?? undefined;
    if (retireFrom === undefined && preview.changes.some(needsRetireFrom)) {
      throw new InputError('ブックにない実施項目・部門・推進項目・取組テーマがあります。廃止する最初の年度を指定してください。', 'retireFrom');
    }
    const planned = revisionCommands(preview.changes, { reason, approvedBy, retireFrom });
    if (!planned.ok) {
      throw new ValidationError(
        `まだ記録できない変更が含まれているため、何も記録していません: ${planned.unsupported.join('、')}。` +
          '計画の見直しとして記録できるのは、部・会議体の追加・変更・廃止、部門を審査する推進会議の変更、部門・推進項目・取組テーマ・実施項目の追加・名称変更・移動・廃止、現状と課題・推進目標、【再掲】と計画段階の変更です。',
      );
    }
    const now = new Date(this.clock.now()).toISOString();
    const steps = planned.commands.map(
      (command) => (state: CatalogueState) => (followedAlready(command, state) ? [] : decideCatalogue(command, state, { actor: viewer, now })),
    );
    const result = await handleCommand(this.store, catalogueStream(), steps, {
      fold: catalogueFold,
      provenance: {
        actor: viewer.userId,
        commandId: input.commandId,
        occurredAt: now,
        commandHash: commandFingerprint({ type: 'ImportPlanWorkbook', data: { digest: preview.digest, reason, approvedBy, retireFrom: retireFrom ?? null } }),
        metadata: { workbookDigest: preview.digest },
      },
      beforeDecide: (read) => {
        if (read.revision !== preview.planRevision) {
          throw new ConflictError(
            '計画は、このブックをプレビューした後に変更されました。何も記録していません。計画を書き出し直すか、ブックをもう一度アップロードして、最新の計画との違いを確かめてください。',
          );
        }
      },
    });
    if (result.position !== null) await this.runner.waitForPosition(result.position);
    return { recordedChanges: planned.commands.length, planRevision: Number(result.nextExpectedRevision ?? -1), digest: preview.digest, mode: 'revision' };
  }

  /**
   * A workbook of a whole plan: the store's first plan (ImportPlanCatalogue) or the next period (OpenPlanPeriod), one
   * event at the revision the preview saw (a plan imported or revised since: a conflict, nothing recorded).
   */
  private async recordWholePlan(
    viewer: Viewer,
    input: ImportPlanWorkbookInput,
    preview: PlanWorkbookPreview,
    reason: string,
    approvedBy: string,
  ): Promise<PlanImportModel> {
    const now = new Date(this.clock.now()).toISOString();
    const command =
      preview.mode === 'firstPlan'
        ? ({ type: 'ImportPlanCatalogue', data: { catalogue: preview.catalogue } } as const)
        : ({ type: 'OpenPlanPeriod', data: { catalogue: preview.catalogue, reason, approvedBy } } as const);
    const result = await handleCommand(this.store, catalogueStream(), (state: CatalogueState) => decideCatalogue(command, state, { actor: viewer, now }), {
      fold: catalogueFold,
      provenance: {
        actor: viewer.userId,
        commandId: input.commandId,
        occurredAt: now,
        commandHash: commandFingerprint({ type: 'ImportPlanWorkbook', data: { digest: preview.digest, reason, approvedBy, mode: preview.mode } }),
        // the first plan's event has no reason of its own: the import's reason and approver travel in its metadata
        metadata: { workbookDigest: preview.digest, ...(preview.mode === 'firstPlan' ? { reason, approvedBy } : {}) },
      },
      beforeDecide: (read) => {
        if (read.revision !== preview.planRevision) {
          throw new ConflictError('計画は、このブックをプレビューした後に変更されました。何も記録していません。ブックをもう一度アップロードしてください。');
        }
      },
    });
    if (result.position !== null) await this.runner.waitForPosition(result.position);
    return { recordedChanges: 1, planRevision: Number(result.nextExpectedRevision ?? -1), digest: preview.digest, mode: preview.mode };
  }
}
