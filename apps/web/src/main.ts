import '@fontsource/noto-sans-jp/japanese-400.css';
import '@fontsource/noto-sans-jp/japanese-700.css';
import './styles.css';
import { HyokaTheme } from './theme.js';
import { createPinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppI18n } from './i18n/index.js';
import { primeVueJa } from './i18n/primevue-ja.js';
import { createAppRouter } from './router.js';

const app = createApp(App);
app.use(createPinia());
app.use(createAppI18n('ja'));
app.use(PrimeVue, { theme: { preset: HyokaTheme, options: { darkModeSelector: false } }, locale: primeVueJa });
app.use(createAppRouter());
app.mount('#app');
