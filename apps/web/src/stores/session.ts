import type { CombinedError } from '@urql/core';
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import { createApiClient, type ApiClient } from '../api/client.js';
import { ChangeOwnPasswordDocument, LoginDocument, LogoutDocument, ViewerDocument, type ViewerFieldsFragment } from '../gql/generated.js';

/** The plan period (中期経営計画 FY2025–2027). */
export const PLAN_YEARS = [2025, 2026, 2027] as const;
const YEAR_KEY = 'hyoka.fiscalYear';

function initialYear(): number {
  const stored = Number(globalThis.localStorage?.getItem(YEAR_KEY));
  return (PLAN_YEARS as readonly number[]).includes(stored) ? stored : PLAN_YEARS[0];
}

/** Who is signed in, the fiscal year being looked at, and the one API client of the app. */
export const useSessionStore = defineStore('session', () => {
  const api = shallowRef<ApiClient | null>(null);
  const viewer = ref<ViewerFieldsFragment | null>(null);
  const loaded = ref(false);
  const fiscalYear = ref(initialYear());

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
    return result.error ?? null;
  }

  async function login(loginName: string, password: string): Promise<CombinedError | null> {
    const result = await client().mutation(LoginDocument, { input: { loginName, password } }).toPromise();
    if (result.error || !result.data) return result.error ?? null;
    viewer.value = result.data.login;
    loaded.value = true;
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

  return { viewer, loaded, fiscalYear, departments, client, useClient, load, login, changeOwnPassword, logout, forget, setFiscalYear };
});
