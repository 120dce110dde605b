import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryHandler } from '@nestjs/cqrs';
import type { PlanCatalogue } from '@hyoka/catalogue';
import {
  NotFoundError,
  canRead,
  KEEP_WITHIN_DEPARTMENT,
  catalogueAsOf,
  catalogueStateFor,
  catalogueStream,
  describePeriods,
  currentPlan,
  formatFiscalYear,
  PLAN_REVISION_LABELS,
  upcast,
  type CatalogueState,
} from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { fiscalYears, gradeSummary, planItems, planItemsFor, planPeriods, planState, type ReadModels } from '@hyoka/projections';
import { checkFiscalYear } from '../../common/input-checks.js';
import type { Viewer } from '../../auth/viewer.js';
import type { AppConfig } from '../../config.js';
import { Grade } from '../../graphql/enums.js';
import { APP_CONFIG, EVENT_STORE, READ_MODELS } from '../../tokens.js';
import { GradeSummaryRowModel } from '../models/grade-summary.model.js';
import { FiscalYearModel, PlanModel, PlanPeriodModel } from '../models/plan.model.js';

export function toPlanModel(state: Extract<CatalogueState, { status: 'Imported' }>, asOf: string | null, current = true): PlanModel {
  const catalogue: PlanCatalogue = currentPlan(state);
  const years: number[] = [];
  for (let y = catalogue.period.from; y <= catalogue.period.to; y++) years.push(y);
  return {
    title: catalogue.title,
    periodFrom: catalogue.period.from,
    periodTo: catalogue.period.to,
    source: catalogue.source,
    asOf,
    departments: catalogue.departments.map((d) => ({ id: d.id, name: d.name, retired: d.retired === true })),
    reviewBodies: catalogue.reviewBodies.map((b) => ({
      id: b.id,
      kind: b.kind,
      name: b.name,
      chair: b.chair,
      members: b.members,
      roles: [...b.roles],
      departmentId: b.departmentId ?? null,
      retired: b.retired === true,
    })),
    divisions: catalogue.divisions.map((d) => ({
      id: d.id,
      number: d.number,
      name: d.name,
      promotionMeetingId: d.promotionMeetingId,
      // the plan document names no 推進会議 for this 部門 (docs/design.md): its reviewer was chosen, not read
      promotionMeetingConfigurable: d.promotionMeetingConfigurable === true,
      topics: d.topics.map((t) => ({
        id: t.id,
        number: t.number,
        name: t.name,
        themes: t.themes.map((th) => ({
          id: th.id,
          number: th.number,
          name: th.name,
          currentSituation: th.currentSituation,
          goal: th.goal,
          listings: th.listings.map((l) => ({ itemId: l.itemId, relisting: l.relisting })),
        })),
      })),
    })),
    items: catalogue.items.map((i) => ({
      id: i.id,
      name: i.name,
      divisionId: i.divisionId,
      themeId: i.themeId,
      schedule: years.map((fiscalYear) => {
        const cell = (i.schedule as Record<number, { stage: string | null; continued: boolean } | undefined>)[fiscalYear];
        return { fiscalYear, stage: cell?.stage ?? null, continued: cell?.continued ?? false };
      }),
    })),
    evaluationRules: {
      quantitative: catalogue.evaluationRules.quantitative,
      qualitative: catalogue.evaluationRules.qualitative,
      overall: catalogue.evaluationRules.overall,
      bands: catalogue.evaluationRules.bands.map((b) => ({ ...b, grade: b.grade as Grade })),
    },
    revisions: state.revisions.map((r) => ({
      type: r.type,
      label: PLAN_REVISION_LABELS[r.type],
      level: r.level,
      id: r.id,
      subjectId: r.subjectId,
      itemId: r.itemId ?? null,
      reason: r.reason,
      approvedBy: r.approvedBy,
      at: r.at,
    })),
    opened: state.opened ? { reason: state.opened.reason, approvedBy: state.opened.approvedBy, at: state.opened.at } : null,
    current,
  };
}

