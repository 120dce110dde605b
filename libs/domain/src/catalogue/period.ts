import type { PlanCatalogue } from '@hyoka/catalogue';
import { IllegalTransitionError, ValidationError } from '../shared/errors.js';
import type { Command, DomainEvent } from '../shared/json.js';
import { LIMITS, requireText } from '../shared/validation.js';
import { catalogueProblems, type CatalogueState } from './catalogue.js';

/**
 * 計画期間: a 中期経営計画 covers a few fiscal years (FY2025–2027); the next one (FY2028–2030) is opened on the same
 * catalogue stream from an imported workbook. The finished period is kept whole (its catalogue, retirements and
 * revisions), so its years still evaluate, report and replay against the plan that was in force for them; revisions
 * (計画の見直し) change the current — the latest — period only.
 */

type Imported = Extract<CatalogueState, { status: 'Imported' }>;
/** One period as the fold keeps it: the catalogue in force with its retirements and revisions. */
export type PlanPeriodState = Omit<Imported, 'earlier'>;
/** Who opened a period after the first, when, why and with whose approval. */
export type PlanPeriodOpening = { reason: string; approvedBy: string; by: string; at: string };

export type OpenPlanPeriod = Command<'OpenPlanPeriod', { catalogue: PlanCatalogue; reason: string; approvedBy: string }>;
export type PlanPeriodOpened = DomainEvent<
  'PlanPeriodOpened',
  { catalogue: PlanCatalogue; reason: string; approvedBy: string; by: string; actingAs: string; at: string }
>;

const label = (period: { from: number; to: number }) => `${period.from}〜${period.to}年度`;

/** decide OpenPlanPeriod: a sound catalogue whose period begins after the current one ends. */
export function decideOpenPlanPeriod(
  data: Record<string, unknown>,
  state: CatalogueState,
  meta: { by: string; actingAs: string; at: string },
): PlanPeriodOpened[] {
  if (state.status !== 'Imported') {
    throw new IllegalTransitionError('計画カタログがまだ取り込まれていません。最初の計画は計画の取り込みとして記録してください');
  }
  const reason = requireText(data.reason, 'reason', { max: LIMITS.reason, multiline: true });
  const approvedBy = requireText(data.approvedBy, 'approvedBy', { max: LIMITS.approvedBy });
  const problems = catalogueProblems(data.catalogue);
  if (problems.length) {
    throw new ValidationError(`計画カタログに問題があります(${problems.length}件): ${problems.slice(0, 5).join('、')}`, { field: 'catalogue', problems });
  }
  const catalogue = structuredClone(data.catalogue as PlanCatalogue);
  const current = state.catalogue.period;
  if (catalogue.period.from <= current.to) {
    throw new IllegalTransitionError(
      `新しい計画期間(${label(catalogue.period)})は現在の計画期間(${label(current)})が終わった後に始まる必要があります`,
    );
  }
  return [{ type: 'PlanPeriodOpened', data: { ...meta, catalogue, reason, approvedBy } }];
}

/** evolve PlanPeriodOpened: the current period is kept whole and the new catalogue becomes the one in force. */
export function evolvePlanPeriodOpened(state: Imported, event: PlanPeriodOpened): CatalogueState {
  const { earlier = [], ...finished } = state;
  const { catalogue, reason, approvedBy, by, at } = event.data;
  return { status: 'Imported', catalogue, retired: {}, revisions: [], opened: { reason, approvedBy, by, at }, earlier: [...earlier, finished] };
}

/** Every period of the catalogue, oldest first (the last one is in force); empty before the import. */
export function planPeriodsOf(state: CatalogueState): PlanPeriodState[] {
  if (state.status !== 'Imported') return [];
  const { earlier = [], ...current } = state;
  return [...earlier, current];
}

/** The period whose years include `fiscalYear`, as a catalogue state of its own; undefined when none does. */
export function periodStateFor(state: CatalogueState, fiscalYear: number): PlanPeriodState | undefined {
  return planPeriodsOf(state).find((p) => p.catalogue.period.from <= fiscalYear && fiscalYear <= p.catalogue.period.to);
}

/** 「2025〜2027年度、2028〜2030年度」: the periods for a message. */
export const describePeriods = (state: CatalogueState): string =>
  planPeriodsOf(state)
    .map((p) => label(p.catalogue.period))
    .join('、');

/**
 * The catalogue state of the period a fiscal year belongs to, as if it were the only one (so every function of a
 * catalogue state — items, owners, retirements — answers for that year's plan); Empty when no period holds the year.
 */
export function catalogueStateFor(state: CatalogueState, fiscalYear: number): CatalogueState {
  const period = periodStateFor(state, fiscalYear);
  return period ?? { status: 'Empty' };
}
