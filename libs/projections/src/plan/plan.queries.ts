import type { PlanCatalogue } from '@hyoka/catalogue';
import { catalogueStateFor, currentPlan, planPeriodsOf, type CatalogueState, type PlanRevision } from '@hyoka/domain';
import type { ReadModels } from '../read-models.js';
import { fromJson, stmt } from '../sql.js';
import { planDivisionsOf, planItemsOf, type PlanDivision, type PlanItem } from './plan-item.js';
import { loadCatalogueState, type OpenFiscalYearRow } from './plan.projection.js';

export type { PlanDivision } from './plan-item.js';

interface Derived {
  position: bigint;
  state: CatalogueState;
  items: PlanItem[];
  divisions: PlanDivision[];
  /** per fiscal year: the plan of the period the year belongs to (computed when first asked) */
  years: Map<number, { state: CatalogueState; items: PlanItem[]; divisions: PlanDivision[] }>;
}

// The catalogue changes rarely and the board reads it on every query: keep the parsed form until it changes.
const cache = new WeakMap<ReadModels, Derived>();

function derived(readModels: ReadModels): Derived {
  const head = stmt(readModels.db, `SELECT position FROM plan_state WHERE id = 1`).safeIntegers(true).get() as
    | { position: bigint }
    | undefined;
  const position = head?.position ?? 0n;
  const cached = cache.get(readModels);
  if (cached && cached.position === position) return cached;
  const { state } = loadCatalogueState(readModels.db);
  const fresh = { position, state, items: planItemsOf(state), divisions: planDivisionsOf(state), years: new Map() };
  cache.set(readModels, fresh);
  return fresh;
}

/** The current plan catalogue with every revision applied (see the domain's `currentPlan`); null before the import. */
export function plan(readModels: ReadModels): PlanCatalogue | null {
  const { state } = derived(readModels);
  return state.status === 'Imported' ? currentPlan(state) : null;
}

/** The catalogue stream's state: the imported catalogue, retired items and the list of revisions. */
export function planState(readModels: ReadModels): CatalogueState {
  return derived(readModels).state;
}

/** Every item the catalogue has held, in document order (retired ones marked with `retiredFrom`). */
export function planItems(readModels: ReadModels): PlanItem[] {
  return derived(readModels).items;
}

export function planDivisions(readModels: ReadModels): PlanDivision[] {
  return derived(readModels).divisions;
}

function ofYear(readModels: ReadModels, fiscalYear: number) {
  const d = derived(readModels);
  let year = d.years.get(fiscalYear);
  if (!year) {
    const state = catalogueStateFor(d.state, fiscalYear);
    year = { state, items: planItemsOf(state), divisions: planDivisionsOf(state) };
    d.years.set(fiscalYear, year);
  }
  return year;
}

/** The catalogue state of the plan period a fiscal year belongs to (Empty when no period holds it). */
export function planStateFor(readModels: ReadModels, fiscalYear: number): CatalogueState {
  return ofYear(readModels, fiscalYear).state;
}

/** The plan a fiscal year is evaluated against (its period's catalogue, revisions applied); null when no period holds it. */
export function planFor(readModels: ReadModels, fiscalYear: number): PlanCatalogue | null {
  const { state } = ofYear(readModels, fiscalYear);
  return state.status === 'Imported' ? currentPlan(state) : null;
}

/** The items of the plan period a fiscal year belongs to (empty when none holds it). */
export function planItemsFor(readModels: ReadModels, fiscalYear: number): PlanItem[] {
  return ofYear(readModels, fiscalYear).items;
}

export function planDivisionsFor(readModels: ReadModels, fiscalYear: number): PlanDivision[] {
  return ofYear(readModels, fiscalYear).divisions;
}

/** Every plan period, oldest first (the last one is in force); empty before the import. */
export function planPeriods(readModels: ReadModels): { from: number; to: number; title: string; current: boolean }[] {
  const periods = planPeriodsOf(derived(readModels).state);
  return periods.map((p, i) => ({ ...p.catalogue.period, title: p.catalogue.title, current: i === periods.length - 1 }));
}

/** The plan period in force (e.g. 2025–2027); null before the import. */
export function planPeriod(readModels: ReadModels): { from: number; to: number } | null {
  const { state } = derived(readModels);
  return state.status === 'Imported' ? { ...state.catalogue.period } : null;
}

/** 計画の見直し in the order they were recorded, with the position of each event. */
export function planRevisions(readModels: ReadModels): (PlanRevision & { position: bigint; actor: string })[] {
  const rows = stmt(readModels.db, `SELECT * FROM plan_revisions ORDER BY position`).safeIntegers(true).all() as {
    position: bigint;
    type: PlanRevision['type'];
    level: PlanRevision['level'];
    subject_id: string;
    item_id: string | null;
    reason: string;
    approved_by: string;
    actor: string;
    at: string;
    data: string;
  }[];
  return rows.map((r) => {
    const data = fromJson<{ by?: string }>(r.data);
    return {
      position: r.position,
      type: r.type,
      level: r.level,
      id: r.subject_id,
      subjectId: r.subject_id,
      ...(r.item_id === null ? {} : { itemId: r.item_id }),
      reason: r.reason,
      approvedBy: r.approved_by,
      by: data.by ?? r.actor,
      at: r.at,
      actor: r.actor,
    };
  });
}

/** The fiscal years opened so far, ascending, with their grading thresholds. */
export function fiscalYears(readModels: ReadModels): OpenFiscalYearRow[] {
  const rows = stmt(readModels.db, `SELECT * FROM plan_fiscal_years ORDER BY fiscal_year`).all() as {
    fiscal_year: number;
    thresholds: string;
    opened_at: string;
    opened_by: string;
  }[];
  return rows.map((r) => ({
    fiscalYear: r.fiscal_year,
    thresholds: fromJson(r.thresholds),
    openedAt: r.opened_at,
    openedBy: r.opened_by,
  }));
}

/** Every 部 the catalogue has known (retired ones too: their names are history), id → name. */
export function departmentNames(readModels: ReadModels): ReadonlyMap<string, string> {
  const { state } = derived(readModels);
  return new Map(state.status === 'Imported' ? state.catalogue.departments.map((d) => [d.id, d.name]) : []);
}
