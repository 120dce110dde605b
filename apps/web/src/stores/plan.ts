import type { CombinedError } from '@urql/core';
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { FiscalYearsDocument, PlanDocument, type FiscalYearsQuery, type PlanQuery } from '../gql/generated.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../lib/grade-preview.js';
import { useSessionStore } from './session.js';

export type PlanData = PlanQuery['plan'];

/** The plan catalogue and the opened fiscal years: read once per session, they change only by 計画の見直し. */
export const usePlanStore = defineStore('plan', () => {
  const plan = shallowRef<PlanData | null>(null);
  const years = shallowRef<FiscalYearsQuery['fiscalYears']>([]);
  let loading: Promise<CombinedError | null> | null = null;

  function load(): Promise<CombinedError | null> {
    if (plan.value) return Promise.resolve(null);
    loading ??= (async () => {
      const client = useSessionStore().client();
      const [p, y] = await Promise.all([
        client.query(PlanDocument, {}).toPromise(),
        client.query(FiscalYearsDocument, {}).toPromise(),
      ]);
      loading = null;
      if (p.error || y.error) return p.error ?? y.error ?? null;
      plan.value = p.data?.plan ?? null;
      years.value = y.data?.fiscalYears ?? [];
      return null;
    })();
    return loading;
  }

  const itemsById = computed(() => new Map((plan.value?.items ?? []).map((i) => [i.id, i])));
  /** The plan's 部 (the organisation is data): retired ones keep their names for history, and are offered for nothing new. */
  const departmentsInForce = computed(() => (plan.value?.departments ?? []).filter((d) => !d.retired));
  const departmentName = (departmentId: string): string | null => (plan.value?.departments ?? []).find((d) => d.id === departmentId)?.name ?? null;
  /** After a change of the organisation: the next load reads the plan again. */
  function forget() {
    plan.value = null;
  }

  /** The year's stored thresholds; the plan's defaults before the year is opened. */
  function thresholdsOf(fiscalYear: number): Thresholds {
    const y = years.value.find((f) => f.fiscalYear === fiscalYear);
    return y ? { A: y.thresholds.A, B: y.thresholds.B, C: y.thresholds.C } : DEFAULT_THRESHOLDS;
  }

  return { plan, years, itemsById, departmentsInForce, departmentName, forget, load, thresholdsOf };
});
