import './fonts.css';
import './styles.css';
import { HyokaTheme } from './theme.js';
import { createPinia } from 'pinia';
import PrimeVue, { defaultOptions } from 'primevue/config';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppI18n, storedLocale } from './i18n/index.js';
import { primeVueLocale } from './i18n/primevue-ja.js';
import { createAppRouter } from './router.js';

const app = createApp(App);
app.use(createPinia());
const locale = storedLocale();
app.use(createAppI18n(locale));
app.use(PrimeVue, { theme: { preset: HyokaTheme, options: { darkModeSelector: false } }, locale: primeVueLocale(locale, defaultOptions.locale!) });
app.use(createAppRouter());
app.mount('#app');
