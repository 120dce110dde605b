import { render, type RenderOptions } from '@testing-library/vue';
import { HyokaTheme } from '../theme.js';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import type { Component } from 'vue';
import { createMemoryHistory } from 'vue-router';
import { createAppI18n } from '../i18n/index.js';
import { primeVueJa } from '../i18n/primevue-ja.js';
import { createAppRouter } from '../router.js';
import { useSessionStore } from '../stores/session.js';
import type { ApiClient } from '../api/client.js';

/** Renders a page as the app would show it at `path`, with the given API client behind the session store. */
export async function renderPage(page: Component, path: string, api: ApiClient) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().useClient(api);
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  await router.isReady();
  return render(page, {
    global: {
      plugins: [pinia, createAppI18n('ja'), [PrimeVue, { theme: { preset: HyokaTheme }, locale: primeVueJa }], router],
    },
  });
}

/** Renders one component with the app's i18n (Japanese) and PrimeVue, without a router or an API. */
export function renderComponent<C>(component: C, options: RenderOptions<C> = {}) {
  return render(component, {
    ...options,
    global: { plugins: [createAppI18n('ja'), [PrimeVue, { theme: { preset: HyokaTheme }, locale: primeVueJa }]] },
  });
}
