import { Inject, Injectable } from '@nestjs/common';
import { aggregateStream, catalogueFold, fiscalYearFold, meetingFold } from '@hyoka/command-handling';
import {
  catalogueStateFor,
  catalogueStream,
  departmentsOf,
  fiscalYearSettings,
  fiscalYearStream,
  itemContext,
  meetingStream,
  type CatalogueState,
  type EvaluationContext,
  type EvaluationItem,
} from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { planState, type DepartmentNames, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../auth/viewer.js';
import type { AppConfig } from '../config.js';
import { APP_CONFIG, EVENT_STORE, READ_MODELS } from '../tokens.js';
import type { ItemSummaryModel } from './models/evaluation.model.js';

const MEETING_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export interface ItemInfo {
  domainItem: EvaluationItem;
  summary: ItemSummaryModel;
  /** every 部 of the plan (then, for an as-of read), id → name, for the labels of the evaluation's history */
  departmentNames: DepartmentNames;
}

/**
 * What decide needs beyond the stream: the item as the plan stands (catalogue read model, revisions applied;
 * a revision's mutation waits for the read models, so the next command sees it) and the year's settings
 * (read from the fiscal-year stream itself).
 */
@Injectable()
export class EvaluationContextSource {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  /**
   * `meetingId`: the session the command names (会議), read from its own stream, so a decision checks the session as it
   * stands (open, its agenda, who is present) and never a read model that may lag behind.
   */
  async forCommand(viewer: Viewer, itemId: string, fiscalYear: number, now: string, meetingId?: string | null): Promise<EvaluationContext> {
    const plan = planState(this.readModels);
    const item = itemContext(plan, itemId, fiscalYear);
    const year = fiscalYearSettings((await aggregateStream(this.store, fiscalYearStream(fiscalYear), fiscalYearFold)).state, fiscalYear);
    // a malformed id reads nothing: decide refuses it with its own message
    const meeting = typeof meetingId === 'string' && MEETING_ID.test(meetingId) ? (await aggregateStream(this.store, meetingStream(meetingId), meetingFold)).state : null;
    return {
      actor: viewer,
      now,
      item,
      fiscalYear: year,
      departments: departmentsOf(plan),
      session: {
        meeting: meeting && meeting.status !== 'NotScheduled' ? meeting : null,
        requiredBodies: this.config.sessionRequired,
        committeeQuorum: this.config.committeeQuorum,
      },
    };
  }

  /** The item for reading its evaluation (a retired item stays readable for the years it was evaluated). */
  item(itemId: string, fiscalYear: number): ItemInfo {
    return this.describe(planState(this.readModels), itemId, fiscalYear);
  }

  /** The item as the plan stood at a store position (for as-of reads). */
  async itemAt(itemId: string, fiscalYear: number, position: bigint): Promise<ItemInfo> {
    const { state } = await aggregateStream(this.store, catalogueStream(), catalogueFold, { read: { toPosition: position } });
    return this.describe(state, itemId, fiscalYear);
  }

  private describe(whole: CatalogueState, itemId: string, fiscalYear: number): ItemInfo {
    // the plan of the year's own period (a finished period keeps its items and names); none holds the year: itemContext says so
    const period = catalogueStateFor(whole, fiscalYear);
    const state = period.status === 'Imported' ? period : whole;
    // Reading is allowed for retired items too: ask as if nothing were retired (itemContext refuses them otherwise).
    const readable: CatalogueState = state.status === 'Imported' ? { ...state, retired: {} } : state;
    const domainItem = itemContext(readable, itemId, fiscalYear);
    const catalogue = state.status === 'Imported' ? state.catalogue : undefined;
    const item = catalogue?.items.find((i) => i.id === itemId);
    const division = catalogue?.divisions.find((d) => d.id === domainItem.divisionId);
    const meeting = catalogue?.reviewBodies.find((b) => b.id === domainItem.promotionMeetingId);
    return {
      domainItem,
      summary: {
        id: itemId,
        name: item?.name ?? itemId,
        divisionId: domainItem.divisionId,
        divisionName: division?.name ?? domainItem.divisionId,
        owningDepartmentId: domainItem.owningDepartmentId,
        owningDepartmentName: domainItem.owningDepartmentName ?? domainItem.owningDepartmentId,
        promotionMeetingId: domainItem.promotionMeetingId,
        promotionMeetingName: meeting?.name ?? domainItem.promotionMeetingId,
        plannedStage: domainItem.plannedStage,
      },
      departmentNames: new Map(departmentsOf(state).map((d) => [d.id, d.name])),
    };
  }
}
