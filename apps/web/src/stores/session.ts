import type { CombinedError } from '@urql/core';
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import { createApiClient, type ApiClient } from '../api/client.js';
import {
  ChangeOwnPasswordDocument,
  LoginDocument,
  LogoutDocument,
  PlanPeriodsDocument,
  ViewerDocument,
  type PlanPeriodsQuery,
  type ViewerFieldsFragment,
} from '../gql/generated.js';

/** The shipped plan's period (中期経営計画 FY2025–2027): the years offered until the API has told the plan periods. */
export const PLAN_YEARS = [2025, 2026, 2027] as const;

export type PlanPeriod = PlanPeriodsQuery['planPeriods'][number];

const yearsOf = (p: Pick<PlanPeriod, 'periodFrom' | 'periodTo'>) => Array.from({ length: p.periodTo - p.periodFrom + 1 }, (_, i) => p.periodFrom + i);
const YEAR_KEY = 'hyoka.fiscalYear';

function initialYear(): number {
  const stored = Number(globalThis.localStorage?.getItem(YEAR_KEY));
  // checked against the plan periods once they are read (loadPeriods)
  return Number.isInteger(stored) && stored >= 2000 && stored <= 2100 ? stored : PLAN_YEARS[0];
}

/** Who is signed in, the fiscal year being looked at, and the one API client of the app. */
export const useSessionStore = defineStore('session', () => {
  const api = shallowRef<ApiClient | null>(null);
  const viewer = ref<ViewerFieldsFragment | null>(null);
  const loaded = ref(false);
  const fiscalYear = ref(initialYear());
  /** the plan periods, oldest first (the last one in force); empty until read or while the store has no plan */
  const periods = ref<PlanPeriod[]>([]);

  /** Every year of every plan period: what the fiscal-year picker offers. */
  const planYears = computed<number[]>(() => (periods.value.length ? periods.value.flatMap(yearsOf) : [...PLAN_YEARS]));
  /** The plan period of the year being looked at (its items are that year's plan). */
  const period = computed(() => periods.value.find((p) => p.periodFrom <= fiscalYear.value && fiscalYear.value <= p.periodTo) ?? null);
  /** The years of that period (the board's columns). */
  const periodYears = computed<number[]>(() => (period.value ? yearsOf(period.value) : planYears.value));

  /** Reads the plan periods; a remembered year no period holds gives way to the first year of the period in force. */
  async function loadPeriods(): Promise<void> {
    const result = await client().query(PlanPeriodsDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    if (result.error || !result.data?.planPeriods) return;
    periods.value = result.data.planPeriods;
    const current = periods.value.at(-1);
    if (current && !planYears.value.includes(fiscalYear.value)) fiscalYear.value = current.periodFrom;
  }

  function client() {
    if (!api.value) api.value = markRaw(createApiClient());
    return api.value.client;
  }

  /** For tests and embedding: use this client instead of one on window.location. */
  function useClient(custom: ApiClient) {
    api.value = markRaw(custom);
  }

  async function load(): Promise<CombinedError | null> {
    const result = await client().query(ViewerDocument, {}).toPromise();
    loaded.value = true;
    viewer.value = result.data?.viewer ?? null;
    // the picker's years follow when they arrive; nothing waits for them
    if (viewer.value) void loadPeriods();
    return result.error ?? null;
  }

  async function login(loginName: string, password: string): Promise<CombinedError | null> {
    const result = await client().mutation(LoginDocument, { input: { loginName, password } }).toPromise();
    if (result.error || !result.data) return result.error ?? null;
    viewer.value = result.data.login;
    loaded.value = true;
    void loadPeriods();
    // The WebSocket authenticates on connect: open the next one with the new session's cookie.
    api.value?.dispose();
    return null;
  }

  /** The API ends every session of the person and gives this browser a new one: reconnect the WebSocket with it. */
  async function changeOwnPassword(currentPassword: string, newPassword: string): Promise<CombinedError | null> {
    const result = await client().mutation(ChangeOwnPasswordDocument, { input: { currentPassword, newPassword } }).toPromise();
    if (result.error || !result.data) return result.error ?? null;
    viewer.value = result.data.changeOwnPassword;
    api.value?.dispose();
    return null;
  }

  async function logout(): Promise<void> {
    await client().mutation(LogoutDocument, {}).toPromise();
    forget();
  }

  /** Drops the local idea of who is signed in (after logout or an expired session). */
  function forget() {
    viewer.value = null;
    api.value?.dispose();
  }

  function setFiscalYear(year: number) {
    fiscalYear.value = year;
    globalThis.localStorage?.setItem(YEAR_KEY, String(year));
  }

  const departments = computed(() => [
    ...new Set((viewer.value?.roles ?? []).map((r) => r.departmentId).filter((d): d is string => d !== null)),
  ]);

  return {
    viewer,
    loaded,
    fiscalYear,
    periods,
    planYears,
    period,
    periodYears,
    departments,
    client,
    useClient,
    load,
    loadPeriods,
    login,
    changeOwnPassword,
    logout,
    forget,
    setFiscalYear,
  };
});
