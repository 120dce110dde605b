import type { PlannedStage } from '@hyoka/catalogue';
import { itemContext, type CatalogueState } from '@hyoka/domain';

/** An 実施項目 as the board, the inbox and the summary need it: where it sits, who owns it, its schedule. */
export interface PlanItem {
  itemId: string;
  name: string;
  divisionId: string;
  divisionName: string;
  /** the theme of its primary (non-再掲) listing */
  themeId: string;
  /** the 部 whose staff own the item (the department of the division's PromotionMeeting) */
  owningDepartmentId: string;
  promotionMeetingId: string;
  /** planned stage by fiscal year ("2025", "2026", "2027") as scheduled (revisions applied) */
  schedule: Record<string, PlannedStage>;
  /** retired by a plan revision from this fiscal year on; null while current */
  retiredFrom: number | null;
  /** place in the catalogue's item list (document order; added items last) */
  order: number;
}

/** The year's planned stage of an item (null when the schedule gives none). */
export function plannedStageOf(item: PlanItem, fiscalYear: number): string | null {
  return item.schedule[String(fiscalYear)]?.stage ?? null;
}

export function isRetiredIn(item: PlanItem, fiscalYear: number): boolean {
  return item.retiredFrom !== null && item.retiredFrom <= fiscalYear;
}

/** Pure: every item the catalogue has ever held (retired ones marked), with its owner as the domain decides it. */
export function planItemsOf(state: CatalogueState): PlanItem[] {
  if (state.status !== 'Imported') return [];
  const { catalogue } = state;
  // ownership does not depend on retirement; ask the domain as if nothing were retired
  const unretired: CatalogueState = { ...state, retired: {} };
  const divisionNames = new Map(catalogue.divisions.map((d) => [d.id, d.name]));
  return catalogue.items.map((item, order) => {
    const context = itemContext(unretired, item.id, catalogue.period.from);
    return {
      itemId: item.id,
      name: item.name,
      divisionId: item.divisionId,
      divisionName: divisionNames.get(item.divisionId) ?? item.divisionId,
      themeId: item.themeId,
      owningDepartmentId: context.owningDepartmentId,
      promotionMeetingId: context.promotionMeetingId,
      schedule: item.schedule as Record<string, PlannedStage>,
      retiredFrom: state.retired[item.id]?.fromFiscalYear ?? null,
      order,
    };
  });
}

/** A 部門 in document order. */
export interface PlanDivision {
  id: string;
  number: number;
  name: string;
  promotionMeetingId: string;
}

export function planDivisionsOf(state: CatalogueState): PlanDivision[] {
  if (state.status !== 'Imported') return [];
  return state.catalogue.divisions
    .map((d) => ({ id: d.id, number: d.number, name: d.name, promotionMeetingId: d.promotionMeetingId }))
    .sort((a, b) => a.number - b.number);
}