export class GetPlanQuery extends CqrsQuery<PlanModel> {
  constructor(
    readonly asOf: string | null,
    /** the plan of the period this year belongs to (default: the period in force) */
    readonly fiscalYear: number | null = null,
  ) {
    super();
  }
}

/** The plan with its revisions applied: now (read model) or as it stood at a time (replayed from its stream). */
@QueryHandler(GetPlanQuery)
export class GetPlanHandler implements IQueryHandler<GetPlanQuery, PlanModel> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  async execute({ asOf, fiscalYear }: GetPlanQuery): Promise<PlanModel> {
    const whole =
      asOf === null ? planState(this.readModels) : catalogueAsOf((await this.store.readStream(catalogueStream())).map(upcast), asOf);
    if (whole.status !== 'Imported') {
      throw new NotFoundError(asOf === null ? '計画カタログがまだ取り込まれていません。' : 'その時点では計画カタログはまだ取り込まれていませんでした。');
    }
    if (fiscalYear === null) return toPlanModel(whole, asOf);
    checkFiscalYear(fiscalYear);
    const state = catalogueStateFor(whole, fiscalYear);
    if (state.status !== 'Imported') {
      throw new NotFoundError(`${formatFiscalYear(fiscalYear)}を含む計画期間はありません(計画期間: ${describePeriods(whole)})。`);
    }
    return toPlanModel(state, asOf, state.catalogue.period.from === whole.catalogue.period.from);
  }
}

export class GetPlanPeriodsQuery extends CqrsQuery<PlanPeriodModel[]> {}

@QueryHandler(GetPlanPeriodsQuery)
export class GetPlanPeriodsHandler implements IQueryHandler<GetPlanPeriodsQuery, PlanPeriodModel[]> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute(): Promise<PlanPeriodModel[]> {
    return planPeriods(this.readModels).map((p) => ({ periodFrom: p.from, periodTo: p.to, title: p.title, current: p.current }));
  }
}

export class GetFiscalYearsQuery extends CqrsQuery<FiscalYearModel[]> {}

@QueryHandler(GetFiscalYearsQuery)
export class GetFiscalYearsHandler implements IQueryHandler<GetFiscalYearsQuery, FiscalYearModel[]> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute(): Promise<FiscalYearModel[]> {
    return fiscalYears(this.readModels).map((y) => ({
      fiscalYear: y.fiscalYear,
      label: formatFiscalYear(y.fiscalYear),
      thresholds: { ...y.thresholds },
      openedAt: y.openedAt,
    }));
  }
}

export class GetGradeSummaryQuery extends CqrsQuery<GradeSummaryRowModel[]> {
  constructor(readonly viewer: Viewer) {
    super();
  }
}

/** Per-部門 counts, only of the 部門 whose items the viewer may read. */
@QueryHandler(GetGradeSummaryQuery)
export class GetGradeSummaryHandler implements IQueryHandler<GetGradeSummaryQuery, GradeSummaryRowModel[]> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ viewer }: GetGradeSummaryQuery): Promise<GradeSummaryRowModel[]> {
    // a 部門's owner is the plan's of that year's period (a later plan may give it to another 部)
    const ownerOf = (divisionId: string, fiscalYear: number) =>
      planItemsFor(this.readModels, fiscalYear).find((i) => i.divisionId === divisionId)?.owningDepartmentId;
    return gradeSummary(this.readModels).filter((row) => {
      const owner = ownerOf(row.divisionId, row.fiscalYear) ?? planItems(this.readModels).find((i) => i.divisionId === row.divisionId)?.owningDepartmentId;
      // the counts cover unfinished work too: the 部 rule alone (status unknown), whatever the sharing
      return owner !== undefined && canRead(viewer, { owningDepartmentId: owner, status: null }, KEEP_WITHIN_DEPARTMENT);
    });
  }
}
