import type { CombinedError } from '@urql/core';
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { FiscalYearsDocument, PlanDocument, type FiscalYearsQuery, type PlanQuery } from '../gql/generated.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../lib/grade-preview.js';
import { useSessionStore } from './session.js';

export type PlanData = PlanQuery['plan'];

const covers = (plan: PlanData, fiscalYear: number) => plan.periodFrom <= fiscalYear && fiscalYear <= plan.periodTo;

/**
 * The plan catalogue of the period being looked at, and the opened fiscal years: read once per period, they change
 * only by 計画の見直し (or a new period). A year of a finished period reads that period's plan (its items and names).
 */
export const usePlanStore = defineStore('plan', () => {
  const plan = shallowRef<PlanData | null>(null);
  const years = shallowRef<FiscalYearsQuery['fiscalYears']>([]);
  let yearsRead = false;
  const loading = new Map<number, Promise<CombinedError | null>>();

  /** The plan of the period holding `fiscalYear` (default: the year chosen in the header). */
  function load(fiscalYear?: number): Promise<CombinedError | null> {
    const year = fiscalYear ?? useSessionStore().fiscalYear;
    if (plan.value && covers(plan.value, year) && yearsRead) return Promise.resolve(null);
    let pending = loading.get(year);
    if (!pending) {
      pending = (async () => {
        const client = useSessionStore().client();
        const [p, y] = await Promise.all([
          client.query(PlanDocument, { fiscalYear: year }).toPromise(),
          yearsRead ? Promise.resolve(null) : client.query(FiscalYearsDocument, {}).toPromise(),
        ]);
        // a year no period holds (a remembered year of another store): the plan in force
        const read = p.error && p.error.graphQLErrors.some((e) => e.extensions?.['code'] === 'NOT_FOUND') ? await client.query(PlanDocument, {}).toPromise() : p;
        loading.delete(year);
        if (read.error || y?.error) return read.error ?? y?.error ?? null;
        plan.value = read.data?.plan ?? null;
        if (y) {
          years.value = y.data?.fiscalYears ?? [];
          yearsRead = true;
        }
        return null;
      })();
      loading.set(year, pending);
    }
    return pending;
  }

  /** Forget what was read (a new plan, period or year was recorded): the next load reads again. */
  function invalidate(): void {
    plan.value = null;
    years.value = [];
    yearsRead = false;
  }

  const itemsById = computed(() => new Map((plan.value?.items ?? []).map((i) => [i.id, i])));
  /** The plan's 部 (the organisation is data): retired ones keep their names for history, and are offered for nothing new. */
  const departmentsInForce = computed(() => (plan.value?.departments ?? []).filter((d) => !d.retired));
  const departmentName = (departmentId: string): string | null => (plan.value?.departments ?? []).find((d) => d.id === departmentId)?.name ?? null;

  /** The year's stored thresholds; the plan's defaults before the year is opened. */
  function thresholdsOf(fiscalYear: number): Thresholds {
    const y = years.value.find((f) => f.fiscalYear === fiscalYear);
    return y ? { A: y.thresholds.A, B: y.thresholds.B, C: y.thresholds.C } : DEFAULT_THRESHOLDS;
  }

  return { plan, years, itemsById, departmentsInForce, departmentName, load, invalidate, thresholdsOf };
});
